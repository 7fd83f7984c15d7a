"""Write the OLX folder and its .tar.gz atomically; the archive is byte-for-byte reproducible.

A build writes into a hidden sibling and then renames it into place, so a build that fails
half-way leaves the previous output as it was. The archive has sorted entries, fixed
times, owners and modes, and a gzip header without time or name: the same sources give the
same bytes.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import shutil
import tarfile
from collections.abc import Mapping
from pathlib import Path

Files = Mapping[str, bytes | Path]  # relative path → content, or a file to copy

MTIME = 946684800  # 2000-01-01: some tools dislike a zero time
COMPRESSLEVEL = 6  # level 9 is three times slower for 2 % less


def _temporary(target: Path, suffix: str) -> Path:
    return target.with_name(f".{target.name}.{suffix}-{os.getpid()}")


def write_tree(target: Path, files: Files) -> None:
    """Replace the folder ``target`` with exactly ``files``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = _temporary(target, "new")
    old = _temporary(target, "old")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        made: set[Path] = set()
        for name in sorted(files):
            path = fresh / name
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            content = files[name]
            if isinstance(content, Path):
                shutil.copyfile(content, path)
            else:
                path.write_bytes(content)
        if target.exists():
            os.replace(target, old)
        os.replace(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if old.exists() and not target.exists():
            os.replace(old, target)  # put the previous output back
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_targz(target: Path, top: str, files: Files) -> None:
    """Write ``files`` under the folder ``top`` into a reproducible .tar.gz at ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _temporary(target, "part")
    try:
        with (
            open(partial, "wb") as raw,
            gzip.GzipFile(
                filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=COMPRESSLEVEL
            ) as zipped,
            tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar,
        ):
            for name in _with_folders(top, files):
                if name.endswith("/"):
                    tar.addfile(_info(name.rstrip("/"), 0, tarfile.DIRTYPE))
                    continue
                content = files[name[len(top) + 1 :]]
                data = content.read_bytes() if isinstance(content, Path) else content
                tar.addfile(_info(name, len(data), tarfile.REGTYPE), io.BytesIO(data))
        os.replace(partial, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def _with_folders(top: str, files: Files) -> list[str]:
    names = {f"{top}/"}
    for name in files:
        parts = name.split("/")
        for depth in range(1, len(parts)):
            names.add(f"{top}/{'/'.join(parts[:depth])}/")
        names.add(f"{top}/{name}")
    return sorted(names, key=lambda name: name.rstrip("/"))


def _info(name: str, size: int, kind: bytes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.type = kind
    info.mtime = MTIME
    info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info
