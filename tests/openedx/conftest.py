"""The built course, imported into the Open edX-like platform of ``platform.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from latarnia_builder.build import BuildSession

from tests.openedx.platform import OpenEdx

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built_course(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real course, built once: language -> OLX folder."""
    result = BuildSession(REPO / "course", tmp_path_factory.mktemp("built")).build(archive=False)
    assert result.ok, "\n".join(map(str, result.problems))
    return result.olx_dirs


@pytest.fixture(params=["pl", "en"])
def lms(request: pytest.FixtureRequest, built_course: dict[str, Path]) -> OpenEdx:
    """One language of the course imported into a fresh Open edX-like LMS."""
    platform = OpenEdx(course_key=f"KWP-Szczecin+HL101+2026-{request.param}")
    platform.import_course(built_course[request.param])
    return platform
