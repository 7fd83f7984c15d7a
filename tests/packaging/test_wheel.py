"""The package as administrators install it: `make dist`'s wheel, installed into a clean venv.

Promises: the wheel carries everything the blocks and the builder read at run time (templates,
static files, compiled catalogues, the JSON schema) and the licence; installed with pip from a
temporary folder, with nothing of the repository on sys.path, it builds the course and every
block of that course renders from the installed classes; the installed import names carry the
project's name; and it pulls no distribution that Open edX does not already have.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.packaging.support import REPO, Dist, Venv, run

pytestmark = pytest.mark.packaging

# The distributions `install_requires` names: each is pinned by openedx-platform itself.
DECLARED = {"xblock", "nh3", "jinja2", "markdown", "pyyaml", "lxml", "webob", "web-fragments"}
# What those pull in, all also pinned in openedx-platform's requirements/edx/base.txt (Ulmo and
# Verawood): XBlock's own dependencies (fs, mako, pytz, simplejson, edx-opaque-keys and theirs).
OPENEDX_HAS = DECLARED | {
    "appdirs",
    "dnspython",
    "edx-opaque-keys",
    "fs",
    "mako",
    "markupsafe",
    "pymongo",
    "python-dateutil",
    "pytz",
    "simplejson",
    "six",
    "stevedore",
    "typing-extensions",
}
# What any venv has before anything is installed.
VENV_OWN = {"pip", "setuptools", "wheel"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def repo_files(folder: str, pattern: str = "*") -> set[str]:
    return {
        p.relative_to(REPO / folder).as_posix()
        for p in (REPO / folder).rglob(pattern)
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_wheel_holds_templates_static_files_catalogues_schema_and_licence(dist: Dist) -> None:
    names = set(zipfile.ZipFile(dist.wheel).namelist())
    dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
    for folder, package in (("xblocks", "latarnia_xblocks"), ("builder", "latarnia_builder")):
        for sub in ("templates", "static", "schema"):
            expected = {f"{package}/{sub}/{f}" for f in repo_files(f"{folder}/{sub}")}
            if (REPO / folder / sub).is_dir():
                assert expected, f"{folder}/{sub} is empty"
            assert expected <= names, f"missing from the wheel: {sorted(expected - names)}"
        catalogues = repo_files(f"{folder}/translations", "*.po")
        assert catalogues, f"{folder} has no translations"
        for po in catalogues:
            assert f"{package}/translations/{po[:-3]}.mo" in names
    assert f"{dist_info}/licenses/LICENSE.md" in names
    top_level = zipfile.ZipFile(dist.wheel).read(f"{dist_info}/top_level.txt").decode().split()
    assert sorted(top_level) == ["latarnia_builder", "latarnia_xblocks"]
    assert {n.split("/")[0] for n in names} == {dist_info, *top_level}
    # development tools stay in the repository (devtools/): nothing of them in Open edX
    assert not [n for n in names if "examples" in n or "i18n_tools" in n or "devtools" in n]


def test_the_sdist_rebuilds_everything_and_both_pass_twine_check(dist: Dist) -> None:
    with tarfile.open(dist.sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for name in ("setup.cfg", "pyproject.toml", "README.md", "LICENSE.md", "MANIFEST.in"):
        assert name in names
    assert {f"xblocks/templates/{f}" for f in repo_files("xblocks/templates")} <= names
    # The wheel is built from this sdist (python -m build), so the test above covers its content.
    result = run([sys.executable, "-m", "twine", "check", "--strict", dist.wheel, dist.sdist], REPO)
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_the_installed_wheel_builds_the_course_and_renders_every_block(
    installed: Venv, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run([installed.bin / "latarnia", "build", REPO / "course", "-o", out], cwd=tmp_path)
    olx_dirs = sorted(out.glob("*/course"))
    assert [p.parent.name for p in olx_dirs] == ["en", "pl"]
    script = tmp_path / "render_installed.py"
    shutil.copy(Path(__file__).with_name("render_installed.py"), script)
    # -I: no script folder, no user site, no PYTHON* variables on sys.path; cwd outside the repo.
    result = run([installed.python, "-I", script, *olx_dirs], cwd=tmp_path)
    report = json.loads(result.stdout)

    site = (installed.path / "lib").resolve()
    assert not [p for p in report["sys_path"] if Path(p).resolve().is_relative_to(REPO)]
    assert set(report["classes"]) == {"latarnia_lesson", "latarnia_quiz", "latarnia_scenario"}
    for tag, found in report["classes"].items():
        assert found["class"].startswith("latarnia_xblocks."), (tag, found)
        assert Path(found["file"]).resolve().is_relative_to(site), (tag, found)
    assert report["importable"] == {
        "builder": False,
        "xblocks": False,
        "latarnia_builder": True,
        "latarnia_xblocks": True,
    }

    expected = sum(
        1
        for olx in olx_dirs
        for path in olx.rglob("*.xml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"<latarnia_(lesson|quiz|scenario)\b", line)
    )
    blocks = report["blocks"]
    assert len(blocks) == expected > 0
    assert {b["tag"] for b in blocks} == set(report["classes"])
    for block in blocks:
        html = re.sub(r"<[^>]+>", "", block["html"]).strip()
        assert html, f"{block['tag']} {block['url_name']} ({block['file']}) rendered no text"
        assert block["resources"] > 0, f"{block['url_name']}: no CSS/JS in its fragment"


def test_the_installed_requirements_are_ones_open_edx_already_has(
    installed: Venv, dist: Dist
) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        meta_name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(wheel.read(meta_name).decode())
    required = {
        canonical(re.split(r"[\s;<>=!~\[(]", req, maxsplit=1)[0])
        for req in meta.get_all("Requires-Dist") or []
        if "extra ==" not in req
    }
    assert required == DECLARED

    listed = run([installed.python, "-m", "pip", "list", "--format", "json"], installed.path)
    present = {canonical(p["name"]) for p in json.loads(listed.stdout)}
    assert "latarnia" in present
    extra = present - OPENEDX_HAS - VENV_OWN - {"latarnia"}
    assert not extra, f"installing the wheel pulled in what Open edX does not have: {extra}"
