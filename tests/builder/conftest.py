"""Fixtures of the builder's tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in a temporary folder, so that reported paths read 'course/…'."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The expected outputs are in English, whatever the language of the machine running us."""
    monkeypatch.setenv("LATARNIA_LANG", "en")
