"""The Tutor plugin (tutor/) with Tutor itself, as an administrator runs it, but without Docker.

For the newest Tutor 21 (Ulmo) and 22 (Verawood) from PyPI: the plugin enables, `tutor config
save` renders an openedx Dockerfile that installs the pinned Latarnia (from the index, or a wheel
from the mounted latarnia-dist folder), never a credential; the `importlatarnia` job is
registered, and the script it would run in the cms container builds the course with the installed
wheel and calls `./manage.py cms import` once per language (run here against a stand-in
manage.py, since no Open edX can run on this machine).
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.support import REPO, Venv, make_venv, run

pytestmark = pytest.mark.packaging

CACHE = REPO / ".cache"
SERIES = {"21": "tutor>=21,<22", "22": "tutor>=22,<23"}
SECRET = "s3cr3t-t0ken"


def latarnia_version() -> str:
    cfg = configparser.ConfigParser()
    cfg.read(REPO / "setup.cfg")
    return cfg["metadata"]["version"]


@pytest.fixture(scope="module", params=sorted(SERIES))
def tutor(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    """A venv with the newest Tutor of a series (kept in .cache/) and this checkout's plugin."""
    series = request.param
    path = CACHE / f"tutor-{series}"
    marker = path / "installed.json"
    if not marker.exists():
        CACHE.mkdir(exist_ok=True)
        env = make_venv(path, sys.executable)
        run([env.python, "-m", "pip", "install", SERIES[series], "setuptools>=77"], CACHE)
        shown = run([env.python, "-m", "pip", "show", "tutor"], CACHE).stdout
        version = re.search(r"^Version: (\S+)", shown, re.M).group(1)
        marker.write_text(json.dumps({"tutor": version}))
    env = Venv(path, path / "bin" / "python", path / "bin")
    # Install from a copy, so that no build/ or egg-info lands in the repository.
    source = tmp_path_factory.mktemp("plugin") / "tutor"
    shutil.copytree(REPO / "tutor", source, ignore=shutil.ignore_patterns("*.egg-info", "build"))
    pip_install = [env.python, "-m", "pip", "install", "--quiet", "--no-deps"]
    run([*pip_install, "--no-build-isolation", "--force-reinstall", source], source.parent)
    version = json.loads(marker.read_text())["tutor"]
    assert version.startswith(f"{series}.")
    return env


@pytest.fixture
def project(tutor: Venv, tmp_path: Path) -> dict[str, str]:
    """A fresh Tutor project root with the plugin enabled."""
    env = {
        "TUTOR_ROOT": str(tmp_path / "root"),
        "TUTOR_PLUGINS_ROOT": str(tmp_path / "plugins"),
        "PATH": f"{tutor.bin}{os.pathsep}{os.environ['PATH']}",
    }
    run([tutor.bin / "tutor", "plugins", "enable", "latarnia"], tmp_path, env=env)
    return env


def tutor_cmd(tutor: Venv, env: dict[str, str], *args: str, check: bool = True):
    cwd = Path(env["TUTOR_ROOT"]).parent
    if check:
        return run([tutor.bin / "tutor", *args], cwd, env=env)
    full_env = {**os.environ, **env}
    return subprocess.run(
        [str(tutor.bin / "tutor"), *args], cwd=cwd, env=full_env, capture_output=True, text=True
    )


def dockerfile(env: dict[str, str]) -> str:
    return (Path(env["TUTOR_ROOT"]) / "env" / "build" / "openedx" / "Dockerfile").read_text()


def python_requirements_stage(text: str) -> str:
    """The Dockerfile stage whose virtualenv the LMS, Studio and their workers run."""
    start = text.index("AS python-requirements")
    end = text.index("\nFROM ", start)
    return text[start:end]


def test_the_image_installs_the_pinned_release(tutor: Venv, project: dict[str, str]) -> None:
    tutor_cmd(tutor, project, "config", "save")
    stage = python_requirements_stage(dockerfile(project))
    assert "# Latarnia XBlocks (tutor-contrib-latarnia)" in stage
    assert f"$PIP_COMMAND install latarnia=={latarnia_version()}" in stage
    printed = tutor_cmd(tutor, project, "config", "printvalue", "LATARNIA_PIP_REQUIREMENT")
    assert printed.stdout.strip() == f"latarnia=={latarnia_version()}"


def test_a_requirement_with_credentials_is_refused(tutor: Venv, project: dict[str, str]) -> None:
    tutor_cmd(tutor, project, "config", "save")
    bad = f"latarnia @ https://bob:{SECRET}@git.example.org/latarnia-0.1.0-py3-none-any.whl"
    result = tutor_cmd(
        tutor, project, "config", "save", "--set", f"LATARNIA_PIP_REQUIREMENT={bad}", check=False
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "LATARNIA_PIP_REQUIREMENT holds a URL with a user name, password or token" in output
    assert SECRET not in output
    assert SECRET not in dockerfile(project)
    token_only = "latarnia @ git+https://ghp_abc123@github.example/x/latarnia.git@v1"
    result = tutor_cmd(
        tutor,
        project,
        "config",
        "save",
        "--set",
        f"LATARNIA_PIP_REQUIREMENT={token_only}",
        check=False,
    )
    assert result.returncode != 0 and "ghp_abc123" not in result.stdout + result.stderr


def test_a_wheel_from_the_mounted_latarnia_dist_folder(
    tutor: Venv, project: dict[str, str], tmp_path: Path
) -> None:
    dist = tmp_path / "latarnia-dist"
    dist.mkdir()
    wheel = f"latarnia-{latarnia_version()}-py3-none-any.whl"
    tutor_cmd(tutor, project, "mounts", "add", str(dist))
    tutor_cmd(tutor, project, "config", "save", "--set", f"LATARNIA_PIP_REQUIREMENT={wheel}")
    stage = python_requirements_stage(dockerfile(project))
    assert "RUN --mount=type=bind,from=latarnia-dist,target=/openedx/latarnia-dist" in stage
    assert f"$PIP_COMMAND install /openedx/latarnia-dist/{wheel}" in stage
    mounts = tutor_cmd(tutor, project, "mounts", "list").stdout
    assert str(dist) in mounts
    assert re.search(r"- image: openedx\s+context: latarnia-dist", mounts), mounts


def test_the_import_job_is_registered(tutor: Venv, project: dict[str, str]) -> None:
    jobs = tutor_cmd(tutor, project, "local", "do", "--help").stdout
    assert re.search(r"^\s+importlatarnia\s", jobs, re.M), jobs
    assert re.search(r"^\s+importdemocourse\s", jobs, re.M)  # Tutor's own, for comparison
    help_text = tutor_cmd(tutor, project, "local", "do", "importlatarnia", "--help").stdout
    for option in ("-r, --repository", "-v, --version", "-d, --directory", "--lang"):
        assert option in help_text


JOB_SCRIPT = """
import json, sys
from tutor import config as tutor_config, env as tutor_env
from tutorlatarnia.plugin import importlatarnia
config = tutor_config.load(sys.argv[1])
jobs = list(importlatarnia.main(sys.argv[2:], standalone_mode=False))
print(json.dumps([[service, tutor_env.render_str(config, script)] for service, script in jobs]))
"""

FAKE_MANAGE_PY = """
import json, os, sys
root = sys.argv[-1]
assert sys.argv[1:4] == ["cms", "import", "../data"], sys.argv
assert os.path.isfile(os.path.join(root, "course.xml")), root
with open(os.environ["IMPORT_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
"""


@pytest.mark.parametrize("langs", [(), ("en",)])
def test_the_import_job_builds_the_course_and_imports_each_language(
    tutor: Venv, project: dict[str, str], installed: Venv, tmp_path: Path, langs: tuple[str, ...]
) -> None:
    args = ["-d", str(REPO / "course")] + [a for lang in langs for a in ("--lang", lang)]
    out = run([tutor.python, "-c", JOB_SCRIPT, project["TUTOR_ROOT"], *args], tmp_path, env=project)
    ((service, script),) = json.loads(out.stdout)
    assert service == "cms"
    # Stand-ins for the cms container: edx-platform's manage.py, and the image's venv on PATH
    # (here the venv holding the installed wheel, with its `latarnia` command).
    platform = tmp_path / "edx-platform"
    platform.mkdir()
    (platform / "manage.py").write_text(FAKE_MANAGE_PY)
    log = tmp_path / "imports.log"
    env = {"PATH": f"{installed.bin}{os.pathsep}{os.environ['PATH']}", "IMPORT_LOG": str(log)}
    run(["sh", "-e", "-c", script], platform, env=env)
    imports = [json.loads(line) for line in log.read_text().splitlines()]
    expected = langs or ("en", "pl")
    assert sorted(Path(a[-1]).parent.name for a in imports) == sorted(expected)
    assert all(Path(a[-1]).name == "course" for a in imports)


def test_the_import_job_refuses_credentials_and_missing_sources(tutor: Venv, tmp_path: Path):
    cases = [
        ["-r", f"https://bob:{SECRET}@git.example.org/latarnia.git"],
        [],
        ["-d", "/nowhere", "--lang", "PL; rm -rf /"],
    ]
    for args in cases:
        code = (
            "import sys\nfrom tutorlatarnia.plugin import importlatarnia\n"
            "list(importlatarnia.main(sys.argv[1:], standalone_mode=False))"
        )
        result = subprocess.run(
            [str(tutor.python), "-c", code, *args], capture_output=True, text=True, cwd=tmp_path
        )
        assert result.returncode != 0, args
        assert SECRET not in result.stdout + result.stderr


def test_the_plugin_pins_the_repository_version() -> None:
    about = (REPO / "tutor" / "tutorlatarnia" / "__about__.py").read_text()
    assert f'LATARNIA_VERSION = "{latarnia_version()}"' in about
