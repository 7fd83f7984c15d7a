"""The preview shows what `latarnia check` warns of (keys under an old name, advice on the
content), not only the problems that stop a build: on every page, folded, and once in the
terminal until they change."""

from __future__ import annotations

from pathlib import Path

import pytest
from latarnia_builder import preview
from latarnia_builder.build import BuildSession
from latarnia_builder.preview_page import PreviewStatus

from tests.builder.courses import OLD_KEYS, copy_course


@pytest.fixture
def status(monkeypatch: pytest.MonkeyPatch) -> PreviewStatus:
    fresh = PreviewStatus()
    monkeypatch.setattr(preview, "STATUS", fresh)
    monkeypatch.setattr(preview, "TERMINAL", preview._Terminal())
    return fresh


def rebuild(session: BuildSession, shown_from: Path) -> None:
    # ``show`` loads the pages into the workbench: what it does is the browser tests' concern.
    preview.rebuild(session, "pl", lambda pages: len(pages), shown_from)


def test_old_keys_show_as_warnings_once_in_the_terminal(
    tmp_path: Path, status: PreviewStatus, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(OLD_KEYS, tmp_path / "course")
    session = BuildSession(course, tmp_path / "out", ["pl"])
    rebuild(session, tmp_path)
    printed = capsys.readouterr().err
    lesson = "course/pl/lessons/oferta.yaml"
    assert f"{lesson}:" in printed and "warning: 'goto' is now called 'next'" in printed
    warnings = [p for p in status.problems if p.warning]
    assert warnings and all(p.where.startswith("course/") for p in warnings)
    # and the advice `check` gives on content that builds (a help number checked long ago)
    assert any("help contact" in p.message for p in warnings)
    assert not [p for p in status.problems if not p.warning]  # it builds: no problem
    assert "warnings: the course builds" in status.as_json()["banner"]

    rebuild(session, tmp_path)  # nothing changed: the same warnings are not printed again
    assert "warning:" not in capsys.readouterr().err
    assert status.problems == tuple(warnings)

    text = (course / "pl" / "lessons" / "oferta.yaml").read_text(encoding="utf-8")
    (course / "pl" / "lessons" / "oferta.yaml").write_text(
        text.replace("goto:", "next:"), encoding="utf-8"
    )
    rebuild(session, tmp_path)  # they changed: printed again, without the renamed ones
    printed = capsys.readouterr().err
    assert "warning:" in printed and "'goto' is now called" not in printed
    assert len([p for p in status.problems if p.warning]) < len(warnings)


def test_problems_and_warnings_are_shown_together(
    tmp_path: Path, status: PreviewStatus, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(OLD_KEYS, tmp_path / "course")
    session = BuildSession(course, tmp_path / "out", ["pl"])
    lesson = course / "pl" / "lessons" / "oferta.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "nieznany: 1\n", encoding="utf-8")
    rebuild(session, tmp_path)
    kinds = [p.warning for p in status.problems]
    assert False in kinds and True in kinds
    assert kinds.index(False) < kinds.index(True)  # the problems first
    html = status.as_json()["banner"]
    assert html.index('role="alert"') < html.index("<details")
    assert "the pages show the problems above" in capsys.readouterr().err
