"""The Problem Responses report read column-wise with Arrow, for files of millions of rows.

``read.read_responses`` tries this first. It applies exactly the rules of the row-by-row reader
(``read._read_responses_by_row``) but on whole batches with NumPy, and gives up (returns None)
at the first thing it does not expect — a cell that is not a number, a question the course
does not have, a row of another course — so that the row-by-row reader reads the file again and
names the row and column. Without pyarrow (it is part of the ``report`` extra) it always gives up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from latarnia_builder.report.course import CourseMap
    from latarnia_builder.report.read import Cohort, Progress

COLUMNS = ("username", "block_key", "Question ID", "Score", "Max score", "Correct", "Answer ID")
BLOCK_BYTES = 4 << 20  # Arrow reads the file in blocks of this size (memory: a few blocks)


class GiveUp(Exception):
    """Something the row-by-row reader must look at."""


def read_responses(
    path: Path, header: list[str], course: CourseMap, cohort: Cohort, progress: Progress | None
) -> set[str] | None:
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    options = {
        "read_options": pacsv.ReadOptions(block_size=BLOCK_BYTES),
        "parse_options": pacsv.ParseOptions(newlines_in_values=True),
        "convert_options": pacsv.ConvertOptions(
            include_columns=list(COLUMNS),
            column_types=dict.fromkeys(COLUMNS, pa.string()),
            strings_can_be_null=False,
        ),
    }
    blocks: dict[str, Any] = {}
    runs: set[str] = set()
    size = path.stat().st_size
    done = 0
    try:
        with pacsv.open_csv(path, **options) as reader:
            for batch in reader:
                _batch(batch, path, header, course, cohort, blocks, runs)
                done += batch.nbytes
                if progress is not None:
                    progress(min(done, size), size)
    except (GiveUp, pa.ArrowException, ValueError, UnicodeDecodeError):
        return None
    if progress is not None:
        progress(size, size)
    return runs


# (long: one Arrow batch, column-wise; its steps share a dozen arrays)
def _batch(batch, path, header, course, cohort, blocks, runs) -> None:
    import pyarrow.compute as pc
    from latarnia_builder.report.read import CORRECT, CsvError, _block

    column = {name: batch.column(batch.schema.get_field_index(name)) for name in COLUMNS}
    keys = column["block_key"].dictionary_encode()
    key_of_row = keys.indices.to_numpy(zero_copy_only=False)
    question_ids = column["Question ID"].dictionary_encode()
    question_of_row = question_ids.indices.to_numpy(zero_copy_only=False)
    question_names = question_ids.dictionary.to_pylist()
    users = column["username"].dictionary_encode()
    user_of_row = users.indices.to_numpy(zero_copy_only=False)
    user_names = users.dictionary.to_pylist()
    answer_ids = column["Answer ID"].dictionary_encode()
    answer_of_row = answer_ids.indices.to_numpy(zero_copy_only=False)
    answer_names = answer_ids.dictionary.to_pylist()
    correct = pc.equal(column["Correct"], CORRECT).to_numpy(zero_copy_only=False)
    answered = np.array([name != "" for name in question_names], dtype=bool)[question_of_row]

    def numbers(name: str, rows: np.ndarray) -> np.ndarray:
        """The cells of ``rows`` as numbers (only rows the slow reader would read too)."""
        try:
            taken = pc.take(column[name], rows)
            return pc.cast(taken, "float64").to_numpy(zero_copy_only=False)
        except Exception as refused:
            raise GiveUp from refused

    for k, key in enumerate(keys.dictionary.to_pylist()):
        if key not in blocks:
            try:  # row and column do not matter: any refusal sends the file to the slow reader
                blocks[key] = _block(path, key, 0, 0, header, course, cohort)
            except CsvError as refused:
                raise GiveUp from refused
            if blocks[key] is not None:
                cohort.response_runs.add(blocks[key][0])
                runs.add(blocks[key][0])
        rows = np.flatnonzero(key_of_row == k)
        block = blocks[key]
        if block is None:
            cohort.ignored_rows += len(rows)
            continue
        rows = rows[answered[rows]]
        if not len(rows):
            continue
        run, answers, index_of = block
        q_of_name = np.array([index_of.get(name, -1) for name in question_names], dtype=np.int64)
        q = q_of_name[question_of_row[rows]]
        if (q < 0).any():
            raise GiveUp  # a question the course does not have
        line_of_user = np.full(len(user_names), -1, dtype=np.int64)
        for u in np.unique(user_of_row[rows]):
            line_of_user[u] = answers.row(cohort.learner(run, user_names[u]))
        line = line_of_user[user_of_row[rows]]
        top = numbers("Max score", rows)
        got = numbers("Score", rows)
        answers.scores[line, q] = np.where(top > 0, got / np.where(top > 0, top, 1), 0.0)
        answers.correct[line, q] = correct[rows]
        pairs = q * len(answer_names) + answer_of_row[rows]
        unique, inverse = np.unique(pairs, return_inverse=True)
        code_of_pair = np.empty(len(unique), dtype=np.int32)
        for i, pair in enumerate(unique):
            question, answer = divmod(int(pair), len(answer_names))
            codes = answers.codes[question]
            name = answer_names[answer]
            code = codes.get(name)
            if code is None:
                code = codes[name] = len(codes)
            code_of_pair[i] = code
        answers.answers[line, q] = code_of_pair[inverse]
