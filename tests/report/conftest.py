"""The synthetic cohort every report test reads, and its report (English and Polish)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.report.cohort import CohortModel, Written, write_cohort


@contextmanager
def language(lang: str) -> Iterator[None]:
    before = os.environ.get("LATARNIA_LANG")
    os.environ["LATARNIA_LANG"] = lang
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("LATARNIA_LANG", None)
        else:
            os.environ["LATARNIA_LANG"] = before


@dataclass
class Made:
    cohort: Written
    out: Path
    summary: dict


def make(folder: Path, model: CohortModel | None = None, lang: str = "en", **options) -> Made:
    from latarnia_builder.report import make_report

    cohort = write_cohort(folder, model)
    with language(lang):
        result = make_report(
            cohort.course, cohort.grades, cohort.responses, folder / "out", **options
        )
    return Made(cohort, folder / "out", result.summary)


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """The default cohort (850 learners, two runs, two tracks), reported in English."""
    return make(tmp_path_factory.mktemp("cohort"))


@pytest.fixture(scope="session")
def made_pl(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return make(tmp_path_factory.mktemp("cohort-pl"), lang="pl")
