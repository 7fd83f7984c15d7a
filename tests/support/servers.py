"""Start real servers for browser tests: the XBlock SDK workbench and `latarnia preview`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Wait until ``url`` answers 200, failing with the server's log if it dies or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text()[-4000:]
            raise RuntimeError(f"server exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    process.terminate()
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{log.read_text()[-4000:]}")


@contextmanager
def running(
    cmd: list[str], cwd: Path, port: int, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run ``cmd`` (a server listening on ``port``) for the duration of the block; yield its URL."""
    log = cwd / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            cmd,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


# The blocks' workbench scenarios come from devtools/examples.py, importable from the repository.
WORKBENCH_ENV = {
    "EXCLUDE_SAMPLE_XBLOCKS": "yes",
    "DJANGO_SETTINGS_MODULE": "workbench.settings",
    "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
}


@contextmanager
def workbench(workdir: Path) -> Iterator[str]:
    """The plain XBlock SDK workbench, serving every installed block's workbench_scenarios()."""
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    python = str(BIN / "python")
    subprocess.run(
        [python, "-m", "django", "migrate", "--run-syncdb", "-v", "0"],
        cwd=workdir,
        env={**os.environ, **WORKBENCH_ENV},
        check=True,
    )
    port = free_port()
    cmd = [python, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with running(cmd, workdir, port, WORKBENCH_ENV) as url:
        yield url


@contextmanager
def preview(course_dir: Path, workdir: Path, lang: str | None = None) -> Iterator[str]:
    """`latarnia preview COURSE_DIR` exactly as `make preview` runs it, on a free port."""
    port = free_port()
    cmd = [str(BIN / "latarnia"), "preview", str(course_dir), "--port", str(port)]
    if lang:
        cmd += ["--lang", lang, "--no-watch"]
    with running(cmd, workdir, port) as url:
        yield url
