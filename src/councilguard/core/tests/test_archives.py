"""Compressed files are measured before they are read (issue 12): real small bombs, built here,
are refused in words, within a bounded amount of memory; honest archives at the limits pass."""

from __future__ import annotations

import contextlib
import gzip
import io
import tarfile
import tracemalloc
import zipfile

import pytest

from councilguard.core.archives import (
    RATIO_FLOOR,
    ArchiveRefused,
    GzipStream,
    Limits,
    open_zip,
    tar_members,
)

MB = 1024 * 1024
ZEROS = bytes(MB)


def zip_of(members: dict[str, int], *, zeros: bool = True) -> bytes:
    """A zip whose members hold the given numbers of bytes, streamed in, never held whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, size in members.items():
            with archive.open(name, "w", force_zip64=True) as member:
                written = 0
                while written < size:
                    block = ZEROS[: min(MB, size - written)]
                    member.write(block if zeros else _noise(len(block), written))
                    written += len(block)
    return buffer.getvalue()


def _noise(n: int, seed: int) -> bytes:
    import random

    return random.Random(seed).randbytes(n)


def tar_gz_of(members: dict[str, int]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, size in members.items():
            info = tarfile.TarInfo(name)
            info.size = size
            archive.addfile(info, _Zeros(size))
    return buffer.getvalue()


class _Zeros(io.RawIOBase):
    def __init__(self, size: int):
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


def _peak(call) -> int:
    tracemalloc.start()
    with contextlib.suppress(ArchiveRefused):
        call()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """200 MB of zeros in a zip of about 200 KB."""
    return zip_of({"word/document.xml": 200 * MB})


LIMITS = Limits(total=100 * MB, member=50 * MB, ratio=100)


def test_a_zip_bomb_is_refused_in_words_and_little_memory(zip_bomb):
    assert len(zip_bomb) < MB
    with pytest.raises(ArchiveRefused) as refused:
        open_zip(zip_bomb, LIMITS, "the document")
    message = str(refused.value)
    assert message.startswith("the document would expand to more than 50 MB")
    assert "Error" not in message and "zip" not in message
    assert _peak(lambda: open_zip(zip_bomb, LIMITS)) < 5 * MB


@pytest.mark.parametrize(
    ("size", "refused"),
    [(50 * MB - 1, False), (50 * MB, False), (50 * MB + 1, True)],
)
def test_one_member_at_just_below_and_above_its_limit(size, refused):
    limits = Limits(total=100 * MB, member=50 * MB, ratio=10_000)
    content = zip_of({"part": size})
    if refused:
        with pytest.raises(ArchiveRefused, match="more than 50 MB"):
            open_zip(content, limits)
    else:
        open_zip(content, limits).close()


@pytest.mark.parametrize(("total", "refused"), [(10 * MB, False), (10 * MB + 1, True)])
def test_members_together_at_and_above_the_total(total, refused):
    limits = Limits(total=10 * MB, member=10 * MB, ratio=10_000)
    content = zip_of({"a": 5 * MB, "b": total - 5 * MB})
    if refused:
        with pytest.raises(ArchiveRefused, match="more than 10 MB"):
            open_zip(content, limits)
    else:
        open_zip(content, limits).close()


def test_the_ratio_is_measured_beyond_a_floor():
    """Zeros compress about 1,000 to 1: refused at a limit of 100, allowed at 2,000, and never
    refused below the floor whatever the ratio."""
    content = zip_of({"part": 2 * MB})
    with pytest.raises(ArchiveRefused, match="compressed more than 100 to 1"):
        open_zip(content, Limits(total=100 * MB, member=100 * MB, ratio=100))
    open_zip(content, Limits(total=100 * MB, member=100 * MB, ratio=2000)).close()
    small = zip_of({"part": RATIO_FLOOR})
    open_zip(small, Limits(total=100 * MB, member=100 * MB, ratio=2)).close()


def test_random_bytes_at_a_ratio_of_one_pass():
    content = zip_of({"photo.jpg": 3 * MB}, zeros=False)
    with open_zip(content, Limits(total=3 * MB, member=3 * MB, ratio=2)) as archive:
        assert len(archive.read("photo.jpg")) == 3 * MB


def test_a_tar_bomb_is_refused_before_its_member_is_read(tmp_path):
    path = tmp_path / "lists.tar.gz"
    path.write_bytes(tar_gz_of({"adult/domains": 200 * MB}))
    limits = Limits(total=1024 * MB, member=50 * MB, ratio=100_000)
    with pytest.raises(ArchiveRefused, match="more than 50 MB"):
        list(tar_members(path, limits, "the lists"))
    assert _peak(lambda: list(tar_members(path, limits))) < 5 * MB


def test_a_tar_whose_stream_expands_too_far_is_stopped_while_streaming(tmp_path):
    """Many members each within the limit, all together beyond the ratio: the count of
    decompressed bytes stops it."""
    path = tmp_path / "lists.tgz"
    path.write_bytes(tar_gz_of({f"c{n}/domains": 4 * MB for n in range(10)}))
    limits = Limits(total=1024 * MB, member=50 * MB, ratio=100)
    with pytest.raises(ArchiveRefused, match="compressed more than 100 to 1"):
        list(tar_members(path, limits))


def test_an_honest_tar_is_read_whole(tmp_path):
    path = tmp_path / "lists.tar"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, text in (("adult/domains", b"example.com\n"), ("games/domains", b"a.org\n")):
            info = tarfile.TarInfo(name)
            info.size = len(text)
            archive.addfile(info, io.BytesIO(text))
    path.write_bytes(buffer.getvalue())
    assert list(tar_members(path, Limits(MB, MB, 2))) == [
        ("adult/domains", b"example.com\n"),
        ("games/domains", b"a.org\n"),
    ]


def test_a_damaged_tar_is_refused_in_words(tmp_path):
    path = tmp_path / "lists.tar.gz"
    path.write_bytes(tar_gz_of({"adult/domains": 3 * MB})[:-200])
    with pytest.raises(ArchiveRefused, match="damaged or cut off"):
        list(tar_members(path, Limits(100 * MB, 100 * MB, 100_000)))


def _read_all(stream: GzipStream) -> int:
    total = 0
    buffer = bytearray(MB)
    while got := stream.readinto(buffer):
        total += got
    return total


def test_a_gzip_stream_stops_at_its_limit_while_reading():
    content = gzip.compress(bytes(20 * MB))
    limits = Limits(total=8 * MB, member=8 * MB, ratio=100_000)
    stream = GzipStream(io.BytesIO(content), limits, "the log")
    with pytest.raises(ArchiveRefused, match="the log would expand to more than 8 MB"):
        _read_all(stream)
    assert stream.unpacked <= 8 * MB + MB  # stopped within one read of the limit


def test_a_gzip_stream_at_its_limit_is_read_and_hands_over_what_it_read():
    content = gzip.compress(bytes(8 * MB))
    stream = GzipStream(io.BytesIO(content), Limits(8 * MB, 8 * MB, 100_000))
    assert _read_all(stream) == 8 * MB
    assert stream.taken() == content


def test_a_gzip_bomb_is_stopped_by_its_ratio():
    content = gzip.compress(bytes(20 * MB))
    stream = GzipStream(io.BytesIO(content), Limits(1024 * MB, 1024 * MB, 200))
    with pytest.raises(ArchiveRefused, match="compressed more than 200 to 1"):
        _read_all(stream)


def test_a_truncated_gzip_is_named_as_such():
    content = gzip.compress(b"a line\n" * 10_000)[:-20]
    with pytest.raises(ArchiveRefused, match="truncated"):
        _read_all(GzipStream(io.BytesIO(content), Limits(MB, MB, 10_000)))
