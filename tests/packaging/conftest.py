"""Fixtures of the packaging tests: the project built as `make dist` builds it, and installed the
way an administrator installs it (a wheel into a clean virtual environment, never editable)."""

from __future__ import annotations

import shutil
import sys

import pytest

from tests.packaging.support import CONSTRAINTS, REPO, Dist, Venv, make_venv, run


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """sdist, then the wheel built from that sdist (`python -m build`, as `make dist` does)."""
    out = tmp_path_factory.mktemp("dist")
    # From a copy of what a clone holds (plus uncommitted work): no egg-info, build/ or dist/ left
    # by an editable install, whose stale SOURCES.txt would fill gaps of MANIFEST.in.
    source = tmp_path_factory.mktemp("source") / "latarnia"
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO)
    for name in filter(None, listed.stdout.split("\0")):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    run([sys.executable, "-m", "build", "--outdir", out, source], cwd=out)
    (wheel,) = out.glob("latarnia-*.whl")
    (sdist,) = out.glob("latarnia-*.tar.gz")
    return Dist(wheel, sdist)


@pytest.fixture(scope="session")
def installed(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    """A clean venv of the project's Python with only the wheel and what it requires."""
    env = make_venv(tmp_path_factory.mktemp("wheel-venv") / "venv")
    run([env.python, "-m", "pip", "install", "-c", CONSTRAINTS, dist.wheel], cwd=env.path)
    return env
