"""The archive is compressed in blocks by several threads (archive.BlockGzip): what an
administrator unpacks must be exactly what was packed, whatever the number of threads, and
the archive no larger than one zlib stream would make it."""

from __future__ import annotations

import gzip
import io
import random
import shutil
import subprocess
import tarfile
import time
from pathlib import Path

import pytest
from latarnia_builder import archive


def olx_like(size: int, seed: int = 7) -> bytes:
    """Text shaped like OLX: the same tags and words again and again, as in a real course."""
    rng = random.Random(seed)
    words = [
        "praca",
        "oferta",
        "umowa",
        "paszport",
        "agencja",
        "wyjazd",
        "pomoc",
        "telefon",
        "policja",
        "kaucja",
    ]
    parts, length = [], 0
    while length < size:
        line = (
            f'<choice id="c{rng.randrange(9)}" correct="{rng.choice(["true", "false"])}">'
            f"<text>{' '.join(rng.choice(words) for _ in range(rng.randrange(3, 12)))}</text>"
            "</choice>\n"
        )
        parts.append(line)
        length += len(line)
    return "".join(parts).encode()[:size]


def compress(data: bytes, threads: int) -> bytes:
    raw = io.BytesIO()
    with archive.BlockGzip(raw, threads) as zipped:  # type: ignore[arg-type]
        for start in range(0, len(data), 5000):  # written in pieces, as tarfile does
            zipped.write(data[start : start + 5000])
    return raw.getvalue()


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> int:
    """Blocks of 8 KB: a short text crosses many block boundaries."""
    monkeypatch.setattr(archive, "BLOCK", 8192)
    return 8192


@pytest.mark.parametrize("size", [0, 1, 8191, 8192, 8193, 3 * 8192, 100_000])
def test_what_is_packed_unpacks_exactly_with_any_number_of_threads(
    small_blocks: int, size: int
) -> None:
    data = olx_like(size)
    packed = {threads: compress(data, threads) for threads in (1, 2, 5, 64)}
    assert packed[1] == packed[2] == packed[5] == packed[64]  # the same bytes, however made
    assert gzip.decompress(packed[2]) == data


@pytest.mark.skipif(shutil.which("gzip") is None, reason="needs the gzip command")
def test_gunzip_reads_the_archive(small_blocks: int) -> None:
    data = olx_like(50_000)
    unpacked = subprocess.run(
        ["gzip", "-dc"], input=compress(data, 2), capture_output=True, check=True
    )
    assert unpacked.stdout == data


def test_blocks_are_primed_with_what_precedes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each block may refer back into the one before: cut every 64 KB, the archive is still
    within 2 % of one zlib stream (each block on its own: 8 % larger)."""
    monkeypatch.setattr(archive, "BLOCK", 65536)
    data = olx_like(400_000)
    one_stream = len(gzip.compress(data, compresslevel=archive.COMPRESSLEVEL, mtime=0))
    assert len(compress(data, 2)) <= one_stream * 1.02


def test_many_cores_hold_few_blocks_in_memory(
    small_blocks: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However many threads a machine offers, at most 2 × MAX_THREADS blocks wait in memory
    (here compressing is made slower than writing, as on a slow machine)."""
    deflate = archive._deflate

    def slow(block: bytes, before: bytes, last: bool) -> bytes:
        time.sleep(0.005)
        return deflate(block, before, last)

    monkeypatch.setattr(archive, "_deflate", slow)
    most = 0
    with archive.BlockGzip(io.BytesIO(), threads=64) as zipped:  # type: ignore[arg-type]
        for _ in range(200):
            zipped.write(olx_like(small_blocks))
            most = max(most, len(zipped.pending))
    assert 0 < most <= 2 * archive.MAX_THREADS


def test_a_built_archive_unpacks_to_the_olx_folder(tmp_path: Path) -> None:
    from latarnia_builder.build import BuildSession

    from tests.builder.courses import FULL

    result = BuildSession(FULL, tmp_path / "out").build()
    assert result.ok
    with tarfile.open(result.archives["pl"]) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    folder = result.olx_dirs["pl"]
    written = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    root = tmp_path / "unpacked" / "course"
    unpacked = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert unpacked == written


def test_a_failed_archive_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "course.tar.gz"
    missing = tmp_path / "gone.png"  # a media file removed during the build
    with pytest.raises(OSError):
        archive.pack_targz(target, "course", {"course.xml": b"<course/>", "static/x.png": missing})
    assert list(tmp_path.iterdir()) == []
