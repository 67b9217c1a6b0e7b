"""Hostile or broken log files (issue 12): a line too long to keep is rejected by number in
every format and never held whole; a file with no readable line (empty, binary, truncated gzip)
is refused in words and leaves nothing behind; gzip'd logs read as the logs they hold, within
the limits of what they may expand to; category archives are measured before they are read."""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from councilguard.audit.models import AuditEntry
from councilguard.monitoring import categories, eventstore, ingest
from councilguard.monitoring.ingest import IngestError, ingest_file
from councilguard.monitoring.models import IngestBatch
from councilguard.monitoring.parsers import FORMATS, MAX_LINE_BYTES, YearGuess, too_long
from councilguard.monitoring.tests.engine import TESTER, squid_line

MB = 1024 * 1024
YEAR = YearGuess(date(2025, 10, 20))
GOOD = squid_line("2025-03-01 12:01:00", "10.0.0.5", "http://shop.example/basket")

# One good line of each format, with a place to make it longer ("PAD" is in a URL path, a
# domain name or a trailing field, where any length is well-formed).
SAMPLES = {
    "squid": squid_line("2025-03-01 12:01:00", "10.0.0.5", "http://shop.example/PAD"),
    "squid-common": (
        '192.0.2.21 - jsmith [10/Oct/2025:13:55:36 +0100] "GET http://news.example/PAD '
        'HTTP/1.1" 200 5123 TCP_MISS:HIER_DIRECT'
    ),
    "dnsmasq": "Oct  9 10:00:01 dnsmasq[536]: query[A] nPADs.example from 192.0.2.21",
    "bind": (
        "09-Oct-2025 10:00:01.101 queries: info: client @0x7f00aa000001 192.0.2.21#50001 "
        "(news.example): query: nPADs.example IN A + (192.0.2.53)"
    ),
}


def sized(fmt: str, length: int) -> str:
    sample = SAMPLES[fmt]
    return sample.replace("PAD", "a" * (length - len(sample) + 3))


def read_whole(fmt: str, data: bytes, max_line: int):
    return FORMATS[fmt].reader(YEAR, max_line=max_line)(data)


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
def test_a_line_is_read_at_and_below_the_longest_and_rejected_above_it(fmt):
    limit = 300
    lines = [sized(fmt, limit - 1), sized(fmt, limit), sized(fmt, limit + 1), sized(fmt, 5000)]
    assert [len(line) for line in lines] == [limit - 1, limit, limit + 1, 5000]
    parsed = read_whole(fmt, ("\r\n".join(lines) + "\r\n").encode(), limit)
    assert parsed.rejects == [(3, too_long(limit)), (4, too_long(limit))]
    assert parsed.table.num_rows == 2


def test_the_reason_reads_as_words_and_the_scanner_says_it_alike():
    assert too_long(64 * 1024) == "line longer than 64 KB, the longest read"
    assert too_long(1000) == "line longer than 1000 bytes, the longest read"
    assert MAX_LINE_BYTES == 64 * 1024
    for limit in (64 * 1024, 1000):
        parsed = read_whole("squid", b"x" * (limit + 1) + b"\n", limit)
        assert parsed.rejects == [(1, too_long(limit))]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fmt=st.sampled_from(sorted(SAMPLES)),
    limit=st.integers(100, 400),
    lengths=st.lists(st.integers(90, 500), min_size=1, max_size=12),
    junk=st.lists(st.binary(min_size=0, max_size=600), max_size=3),
)
def test_every_format_rejects_exactly_the_lines_too_long_with_their_numbers(
    fmt, limit, lengths, junk
):
    lines = [sized(fmt, n).encode() for n in lengths]
    lines += [j.replace(b"\n", b" ").replace(b"\r", b" ") for j in junk]
    parsed = read_whole(fmt, b"\n".join(lines) + b"\n", limit)
    too = {n for n, reason in parsed.rejects if reason == too_long(limit)}
    assert too == {n for n, line in enumerate(lines, 1) if len(line) > limit}
    assert parsed.lines == len(lines)


def write(tmp_path: Path, lines: list[bytes], name: str = "access.log") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def nothing_left_behind(world, audit_before: int) -> None:
    assert not IngestBatch.objects.exists()
    assert AuditEntry.objects.filter(council=world.council).count() == audit_before
    root = Path(eventstore.root())
    assert not list(root.glob("events/**/*.parquet"))
    assert not (root / "staging").exists() or not any((root / "staging").iterdir())


@pytest.mark.parametrize("last", [False, True], ids=["in-the-middle", "last-without-newline"])
def test_a_line_longer_than_a_chunk_is_rejected_by_number_and_reading_goes_on(
    monitored, tmp_path, monkeypatch, settings, last
):
    monkeypatch.setattr(ingest, "CHUNK_BYTES", 4096)
    settings.INGEST_MAX_LINE_BYTES = 1000
    long_line = b"1741000000.000 5 10.0.0.5 " + b"A" * 100_000
    lines = [GOOD.encode(), long_line, GOOD.encode(), b"B" * 3000, GOOD.encode()]
    if last:
        lines.append(long_line)
    path = tmp_path / "access.log"
    path.write_bytes(b"\n".join(lines) + (b"" if last else b"\n"))
    receipt = ingest_file(monitored.council, "proxy", "squid", path, actor=TESTER).as_dict()
    reason = too_long(1000)
    expected = [{"line": 2, "reason": reason}, {"line": 4, "reason": reason}]
    if last:
        expected.append({"line": 6, "reason": reason})
    assert receipt["rejected_lines"] == expected
    assert (receipt["lines"], receipt["accepted"]) == (len(lines), 3)
    rows = eventstore.scan(monitored.council, "proxy").sort("line").collect()
    assert rows["line"].to_list() == [1, 3, 5]
    assert receipt["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_huge_line_is_never_held_whole(monitored, tmp_path):
    """96 MB without a newline, between good lines: read in chunks of 8 MB, skipped, listed;
    the memory is that of the few chunks on their way through, not of the line."""
    path = tmp_path / "access.log"
    with path.open("wb") as out:
        out.write(GOOD.encode() + b"\n")
        block = b"z" * MB
        for _ in range(96):
            out.write(block)
        out.write(b"\n" + GOOD.encode() + b"\n")
    tracemalloc.start()
    try:
        receipt = ingest_file(monitored.council, "proxy", "squid", path, actor=TESTER)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert receipt.as_dict()["rejected_lines"] == [{"line": 2, "reason": too_long(64 * 1024)}]
    assert receipt.batch.accepted == 2
    assert peak < 6 * ingest.CHUNK_BYTES


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty: there is no line in it to read; nothing was taken"),
        (
            bytes(range(256)) * 40,
            "no line of the file could be read as a Squid native access.log: all 41 were "
            "rejected (line 1: binary or control characters). Is it the right file and the "
            "right format? Nothing was taken",
        ),
        (
            b"not a log\nnor this\n",
            "no line of the file could be read as a Squid native access.log: all 2 were "
            "rejected (line 1: too few fields for the Squid native format (truncated?)). Is it "
            "the right file and the right format? Nothing was taken",
        ),
    ],
    ids=["empty", "binary", "no-good-line"],
)
def test_a_file_with_no_readable_line_is_refused_and_nothing_is_kept(
    monitored, tmp_path, content, problem
):
    path = tmp_path / "access.log"
    path.write_bytes(content)
    before = AuditEntry.objects.filter(council=monitored.council).count()
    with pytest.raises(IngestError) as refused:
        ingest_file(monitored.council, "proxy", "squid", path, actor=TESTER)
    assert str(refused.value) == problem
    nothing_left_behind(monitored, before)


def test_one_readable_line_is_enough_for_a_batch(monitored, tmp_path):
    path = write(tmp_path, [bytes(range(1, 9)), GOOD.encode()])
    receipt = ingest_file(monitored.council, "proxy", "squid", path, actor=TESTER)
    assert (receipt.batch.accepted, receipt.batch.rejected) == (1, 1)


def test_a_dns_file_with_no_readable_line_is_refused(monitored, tmp_path):
    path = write(tmp_path, [b"\x00\x01\x02", b"junk"], "query.log")
    with pytest.raises(IngestError, match="could be read as a dnsmasq / Pi-hole log-queries"):
        ingest_file(monitored.council, "dns", "dnsmasq", path, actor=TESTER)
    assert not IngestBatch.objects.exists()


def _plain_log() -> bytes:
    lines = [
        squid_line(f"2025-03-01 12:{m:02d}:00", "10.0.0.5", f"http://s{m}.example/")
        for m in range(30)
    ]
    lines[7] = "not a squid line"
    return ("\n".join(lines) + "\n").encode()


def test_a_gzipped_log_reads_as_the_log_it_holds(monitored, tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "CHUNK_BYTES", 512)  # several chunks of decompressed text
    packed = tmp_path / "access.log.1.gz"
    packed.write_bytes(gzip.compress(_plain_log()))
    receipt = ingest_file(monitored.council, "proxy", "squid", packed, actor=TESTER)
    data = receipt.as_dict()
    assert (data["lines"], data["accepted"]) == (30, 29)
    assert data["rejected_lines"][0]["line"] == 8
    assert data["sha256"] == hashlib.sha256(packed.read_bytes()).hexdigest()
    assert ingest_file(monitored.council, "proxy", "squid", packed, actor=TESTER).duplicate


def test_a_truncated_gzip_is_refused_naming_the_problem(monitored, tmp_path):
    packed = tmp_path / "access.log.1.gz"
    packed.write_bytes(gzip.compress(_plain_log())[:-30])
    before = AuditEntry.objects.filter(council=monitored.council).count()
    with pytest.raises(IngestError, match="the gzip'd log ends before its end: it is truncated"):
        ingest_file(monitored.council, "proxy", "squid", packed, actor=TESTER)
    nothing_left_behind(monitored, before)


def test_a_gzip_bomb_is_stopped_while_it_is_read(monitored, tmp_path, settings):
    settings.ARCHIVE_LIMITS = {
        **settings.ARCHIVE_LIMITS,
        "log": {"total": 10 * MB, "member": 10 * MB, "ratio": 100_000},
    }
    packed = tmp_path / "bomb.gz"
    packed.write_bytes(gzip.compress((GOOD + "\n").encode() * 200_000))  # about 24 MB
    before = AuditEntry.objects.filter(council=monitored.council).count()
    with pytest.raises(IngestError, match="would expand to more than 10 MB"):
        ingest_file(monitored.council, "proxy", "squid", packed, actor=TESTER)
    nothing_left_behind(monitored, before)


def _tgz(members: dict[str, bytes | int]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            if isinstance(content, int):
                info.size = content
                archive.addfile(info, io.BytesIO(bytes(content)))
            else:
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def test_a_category_archive_is_read_and_a_bomb_of_one_refused(data_dir, tmp_path, settings):
    honest = tmp_path / "blacklists.tar.gz"
    honest.write_bytes(
        _tgz({"blacklists/adult/domains": b"casino.example\n", "blacklists/games/usage": b"x"})
    )
    assert categories.import_lists(honest).categories == {"adult": 1}
    settings.ARCHIVE_LIMITS = {
        **settings.ARCHIVE_LIMITS,
        "category_lists": {"total": 20 * MB, "member": 4 * MB, "ratio": 100_000},
    }
    bomb = tmp_path / "bomb.tgz"
    bomb.write_bytes(_tgz({"blacklists/adult/domains": 8 * MB}))
    with pytest.raises(categories.CategoryError) as refused:
        categories.import_lists(bomb)
    assert str(refused.value) == (
        f"{bomb}: bomb.tgz would expand to more than 4 MB when unpacked, far more than a file "
        "of this kind needs; it was not read"
    )


def test_an_uploaded_binary_file_is_refused_on_the_page_in_words(client, monitored):
    client.force_login(monitored.it_provider)
    before = AuditEntry.objects.filter(council=monitored.council).count()
    response = client.post(
        reverse("monitoring:upload", kwargs={"council": monitored.council.slug}),
        {
            "kind": "proxy",
            "format": "squid",
            "file": SimpleUploadedFile("access.log", bytes(range(256)) * 4),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "no line of the file could be read as a Squid native access.log" in page
    assert "Traceback" not in page
    nothing_left_behind(monitored, before)


def _lines_of(content: bytes) -> list[bytes]:
    lines = content.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines


@settings(max_examples=80, deadline=None)
@given(
    lengths=st.lists(st.integers(0, 700), min_size=1, max_size=25),
    chunk=st.integers(64, 600),
    limit=st.integers(40, 300),
    newline_at_end=st.booleans(),
    packed=st.booleans(),
    reuse=st.booleans(),
)
def test_chunks_of_any_size_reject_exactly_the_long_lines_and_feed_the_digest_the_file(
    tmp_path_factory, lengths, chunk, limit, newline_at_end, packed, reuse
):
    """However the file falls into chunks (plain or gzip'd), a line is kept whole when it is
    short enough, stands in as one too-long line when not, and the digest sees every byte."""
    lines = [b"y" * n for n in lengths]
    content = b"\n".join(lines) + (b"\n" if newline_at_end else b"")
    path = tmp_path_factory.mktemp("chunks") / "log"
    path.write_bytes(gzip.compress(content) if packed else content)
    original = ingest.CHUNK_BYTES
    ingest.CHUNK_BYTES = chunk
    # With reuse, each chunk's buffer is given back as soon as the chunk is read, as the
    # ingest gives it back once hashed: what is read later must not see its old bytes.
    buffers = ingest._Buffers(chunk + limit + 1) if reuse else None
    pieces = []
    try:
        for part, fresh in ingest._chunks(path, None, limit, buffers):
            pieces.append((bytes(part), bytes(fresh)))
            if buffers:
                buffers.give(part.obj)
    finally:
        ingest.CHUNK_BYTES = original
    assert b"".join(fresh for _, fresh in pieces) == path.read_bytes()
    read = _lines_of(b"".join(bytes(part) for part, _ in pieces))
    lines = _lines_of(content)
    assert len(read) == len(lines)
    for original_line, seen in zip(lines, read, strict=True):
        if len(original_line) > limit:
            assert len(seen) > limit  # rejected as too long, whatever stood in for it
        else:
            assert seen == original_line
