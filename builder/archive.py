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


def signature(content: bytes | Path) -> object:
    """What identifies a file's content between two builds without reading it again."""
    if isinstance(content, Path):
        stat = content.stat()
        return (content, stat.st_mtime_ns, stat.st_size)
    return content


# Children before parents: a lesson exists before the chapter that points to it.
_ORDER = ("static", "sequential", "chapter", "about", "policies", "course", "course.xml")


def update_tree(target: Path, files: Files, previous: Mapping[str, object]) -> int:
    """Bring the folder ``target``, last written with ``previous`` (name → signature), to
    exactly ``files``, in place: changed files only, each replaced atomically, parents after
    their children, then the files no longer needed removed. Returns the files written.

    A rebuild after one edit thus writes one lesson file and a few small ones, instead of
    the whole course; every file is whole at every moment."""
    changed = [
        name
        for name, content in files.items()
        if name not in previous
        or (previous[name] is not content and previous[name] != signature(content))
    ]

    def rank(name: str) -> tuple[int, str]:
        top = name.split("/", 1)[0]
        return (_ORDER.index(top) if top in _ORDER else 0, name)

    for name in sorted(changed, key=rank):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.part")
        content = files[name]
        if isinstance(content, Path):
            shutil.copyfile(content, partial)
        else:
            partial.write_bytes(content)
        os.replace(partial, path)
    for name in sorted(set(previous) - set(files), key=rank, reverse=True):
        with contextlib.suppress(FileNotFoundError):
            (target / name).unlink()
    return len(changed)


def intact(target: Path, previous: Mapping[str, object]) -> bool:
    """Whether every file written last time is still there (nobody cleaned the folder)."""
    return all((target / name).is_file() for name in previous)


def write_targz(target: Path, top: str, files: Files) -> None:
    """Write ``files`` under the folder ``top`` into a reproducible .tar.gz at ``target``."""
    partial = pack_targz(target, top, files)
    os.replace(partial, target)


def pack_targz(target: Path, top: str, files: Files) -> Path:
    """Write the archive for ``target`` into a hidden file beside it and return that file;
    the caller moves it into place (os.replace) once everything else is written."""
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
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    return partial


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
