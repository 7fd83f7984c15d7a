"""The release matrix: one nox session per supported Open edX release (`make test-releases`).

Each session builds a venv with the release's Python, installs the versions that release pins
(requirements/releases/<release>.txt, sources named at the top of each file), installs Latarnia
itself from the working tree *non-editable* (as an administrator's pip would), and runs the
in-process block tests, the Open edX-like tests and the course build tests. It writes what it
installed and how the tests went to build/compat/<release>.json; requirements/releases/
compat_table.py turns those files into docs/compatibility.md.

    .venv/bin/nox                      # every release
    .venv/bin/nox -s ulmo              # one release
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import nox
import nox.command

REPO = Path(__file__).resolve().parent
RELEASES_DIR = REPO / "requirements" / "releases"
RESULTS = REPO / "build" / "compat"

# name -> Tutor major version and Python of the release's images (openedx-notes.md, Tutor's docs).
RELEASES: dict[str, dict[str, str]] = {
    "teak": {"title": "Teak", "tutor": "20", "python": "3.11"},
    "ulmo": {"title": "Ulmo", "tutor": "21", "python": "3.11"},
    "verawood": {"title": "Verawood", "tutor": "22", "python": "3.12"},
}

# What the sessions run: no browser (the primary target's `make test` has those), no wheel test.
MARKERS = "not browser and not packaging"
TEST_PATHS = ["tests/xblocks", "tests/openedx", "tests/test_course.py"]
# The distributions whose installed versions the results record.
RECORDED = ["XBlock", "Django", "lxml", "nh3", "Jinja2", "Markdown", "PyYAML", "WebOb",
            "web-fragments", "MarkupSafe", "setuptools", "latarnia"]  # fmt: skip

nox.options.sessions = list(RELEASES)
# Venvs are kept between runs: the pins are re-applied and the project reinstalled every time.
nox.options.reuse_venv = "yes"
nox.options.download_python = "never"  # only interpreters already on the machine
nox.options.error_on_missing_interpreters = True


def find_python(version: str) -> str:
    """An interpreter of ``version`` ("3.11"): on PATH first, then pyenv's; else the bare version.

    The bare version lets nox report the missing interpreter itself.
    """
    candidates = [shutil.which(f"python{version}") or ""]
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        pyenv_root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True, check=True
        ).stdout.strip()
    candidates += sorted(
        (str(p) for p in Path(pyenv_root).glob(f"versions/{version}.*/bin/python{version}")),
        reverse=True,
    )
    probe = f"import sys; assert sys.version_info[:2] == {tuple(map(int, version.split('.')))}"
    for candidate in filter(None, candidates):
        ok = subprocess.run([candidate, "-c", probe], capture_output=True).returncode == 0
        if ok:
            return candidate
    return version


def junit_counts(path: Path) -> dict[str, int]:
    """Totals of a pytest JUnit XML report (all zero when the run wrote none)."""
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    if not path.exists():
        return counts
    for suite in ET.parse(path).getroot().iter("testsuite"):
        for key in counts:
            counts[key] += int(suite.get(key, 0))
    return counts


def failed_tests(path: Path) -> list[str]:
    """``file::test`` ids of the failed or erroring test cases of a JUnit XML report."""
    if not path.exists():
        return []
    failed = []
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            module, name = case.get("classname") or "", case.get("name") or ""
            # a module that failed to import has no class name: its name is the module's
            failed.append(f"{module}::{name}" if module else f"{name} (import)")
    return failed


INSPECT = """
import importlib.metadata as md, json, sys, latarnia_builder, latarnia_xblocks
names = sys.argv[1:]
versions = {}
for name in names:
    try:
        versions[name] = md.version(name)
    except md.PackageNotFoundError:
        versions[name] = None
print(json.dumps({
    "python": "%d.%d.%d" % sys.version_info[:3],
    "versions": versions,
    "imported_from": [latarnia_xblocks.__file__, latarnia_builder.__file__],
}))
"""


def run_release(session: nox.Session, release: str) -> None:
    started = time.monotonic()
    RESULTS.mkdir(parents=True, exist_ok=True)
    result_file = RESULTS / f"{release}.json"
    result_file.unlink(missing_ok=True)
    junit = RESULTS / f"{release}-junit.xml"
    junit.unlink(missing_ok=True)
    pins = f"requirements/releases/{release}.txt"
    tools = "requirements/releases/tools.txt"

    session.env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # The release's pins, its Django through XBlock's own extra, setuptools held below 81 (no
    # newer one than an Open edX image has), and the test tools.
    # Babel: the i18n tools (devtools.i18n) that tests/xblocks/test_i18n.py runs.
    # Latarnia itself comes from the working tree, non-editable (pip always rebuilds and reinstalls
    # a local directory): that proves it installs, with its declared dependencies, on that release.
    # setuptools builds a local directory in its build/lib, which it never empties: a module
    # deleted from the tree (builder/validate.py, say) would still be installed from there.
    for stale in [Path("build/lib"), *Path("build").glob("bdist.*")]:
        shutil.rmtree(stale, ignore_errors=True)
    session.install("-c", pins, "-c", tools, ".", "XBlock[django]", "setuptools", "Babel",
                    "pytest", "olxcleaner", "playwright", "axe-playwright-python")  # fmt: skip

    inspected = json.loads(
        session.run("python", "-c", INSPECT, *RECORDED, silent=True, external=False).strip()
    )
    site = [p for p in inspected["imported_from"] if "site-packages" in Path(p).parts]
    if len(site) != 2:
        session.error(f"latarnia_* imported from the working tree, not site-packages: {site}")

    paths = [p for p in TEST_PATHS if (REPO / p).exists()]
    tests_ok = True
    try:
        session.run(
            "python", "-m", "pytest", "-m", MARKERS, "-p", "no:cacheprovider",
            # a module that fails to import is reported, and the other modules still run
            "--continue-on-collection-errors",
            f"--junitxml={junit}", "-o", "junit_family=xunit2", *paths,
        )  # fmt: skip
    except nox.command.CommandFailed:
        tests_ok = False
    counts = junit_counts(junit)
    passed = tests_ok and counts["tests"] > 0 and not counts["failures"] and not counts["errors"]

    result = {
        "release": release,
        "title": RELEASES[release]["title"],
        "tutor": RELEASES[release]["tutor"],
        "python": inspected["python"],
        "versions": inspected["versions"],
        "constraints": pins,
        "test_paths": paths,
        "markers": MARKERS,
        "counts": counts,
        "failed": failed_tests(junit),
        "result": "pass" if passed else "fail",
        "date": datetime.date.today().isoformat(),
        "seconds": round(time.monotonic() - started, 1),
    }
    result_file.write_text(json.dumps(result, indent=2) + "\n")
    session.log(f"{release}: {result['result']} ({counts}) -> {result_file.relative_to(REPO)}")
    if not passed:
        session.error(f"the tests failed on {RELEASES[release]['title']}")


def _make_session(release: str) -> None:
    @nox.session(name=release, python=find_python(RELEASES[release]["python"]))
    def session(session: nox.Session) -> None:
        run_release(session, release)

    session.__doc__ = (
        f"Open edX {RELEASES[release]['title']} (Tutor {RELEASES[release]['tutor']}, "
        f"Python {RELEASES[release]['python']}): pins of requirements/releases/{release}.txt"
    )


for _release in RELEASES:
    _make_session(_release)
