"""Write the OLX folders and their .tar.gz all or nothing; archives are byte-for-byte
reproducible.

A build writes every output (each language's folder and archive) into a hidden sibling
first (``Outputs.stage_folder``, ``stage_file``); only when all are complete does it move
them into place (``Outputs.commit``), noting in a journal what it moves. A build that
fails, or is killed, before that leaves the previous output of every language as it was;
one killed while moving leaves the journal, and the next build (``recover``) moves the
previous output back. The same step removes hidden leftovers of builds that no longer run.

The archive has sorted entries, fixed times, owners and modes, and a gzip header without
time or name: the same sources give the same bytes. It is compressed in blocks, several at
once (``BlockGzip``, the way pigz does it); the blocks are cut at fixed places, so the bytes
do not depend on how many threads compressed them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import struct
import tarfile
import zlib
from collections import deque
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypedDict

from latarnia_builder import boundary

Files = Mapping[str, bytes | Path]  # relative path → content, or a file to copy


class Move(TypedDict):
    """One output's move at commit, as the journal records it (paths as text)."""

    new: str  # the hidden complete version
    target: str
    old: str  # where the previous version goes meanwhile
    existed: bool  # whether there was a previous version


MTIME = 946684800  # 2000-01-01: some tools dislike a zero time
COMPRESSLEVEL = 6  # level 9 is three times slower for 2 % less


def _temporary(target: Path, suffix: str) -> Path:
    return target.with_name(f".{target.name}.{suffix}-{os.getpid()}")


# A hidden file or folder of a build: ".<name>.<new|old|part>-<pid>" (see ``_temporary``).
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?:new|old|part)-(?P<pid>\d+)$")
_JOURNAL = re.compile(r"^\.latarnia-commit-(?P<pid>\d+)\.json$")


def _write_files(folder: Path, files: Files) -> None:
    made: set[Path] = set()
    for name in sorted(files):
        path = folder / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        content = files[name]
        if isinstance(content, Path):
            boundary.copy_checked(content, path, boundary.MAX_IMAGE_BYTES)
        else:
            path.write_bytes(content)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


class Outputs:
    """Several outputs (folders and files under ``out_dir``) replaced all or nothing.

    Stage each one, then ``commit``; on any failure, ``discard``."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.staged: list[tuple[Path, Path]] = []  # (hidden new version, target)

    def stage_folder(
        self, target: Path, files: Files, archive: Path | None = None, threads: int = 1
    ) -> None:
        """Write ``files`` into a hidden sibling of the folder ``target``; with ``archive``,
        pack them into a .tar.gz for ``archive`` too (its top folder: ``target``'s name), in
        the same pass, its blocks compressed by ``threads`` threads (see ``pack_targz``)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = _temporary(target, "new")
        _remove(fresh)
        self.staged.append((fresh, target))
        if archive is None:
            _write_files(fresh, files)
        else:
            packed = pack_targz(archive, target.name, files, threads, folder=fresh)
            self.staged.append((packed, archive))

    def stage_file(self, target: Path, fresh: Path) -> None:
        """``fresh`` (a hidden, complete file) is to replace ``target``."""
        self.staged.append((fresh, target))

    def commit(self) -> None:
        """Move every staged output into place. The journal lists the moves, so that a build
        killed half-way through them is undone by the next one (``recover``)."""
        journal = self.out_dir / f".latarnia-commit-{os.getpid()}.json"
        moves: list[Move] = []
        for fresh, target in self.staged:
            old = _temporary(target, "old")
            _remove(old)
            moves.append(
                {
                    "new": str(fresh),
                    "target": str(target),
                    "old": str(old),
                    "existed": os.path.lexists(target),
                }
            )
        partial = _temporary(journal, "part")
        partial.write_text(json.dumps(moves))
        os.replace(partial, journal)
        try:
            for move in moves:
                if move["existed"]:
                    os.replace(move["target"], move["old"])
                os.replace(move["new"], move["target"])
        except BaseException:
            _undo(moves)
            journal.unlink()
            raise
        journal.unlink()  # the commit point: from here on the new output stands
        self.staged = []
        for move in moves:
            _remove(Path(move["old"]))

    def discard(self) -> None:
        """Remove what was staged; the previous output stays."""
        for fresh, _target in self.staged:
            _remove(fresh)
        self.staged = []


def recover(out_dir: Path) -> None:
    """Undo the moves of a build killed while committing, and remove the hidden leftovers
    of builds no longer running (a build still running keeps its own)."""
    if not out_dir.is_dir():
        return
    for journal in sorted(out_dir.iterdir()):
        found = _JOURNAL.match(journal.name)
        if found and not _running(int(found["pid"])):
            _undo(json.loads(journal.read_text(encoding="utf-8")))
            journal.unlink()
    for leftover in _leftovers(out_dir):
        _remove(leftover)


def _undo(moves: list[Move]) -> None:
    for move in reversed(moves):
        new, target, old = Path(move["new"]), Path(move["target"]), Path(move["old"])
        if os.path.lexists(new):
            _remove(new)  # not moved yet: the target is still the previous one (or gone to old)
        elif os.path.lexists(target):
            _remove(target)  # moved: the new one goes
        if os.path.lexists(old):
            os.replace(old, target)


def _leftovers(out_dir: Path) -> Iterator[Path]:
    """Hidden files of dead builds: in ``out_dir``, in each language's folder, and in each
    OLX folder (the partial files of an in-place update)."""
    folders = [out_dir]
    for child in out_dir.iterdir():
        if child.is_dir() and not child.name.startswith("."):
            folders.append(child)
            folders += [c for c in child.iterdir() if c.is_dir() and not c.name.startswith(".")]
    for folder in folders:
        for path in folder.rglob(".*") if folder.name == "course" else folder.iterdir():
            found = _LEFTOVER.match(path.name)
            if found and not _running(int(found["pid"])):
                yield path


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this build's own leftovers are from an earlier, failed attempt
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OverflowError:
        return False
    return True


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
        partial = _temporary(path, "part")
        content = files[name]
        if isinstance(content, Path):
            boundary.copy_checked(content, partial, boundary.MAX_IMAGE_BYTES)
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


def pack_targz(
    target: Path, top: str, files: Files, threads: int = 1, folder: Path | None = None
) -> Path:
    """Write the archive for ``target`` into a hidden file beside it and return that file;
    the caller moves it into place (os.replace) once everything else is written.

    ``threads`` compress blocks of it at once; the bytes are the same whatever their number.
    With ``folder``, each file is written there too (at its path under ``top``), in the same
    pass: a build makes the OLX folder and its archive together, one file after the other,
    while the other threads compress. (Writing the folder in one thread while another packed
    made every file creation wait for the interpreter lock: 0.5 s for 1,000 files, not 0.1.)"""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _temporary(target, "part")
    skip = len(top) + 1
    try:
        with (
            open(partial, "wb") as raw,
            BlockGzip(raw, threads) as zipped,
            tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar,
        ):
            for name in _with_folders(top, files):  # (each folder before what it holds)
                if name.endswith("/"):
                    if folder is not None:
                        (folder / name[skip:]).mkdir(exist_ok=True)
                    tar.addfile(_info(name.rstrip("/"), 0, tarfile.DIRTYPE))
                    continue
                content = files[name[skip:]]
                data = (
                    boundary.read_checked(content, boundary.MAX_IMAGE_BYTES)
                    if isinstance(content, Path)
                    else content
                )
                if folder is not None:
                    (folder / name[skip:]).write_bytes(data)
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


# -- gzip in blocks -------------------------------------------------------------------------------

BLOCK = 1024 * 1024  # bytes of the uncompressed stream deflated apart
_WINDOW = 32 * 1024  # how far back deflate may refer
# More threads would only hold more blocks in memory (each compresses ~70 MB/s): a build on a
# machine of many cores keeps at most 2 × MAX_THREADS blocks (16 MB) in flight.
MAX_THREADS = 8
# Python's gzip module with mtime=0 and no file name writes this header (RFC 1952: no flags,
# no time, "extra flags" 0 for levels 2-8, operating system "unknown").
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def _deflate(block: bytes, before: bytes, last: bool) -> bytes:
    """``block`` deflated on its own, as if it followed ``before`` in one stream: it may
    refer back into ``before``, which is what the reader will have just unpacked. It ends on
    a byte boundary (a sync flush), so blocks can be joined; the last one ends the stream."""
    if before:
        deflater = zlib.compressobj(COMPRESSLEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=before)
    else:
        deflater = zlib.compressobj(COMPRESSLEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return deflater.compress(block) + deflater.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


class BlockGzip(io.RawIOBase):
    """A write-only gzip stream whose blocks of ``BLOCK`` bytes are compressed by ``threads``
    threads at once, while the caller goes on (zlib lets go of the interpreter lock), pigz'
    way: each block is deflated apart, primed with the 32 KB before it, so the archive is
    within a fraction of a percent of one stream's size; joined in order, the blocks are one
    ordinary deflate stream that any gunzip reads. The cuts fall at fixed offsets: any number
    of threads gives the same bytes. Closing writes the last block and the trailer; the file
    written to stays open."""

    def __init__(self, raw: io.BufferedWriter, threads: int = 1) -> None:
        super().__init__()
        self.raw = raw
        # (one thread at least: the caller goes on writing files while it compresses)
        threads = max(1, min(threads, MAX_THREADS))
        self.pool = ThreadPoolExecutor(threads)
        self.ahead = 2 * threads  # blocks queued at most: memory stays a few MB
        self.pending: deque[Future[bytes]] = deque()
        self.buffer = bytearray()
        self.before = b""
        self.crc = 0
        self.size = 0
        raw.write(_GZIP_HEADER)

    def writable(self) -> bool:
        return True

    def tell(self) -> int:  # (tarfile asks where the stream starts)
        return self.size

    def write(self, data: bytes) -> int:  # type: ignore[override]  # (bytes only)
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self.buffer += data
        while len(self.buffer) >= BLOCK:
            block = bytes(self.buffer[:BLOCK])
            del self.buffer[:BLOCK]
            self._deflate(block, last=False)
        return len(data)

    def _deflate(self, block: bytes, last: bool) -> None:
        before, self.before = self.before, block[-_WINDOW:]
        self.pending.append(self.pool.submit(_deflate, block, before, last))
        pending = self.pending
        while pending and (pending[0].done() or len(pending) > self.ahead or last):
            self.raw.write(pending.popleft().result())

    def close(self) -> None:
        """Write the last block and the trailer (CRC-32 and size, RFC 1952)."""
        if self.closed:
            return
        try:
            self._deflate(bytes(self.buffer), last=True)
            self.raw.write(struct.pack("<II", self.crc, self.size & 0xFFFFFFFF))
        finally:
            self._stop()

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            self.close()
        else:  # a failed archive is thrown away: no last block
            self._stop()

    def _stop(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        self.buffer.clear()
        super().close()
