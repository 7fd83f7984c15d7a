"""Keys renamed to the names the model and the OLX use: the old names keep working with a
warning each, ``latarnia upgrade`` renames them in place, and both names at once is an error.

``old-keys-course`` is ``full-course`` with every renamed key under its old name."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator
from latarnia_builder.cli import main
from latarnia_builder.upgrade import upgrade

from tests.builder.courses import FULL, MINIMAL, OLD_KEYS, copy_course

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[2] / "builder" / "schema" / "latarnia.schema.json"
    ).read_text()
)
RENAMED = {
    "ask": "prompt",
    "attempts": "max_attempts",
    "reset": "allow_reset",
    "left": "text",
    "right": "match",
    "goto": "next",
    "summary": "text",
    "note": "intro",
    "pass": "pass_mark",
}


def olx_files(out: Path) -> dict[str, str]:
    """Every file of every language's OLX folder → its digest."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.glob("*/course/**/*"))
        if p.is_file()
    }


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    return code, capsys.readouterr().out.splitlines()


def test_old_keys_build_the_same_olx_with_one_warning_per_old_key(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_course(OLD_KEYS, in_tmp / "old")
    copy_course(FULL, in_tmp / "new")
    old_keys = upgrade(in_tmp / "old", write=False)
    assert {(r.old, r.new) for r in old_keys} == set(RENAMED.items())  # every rename is tried

    code, lines = run(capsys, "build", "old", "-o", "out-old")
    assert code == 0
    warnings = [line for line in lines if ": warning: " in line]
    assert len(warnings) == len(old_keys)
    for rename, line in zip(old_keys, warnings, strict=True):
        assert line == (
            f"{rename.where}: warning: '{rename.old}' is now called '{rename.new}' — "
            "rename the key (latarnia upgrade does it for you)"
        )
    assert main(["build", "new", "-o", "out-new"]) == 0
    assert ": warning: " not in capsys.readouterr().out
    assert olx_files(in_tmp / "out-old") == olx_files(in_tmp / "out-new")


def test_check_warns_about_old_keys_and_strict_fails(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_course(OLD_KEYS, in_tmp / "course")
    code, lines = run(capsys, "check", "course")
    assert code == 0
    assert "course/course.yaml:11:3: warning: 'pass' is now called 'pass_mark'" in lines[0]
    old_keys = len(upgrade(in_tmp / "course", write=False))
    assert (
        f"{old_keys} keys have an old name: 'latarnia upgrade course' renames them." in (lines[-2])
    )
    assert main(["check", "course", "--strict"]) == 1


def test_upgrade_renames_only_the_keys_and_makes_check_strict_clean(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(OLD_KEYS, in_tmp / "course")
    expected = upgrade(course, write=False)

    code, lines = run(capsys, "upgrade", "course", "--check")
    assert code == 1
    assert lines[:-1] == [f"{r.where}: '{r.old}' would be renamed '{r.new}'" for r in expected]
    assert (course / "pl" / "lessons" / "oferta.yaml").read_bytes() == (
        OLD_KEYS / "pl" / "lessons" / "oferta.yaml"
    ).read_bytes()  # --check writes nothing

    code, lines = run(capsys, "upgrade", "course")
    assert code == 0
    assert lines[:-1] == [f"{r.where}: '{r.old}' renamed '{r.new}'" for r in expected]
    assert lines[-1] == f"{len(expected)} keys renamed."
    # Only the keys changed: the upgraded files are those of the course written with new keys.
    for path in sorted(FULL.rglob("*.yaml")):
        assert (course / path.relative_to(FULL)).read_bytes() == path.read_bytes(), path

    code, lines = run(capsys, "check", "course", "--strict")
    assert not [line for line in lines if "is now called" in line]
    copy_course(FULL, in_tmp / "new")
    assert (code, lines) == (
        main(["check", "new", "--strict"]),  # full-course's own warnings, and no other
        [
            line.replace("new/", "course/").replace(" in new ", " in course ")
            for line in capsys.readouterr().out.splitlines()
        ],
    )
    assert main(["upgrade", "course", "--check"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Every key of course has its current name."
    assert main(["build", "course", "-o", "out-upgraded"]) == 0
    assert main(["build", "new", "-o", "out-new"]) == 0
    assert olx_files(in_tmp / "out-upgraded") == olx_files(in_tmp / "out-new")


def test_upgrade_keeps_quotes_comments_line_endings_and_the_byte_order_mark(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(FULL, in_tmp / "course")
    lesson = course / "pl" / "lessons" / "oferta.yaml"
    text = lesson.read_text(encoding="utf-8")
    old = (
        text.replace("prompt:", '"ask":  # the question\n               ', 1)
        .replace("next:", "'goto':", 1)
        .replace("\n", "\r\n")
    )
    lesson.write_bytes(b"\xef\xbb\xbf" + old.encode())
    assert main(["upgrade", "course"]) == 0
    new = lesson.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf")
    assert new.decode("utf-8-sig") == (
        text.replace("prompt:", '"prompt":  # the question\n               ', 1)
        .replace("next:", "'next':", 1)
        .replace("\n", "\r\n")
    )
    capsys.readouterr()
    assert main(["upgrade", "course", "--check"]) == 0


def test_an_upgraded_course_passes_check_strict(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(MINIMAL, in_tmp / "course")
    for path in course.rglob("*.yaml"):  # the minimal course as written before the renames
        text = path.read_text(encoding="utf-8")
        for new, old in (
            ("pass_mark:", "pass:"),
            ("max_attempts:", "attempts:"),
            ("prompt:", "ask:"),
        ):
            text = text.replace(new, old)
        path.write_text(text, encoding="utf-8")
    assert main(["check", "course", "--strict"]) == 1
    assert main(["upgrade", "course"]) == 0
    capsys.readouterr()
    code, lines = run(capsys, "check", "course", "--strict")
    assert (code, lines) == (0, ["No problems found in course (pl; 1 lesson)."])


def test_the_old_and_the_new_name_in_one_mapping_is_an_error(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(FULL, in_tmp / "course")
    settings = course / "course.yaml"
    settings.write_text(
        settings.read_text().replace("pass_mark: 0.6", "pass_mark: 0.6\n  pass: 0.5")
    )
    code, lines = run(capsys, "check", "course")
    assert code == 1
    assert (
        "course/course.yaml:12:3: 'pass' is the old name of 'pass_mark', which is written here "
        "too — keep only 'pass_mark'"
    ) in lines
    assert upgrade(course, write=False) == []  # nothing to rename: which one to keep is yours


def test_the_schema_accepts_old_names_as_deprecated_but_not_both_names() -> None:
    validator = Draft7Validator(SCHEMA)
    for path in sorted(OLD_KEYS.rglob("*.yaml")):
        value = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        assert list(validator.iter_errors(value)) == [], path
    quiz = SCHEMA["definitions"]["lesson"]
    assert "deprecated" in json.dumps(quiz)
    settings = yaml.safe_load((FULL / "course.yaml").read_text())
    settings["grading"]["pass"] = 0.5
    assert list(validator.iter_errors(json.loads(json.dumps(settings, default=str)))) != []
