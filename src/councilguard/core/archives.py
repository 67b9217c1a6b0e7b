"""How far a compressed file may expand, checked before any of it is read (issue 12: a 1 MB
Word document can hold a gigabyte of text and take a web worker's memory with it).

Every archive the product opens goes through here: Word documents (zip), category lists (tar,
plain or compressed) and gzip'd logs. Zip and tar declare each member's size, so the total, each
member and the compression ratio are checked before reading (and a zip's members are seen to
unpack to what they declare). A compressed stream declares nothing, so its decompressed bytes
are counted as they come and the reading stops at the limit.
The limits are settings (``ARCHIVE_LIMITS``), one set per kind of file; refusals are
``ArchiveRefused`` with words for a person, never the library's exception text.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

# Below this many bytes a member may compress as well as it likes: a short, repetitive XML
# part of a real document can reach ratios a bomb has, but cannot hurt.
RATIO_FLOOR = 1024 * 1024


class ArchiveRefused(ValueError):
    """A compressed file that will not be read; the message is safe to show to a person."""


@dataclass(frozen=True)
class Limits:
    total: int  # bytes, all members unpacked
    member: int  # bytes, one member unpacked
    ratio: int  # unpacked size over packed size, beyond RATIO_FLOOR

    @classmethod
    def of(cls, kind: str) -> Limits:
        """The limits set for one kind of file ("document", "category_lists", "log")."""
        return cls(**settings.ARCHIVE_LIMITS[kind])


def _size(n: int) -> str:
    """A size as a person reads it: "200 MB", "1.5 GB"."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            value = n / scale
            shown = f"{value:.0f}" if value >= 10 else f"{value:.1f}".removesuffix(".0")
            return f"{shown} {unit}"
    return f"{n} bytes"


def _too_big(what: str, limit: int) -> ArchiveRefused:
    return ArchiveRefused(
        f"{what} would expand to more than {_size(limit)} when unpacked, far more than a file "
        "of this kind needs; it was not read"
    )


def _too_compressed(what: str, ratio: int) -> ArchiveRefused:
    return ArchiveRefused(
        f"{what} is compressed more than {ratio} to 1, which only a file built to exhaust the "
        "server is; it was not read"
    )


def check_ratio(what: str, unpacked: int, packed: int, limits: Limits) -> None:
    if unpacked > RATIO_FLOOR and unpacked > limits.ratio * max(packed, 1):
        raise _too_compressed(what, limits.ratio)


def check_zip(archive: zipfile.ZipFile, limits: Limits, what: str = "the file") -> None:
    """Refuse a zip whose members, as declared, are too large or too compressed."""
    total = 0
    for member in archive.infolist():
        if member.file_size > limits.member:
            raise _too_big(what, limits.member)
        check_ratio(what, member.file_size, member.compress_size, limits)
        total += member.file_size
        if total > limits.total:
            raise _too_big(what, limits.total)


def open_zip(content: bytes, limits: Limits, what: str = "the file") -> zipfile.ZipFile:
    """A zip of ``content`` once its declared sizes are within ``limits`` and every member is
    seen to unpack to exactly what it declares; zipfile.BadZipFile when it is not a zip.

    The declarations alone do not bind: zipfile asked to read a whole member decompresses all
    its compressed bytes in one call before cutting the result to the declared size, so a
    member declaring 1 KB can still take a gigabyte. Each member is therefore decompressed
    here first, a block at a time, and refused if it gives more (or less) than it says."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    try:
        check_zip(archive, limits, what)
        check_ratio(what, sum(m.file_size for m in archive.infolist()), len(content), limits)
        for member in archive.infolist():
            _check_member(content, member, what)
    except ArchiveRefused:
        archive.close()
        raise
    return archive


_BLOCK = 64 * 1024


def _lies(what: str) -> ArchiveRefused:
    return ArchiveRefused(
        f"{what} is damaged: a part of it is not the size it says; it was not read"
    )


def _check_member(content: bytes, member: zipfile.ZipInfo, what: str) -> None:
    """Decompress one member's bytes a block at a time: it must end exactly at its declared
    size."""
    start = member.header_offset
    if content[start : start + 4] != b"PK\x03\x04":
        raise _lies(what)
    name_length, extra_length = struct.unpack_from("<HH", content, start + 26)
    begin = start + 30 + name_length + extra_length
    packed = memoryview(content)[begin : begin + member.compress_size]
    if len(packed) != member.compress_size:
        raise _lies(what)
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size != member.file_size:
            raise _lies(what)
        return
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise ArchiveRefused(f"{what} uses a kind of compression this service does not read")
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    unpacked = 0
    try:
        for offset in range(0, len(packed), _BLOCK):
            pending = packed[offset : offset + _BLOCK]
            while pending:
                unpacked += len(inflate.decompress(pending, _BLOCK))
                if unpacked > member.file_size:
                    raise _lies(what)
                pending = inflate.unconsumed_tail
        unpacked += len(inflate.flush())
    except zlib.error:
        raise _lies(what) from None
    if unpacked != member.file_size or not inflate.eof:
        raise _lies(what)


class BoundedReader(io.RawIOBase):
    """A decompressing stream that refuses to give more than ``limits.total`` bytes, or more
    than ``limits.ratio`` times what it has read of the compressed file. ``raw`` is the
    compressed file; ``taken()`` hands over the compressed bytes read since it was last
    called (what a digest of the file as it was sent is fed)."""

    def __init__(self, raw: BinaryIO, decompressed: BinaryIO, limits: Limits, what: str):
        self._raw = raw
        self._stream = decompressed
        self.limits = limits
        self.what = what
        self.unpacked = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        got = self._stream.readinto(buffer)
        self.unpacked += got
        if self.unpacked > self.limits.total:
            raise _too_big(self.what, self.limits.total)
        check_ratio(self.what, self.unpacked, self._raw.read_bytes, self.limits)
        return got


class _Tap(io.RawIOBase):
    """The compressed file, counting what was read from it (and keeping the bytes until
    ``taken()`` when asked to)."""

    def __init__(self, handle: BinaryIO, *, keep: bool = False):
        self._handle = handle
        self.keep = keep
        self.read_bytes = 0
        self._pending: list[bytes] = []

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        got = self._handle.readinto(buffer)
        if got:
            self.read_bytes += got
            if self.keep:
                self._pending.append(bytes(memoryview(buffer)[:got]))
        return got

    def taken(self) -> bytes:
        pending, self._pending = self._pending, []
        return b"".join(pending)


GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(2) == GZIP_MAGIC


class GzipStream(BoundedReader):
    """A gzip file's text, bounded (see BoundedReader), with the problems of a damaged or cut
    off file said in words. ``taken()`` gives the compressed bytes read so far."""

    def __init__(self, handle: BinaryIO, limits: Limits, what: str = "the compressed file"):
        self._tap = _Tap(handle, keep=True)
        super().__init__(self._tap, gzip.GzipFile(fileobj=self._tap, mode="rb"), limits, what)

    def taken(self) -> bytes:
        return self._tap.taken()

    def readinto(self, buffer) -> int:
        try:
            return super().readinto(buffer)
        except EOFError:
            raise ArchiveRefused(
                f"{self.what} ends before its end: it is truncated (cut off while being copied "
                "or still being written); nothing was read from it"
            ) from None
        except (gzip.BadGzipFile, zlib.error):
            raise ArchiveRefused(
                f"{self.what} is damaged: it starts as gzip but cannot be decompressed"
            ) from None


_TAR_OPENERS = {
    b"\x1f\x8b": lambda tap: gzip.GzipFile(fileobj=tap, mode="rb"),
    b"BZh": lambda tap: bz2.BZ2File(tap),
    b"\xfd7zXZ\x00": lambda tap: lzma.LZMAFile(tap),  # noqa: SIM115 (closed with the tar)
}


def tar_members(
    path: Path, limits: Limits, what: str = "the archive"
) -> Iterator[tuple[str, bytes]]:
    """(name, content) of each regular file of a tar archive (plain, gzip, bzip2 or xz), in
    order, read as a stream: each member's declared size is checked before it is read, and the
    decompressed bytes are counted, so neither a bomb nor a lying header gets past the
    limits."""
    with path.open("rb") as handle:
        start = handle.read(6)
        handle.seek(0)
        tap = _Tap(handle)
        opener = next((o for magic, o in _TAR_OPENERS.items() if start.startswith(magic)), None)
        stream = BoundedReader(tap, opener(tap) if opener else tap, limits, what)
        try:
            with tarfile.open(fileobj=io.BufferedReader(stream), mode="r|") as archive:
                total = 0
                for member in archive:
                    if not member.isfile():
                        continue
                    if member.size > limits.member:
                        raise _too_big(what, limits.member)
                    total += member.size
                    if total > limits.total:
                        raise _too_big(what, limits.total)
                    extracted = archive.extractfile(member)
                    yield member.name, extracted.read() if extracted is not None else b""
        except (EOFError, tarfile.ReadError, OSError, zlib.error, lzma.LZMAError):
            raise ArchiveRefused(
                f"{what} is damaged or cut off; nothing was taken from it"
            ) from None
