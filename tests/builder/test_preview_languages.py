"""Previews of one course folder in two languages, side by side, each keep their own work
folder and database: starting the second does not reset the first."""

from __future__ import annotations

import sqlite3
import tempfile
import urllib.request
from pathlib import Path

import pytest
from latarnia_builder.preview import work_dir

from tests.builder.courses import FULL, copy_course
from tests.support import servers


def index(url: str) -> str:
    with urllib.request.urlopen(url + "/", timeout=30) as response:
        return response.read().decode()


def tables(database: Path) -> set[str]:
    with sqlite3.connect(database) as db:
        return {row[0] for row in db.execute("select name from sqlite_master where type='table'")}


def test_two_languages_of_one_course_have_two_databases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))  # the previews' temp folder
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # and this process's
    course = copy_course(FULL, tmp_path / "course")
    polish, english = (work_dir(course, lang) for lang in ("pl", "en"))
    assert polish != english
    with (
        servers.preview(course, tmp_path, "pl") as pl_url,
        servers.preview(course, tmp_path, "en") as en_url,
    ):
        assert "[en]" in index(en_url) and "[pl]" not in index(en_url)
        assert "[pl]" in index(pl_url) and "[en]" not in index(pl_url)
        databases = sorted((tmp_path / "tmp").rglob("workbench.db"))
        assert databases == [english / "var" / "workbench.db", polish / "var" / "workbench.db"]
        assert tables(polish / "var" / "workbench.db") == tables(english / "var" / "workbench.db")
        assert tables(polish / "var" / "workbench.db")
