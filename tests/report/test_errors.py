"""CSVs that are not what the report expects are refused with a message naming the file, the
row and the column, exit status 1, and never a traceback; a UTF-8 byte order mark is fine."""

from __future__ import annotations

import shutil

import pytest

from tests.report.conftest import language


@pytest.fixture
def files(made, tmp_path):
    """Copies of the cohort's reports (Polish run) that a test may spoil."""
    grades = tmp_path / made.cohort.grades[0].name
    responses = tmp_path / made.cohort.responses[0].name
    shutil.copy(made.cohort.grades[0], grades)
    shutil.copy(made.cohort.responses[0], responses)
    return made.cohort.course, grades, responses


def run(capsys, course, grades, responses, out):
    from latarnia_builder.cli import main

    with language("en"):
        status = main(
            [
                "report",
                str(course),
                "--grades",
                str(grades),
                "--responses",
                str(responses),
                "-o",
                str(out),
            ]
        )
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.out, captured.err


def test_the_original_files_are_read(files, capsys, tmp_path):
    status, out, err = run(capsys, *files, tmp_path / "out")
    assert (status, err) == (0, "")
    assert "report.html" in out


def test_a_byte_order_mark_is_accepted(files, capsys, tmp_path):
    course, grades, responses = files
    grades.write_bytes(b"\xef\xbb\xbf" + grades.read_bytes())
    assert run(capsys, course, grades, responses, tmp_path / "out")[0] == 0


def spoil(path, old: bytes, new: bytes, count: int = 1):
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, count))


@pytest.mark.parametrize(
    ("which", "change", "expected"),
    [
        # a spreadsheet saved it again with semicolons
        (
            "grades",
            lambda p: p.write_bytes(p.read_bytes().replace(b",", b";")),
            [":row 1: the columns are separated by semicolons", "download the original"],
        ),
        (
            "responses",
            lambda p: p.write_bytes(p.read_bytes().replace(b",", b"\t")),
            [":row 1: the columns are separated by tabs"],
        ),
        # saved as "Unicode text" (UTF-16)
        (
            "grades",
            lambda p: p.write_bytes(p.read_bytes().decode().encode("utf-16")),
            ["UTF-16", "CSV UTF-8"],
        ),
        # saved in Windows-1250
        (
            "responses",
            lambda p: p.write_bytes(p.read_bytes().decode().encode("cp1250")),
            ["line 2, character", "not UTF-8", "Windows-1250"],
        ),
        # a decimal comma in a score
        (
            "responses",
            lambda p: spoil(p, b",1.0,block-v1", b',"1,0",block-v1'),
            [":row 2:column 'Score' (M): '1,0' is not a number", "decimal comma"],
        ),
        # a row cut short
        (
            "grades",
            lambda p: spoil(p, b"\r\n2,", b"\r\n2,x,\r\n2,"),
            [":row 3: this row has 3 cells, the header 17"],
        ),
        # the files given the other way round
        ("grades", "swap", ["this is the Problem Responses report, given as the Problem Grade"]),
        # a report of another kind
        (
            "grades",
            lambda p: p.write_bytes(b"id,username,name,email\r\n1,a,b,c\r\n"),
            [
                ":row 1:column 'id' (A): this is not the Problem Grade Report",
                "expected: Student ID",
            ],
        ),
        # a responses report of another course
        (
            "responses",
            lambda p: p.write_bytes(p.read_bytes().replace(b"SYN101", b"OTHER9")),
            [":row 2:column 'block_key' (N): this row is of another course (KWP-Szczecin+OTHER9"],
        ),
        # a grade report of another course
        (
            "grades",
            lambda p: p.write_bytes(p.read_bytes().replace(b"Test ko", b"Egzamin ko")),
            ["this grade report is of another course", "column 'Test wst"],
        ),
        # the responses of another block type only
        (
            "responses",
            lambda p: p.write_bytes(p.read_bytes().split(b"\r\n")[0] + b"\r\n"),
            ["no answer to a pre-test or final test"],
        ),
        ("grades", lambda p: p.write_bytes(b""), ["the file is empty"]),
        (
            "responses",
            lambda p: spoil(p, b"\r\nlearner", b'\r\n"learner'),
            ["not a well-formed CSV file"],
        ),
    ],
)
def test_a_csv_that_is_not_what_is_expected_is_refused(
    files, capsys, tmp_path, which, change, expected
):
    course, grades, responses = files
    if change == "swap":
        grades, responses = responses, grades
    path = grades if which == "grades" else responses
    if change != "swap":
        change(path)
    status, _out, err = run(capsys, course, grades, responses, tmp_path / "out")
    assert status == 1, err
    assert err.startswith(f"latarnia: error: {path}")
    for text in expected:
        assert text in err
    assert not (tmp_path / "out" / "report.html").exists()


def test_a_missing_file_or_folder_is_a_usage_error(files, capsys, tmp_path):
    course, grades, responses = files
    assert run(capsys, course, tmp_path / "nothing.csv", responses, tmp_path / "o")[0] == 2
    assert run(capsys, tmp_path / "nowhere", grades, responses, tmp_path / "o")[0] == 2
