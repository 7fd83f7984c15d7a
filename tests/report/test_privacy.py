"""Aggregates only: no username or email anywhere, small cells hidden with their complements,
and the pseudonymised learners' file only on request, with a warning."""

from __future__ import annotations

import csv
import json

import pytest
from latarnia_builder.report.privacy import MIN_CELL, suppress

from tests.report.cohort import CohortModel
from tests.report.conftest import language, make

COUNTS = ("took_pretest", "took_final", "matched", "pretest_only", "final_only")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A cohort where the English run and its tracks hold only a handful of learners."""
    return make(
        tmp_path_factory.mktemp("small"),
        CohortModel(sizes={"pl": 60, "en": 7}, seed=5),
        learners_key=b"0123456789abcdef-secret",
    )


def every_output(out):
    return {path.name: path.read_text(encoding="utf-8") for path in out.iterdir()}


def test_no_output_holds_a_username_or_an_email(made, small):
    for result in (made, small):
        people = result.cohort.people
        for name, text in every_output(result.out).items():
            assert "@example.org" not in text, name
            assert "learner0" not in text, name  # every username starts so
            for person in people[:50]:
                assert person.username not in text


def test_every_small_cell_is_hidden(small):
    summary = small.summary
    scopes = [*summary["tracks"], summary["all_tracks"]]
    shown = [s["counted"][k] for s in scopes for k in COUNTS]
    assert not [n for n in shown if n is not None and 0 < n < MIN_CELL]
    assert any(n is None for n in shown)  # the cohort has small cells: they were hidden
    for run, n in summary["enrolled"]["by_run"].items():
        assert n is None or n >= MIN_CELL, run
    for track in summary["tracks"]:
        for band in ("pretest", "final"):
            counts = track["distribution"][band]
            assert not [n for n in counts if n is not None and 0 < n < MIN_CELL]
        for row in track["pairs"]:
            for key in ("improved", "worsened"):
                assert row[key] is None or row[key] == 0 or row[key] >= MIN_CELL
            if row["correct_before"] is not None:
                count = round(row["correct_before"] * row["n"] / 100)
                assert not (0 < count < MIN_CELL or 0 < row["n"] - count < MIN_CELL)
        for test in track["items"].values():
            for q in test["questions"]:
                for option in q["options"]:
                    if option["chosen"] is not None:
                        count = round(option["chosen"] * test["n"] / 100)
                        assert count == 0 or count >= MIN_CELL


def test_no_hidden_count_follows_from_the_totals(small):
    """Complementary suppression: in every sum the report shows, no single cell is hidden."""
    summary = small.summary
    scopes = [*summary["tracks"], summary["all_tracks"]]
    for s in scopes:
        c = s["counted"]
        for total, part in (("took_pretest", "pretest_only"), ("took_final", "final_only")):
            hidden = [k for k in (total, "matched", part) if c[k] is None]
            assert len(hidden) != 1, (s["id"], hidden)
    for key in COUNTS:
        column = [s["counted"][key] for s in scopes]
        assert sum(v is None for v in column) != 1, key
    by_run = [*summary["enrolled"]["by_run"].values(), summary["enrolled"]["total"]]
    assert sum(v is None for v in by_run) != 1
    for track in summary["tracks"]:
        for band in ("pretest", "final"):
            counts = track["distribution"][band]
            assert sum(v is None for v in counts) != 1


def test_hidden_cells_are_explained_in_every_output(small):
    html = (small.out / "report.html").read_text(encoding="utf-8")
    assert "fewer than 10 learners" in html
    assert ">hidden<" in html
    with open(small.out / "counted.csv", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert any(r["suppressed"] for r in rows)
    assert all(r[k] == "" for r in rows for k in r["suppressed"].split(";") if k)
    summary = json.loads((small.out / "summary.json").read_text(encoding="utf-8"))
    assert summary["min_cell"] == MIN_CELL


def test_suppression_hides_complements_until_no_sum_has_one_unknown():
    cells = {"total": 40, "a": 3, "b": 12, "c": 25}
    hidden = suppress(cells, [("total", ["a", "b", "c"])])
    assert hidden == {"a", "b"}  # 3 is small; 12, the next smallest, protects it
    assert suppress({"t": 30, "x": 0, "y": 30}, [("t", ["x", "y"])]) == set()


def test_the_learners_file_is_pseudonymised_and_announced(small):
    path = small.out / "learners-pseudonymised.csv"
    with open(path, encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows and set(rows[0]) == {"pseudonym", "track", "pretest_score", "final_score"}
    assert all(len(r["pseudonym"]) == 16 for r in rows)
    from latarnia_builder.report.privacy import pseudonym

    person = small.cohort.people[0]
    expected = pseudonym(b"0123456789abcdef-secret", person.run, person.username)
    assert expected in {r["pseudonym"] for r in rows}
    assert pseudonym(b"another key of 16+ chars", person.run, person.username) != expected


def test_the_command_warns_and_needs_a_key(small, tmp_path, capsys, monkeypatch):
    from latarnia_builder.cli import main

    monkeypatch.delenv("LATARNIA_REPORT_KEY", raising=False)
    args = ["report", str(small.cohort.course), "--grades", *map(str, small.cohort.grades)]
    args += ["--responses", *map(str, small.cohort.responses), "-o", str(tmp_path / "r")]
    with language("en"):
        assert main([*args, "--include-learners"]) == 2
        assert "secret key" in capsys.readouterr().err
        monkeypatch.setenv("LATARNIA_REPORT_KEY", "a long enough secret key")
        assert main([*args, "--include-learners"]) == 0
        err = capsys.readouterr().err
    assert "WARNING" in err and "learners-pseudonymised.csv" in err
    assert (tmp_path / "r" / "learners-pseudonymised.csv").is_file()
