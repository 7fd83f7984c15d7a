"""The column-wise reader (report/fast.py) reads the Problem Responses report exactly as the
row-by-row reader does, and hands every file it cannot take to the row-by-row reader."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from latarnia_builder.report import course as course_map
from latarnia_builder.report import fast, read

from tests.report import cohort


def read_with(monkeypatch: pytest.MonkeyPatch, written, fast_path: bool) -> read.Cohort:
    if not fast_path:
        monkeypatch.setattr(fast, "read_responses", lambda *args: None)
    else:  # make sure the column-wise reader did the work
        original = fast.read_responses

        def only_fast(*args):
            runs = original(*args)
            assert runs is not None, "the column-wise reader gave up on a well-formed file"
            return runs

        monkeypatch.setattr(fast, "read_responses", only_fast)
    cm = course_map.read_course(written.course, "en")
    return read.read_all(cm, written.grades, written.responses)


def answers_by_name(cohort: read.Cohort) -> dict:
    """Every answer as (run, username, test, question) -> (score, correct, answer id)."""
    names = {index: key for key, index in cohort.learners.items()}
    found = {}
    for url_name, answers in cohort.answers.items():
        learners, scores, correct, codes = answers.arrays()
        labels = [{code: name for name, code in c.items()} for c in answers.codes]
        for row, learner in enumerate(learners):
            for q, question in enumerate(answers.test.questions):
                if codes[row, q] == read.UNANSWERED:
                    continue
                key = (*names[int(learner)], url_name, question.id)
                score = None if np.isnan(scores[row, q]) else round(float(scores[row, q]), 9)
                found[key] = (score, bool(correct[row, q]), labels[q][int(codes[row, q])])
    return found


def test_both_readers_read_the_same_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    written = cohort.write_cohort(tmp_path)
    by_row = read_with(monkeypatch, written, fast_path=False)
    monkeypatch.undo()
    column_wise = read_with(monkeypatch, written, fast_path=True)
    expected = answers_by_name(by_row)
    assert expected and answers_by_name(column_wise) == expected
    assert column_wise.ignored_rows == by_row.ignored_rows
    assert column_wise.response_runs == by_row.response_runs


def test_a_file_the_column_wise_reader_cannot_take_is_read_row_by_row(tmp_path: Path):
    """A decimal comma in one score: the column-wise reader gives up, and the row-by-row reader
    names the row and column, as it always did."""
    written = cohort.write_cohort(tmp_path)
    path = written.responses[0]
    with path.open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    score = rows[0].index("Score")
    question = rows[0].index("Question ID")
    target = next(i for i, row in enumerate(rows[1:], 2) if row[question] and row[score] == "1.0")
    rows[target - 1][score] = "1,0"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    cm = course_map.read_course(written.course, "en")
    header = read._header(path, read._rows(path, None))
    empty = read.Cohort(answers={url: read.TestAnswers(test) for url, test in cm.tests.items()})
    assert fast.read_responses(path, header, cm, empty, None) is None
    with pytest.raises(read.CsvError) as refused:
        read.read_all(cm, written.grades, written.responses)
    assert f":row {target}:column 'Score'" in str(refused.value)
