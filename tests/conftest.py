"""Shared fixtures: headless Chromium (Debian's package) and the real servers learners meet."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import servers

FIXTURES = Path(__file__).parent / "fixtures"

# The machine's closed network makes Chromium's background services fail noisily; switch them off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise pytest.UsageError("Chromium not found: run `make test` (it installs Debian's chromium).")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright: use the system Chromium (Playwright cannot download its own here)."""
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def workbench_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running XBlock SDK workbench with the blocks' own scenarios (no SDK samples)."""
    with servers.workbench(tmp_path_factory.mktemp("workbench")) as url:
        yield url


@pytest.fixture(scope="session")
def preview_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the minimal course that a preview serves (tests may edit it)."""
    course = tmp_path_factory.mktemp("preview") / "course"
    shutil.copytree(FIXTURES / "minimal-course", course)
    return course


@pytest.fixture(scope="session")
def preview_url(preview_course: Path) -> Iterator[str]:
    """`latarnia preview` of the minimal course, as `make preview` runs it."""
    with servers.preview(preview_course, preview_course.parent) as url:
        yield url


@pytest.fixture(autouse=True)
def fresh_claims() -> Iterator[None]:
    """In-process runtimes reuse usage ids from test to test (Open edX's are unique): each test
    starts with no change claimed (latarnia_xblocks.mixins.one_change.OneChangeMixin)."""
    from latarnia_xblocks.mixins import one_change

    one_change._PROCESS_CLAIMS = one_change._ProcessClaims()
    claims = one_change._claims()  # Django's cache once a test has configured Django
    if claims is not one_change._PROCESS_CLAIMS:
        claims.clear()
    yield
