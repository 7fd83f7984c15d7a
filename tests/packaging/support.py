"""Helpers of the packaging tests: running commands outside the repository, fresh venvs."""

from __future__ import annotations

import os
import subprocess
import venv
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONSTRAINTS = REPO / "requirements" / "constraints.txt"


def run(cmd: list[str | Path], cwd: Path, timeout: int = 300, **kw) -> subprocess.CompletedProcess:
    """Run a command outside the repository; fail with its output when it fails."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(kw.pop("env", {}))
    env.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    result = subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kw,
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, cmd))} exited {result.returncode}\n"
            f"--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"
        )
    return result


@dataclass
class Dist:
    wheel: Path
    sdist: Path


@dataclass
class Venv:
    path: Path
    python: Path
    bin: Path


def make_venv(path: Path, python: str | Path | None = None) -> Venv:
    if python is None:
        venv.EnvBuilder(with_pip=True, clear=True).create(path)
    else:
        run([python, "-m", "venv", "--clear", path], cwd=path.parent)
    return Venv(path, path / "bin" / "python", path / "bin")
