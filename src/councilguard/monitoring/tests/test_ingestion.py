"""Ingesting a file: the receipt, attribution as of each moment, categories, the same file
twice, refusals, and nothing left behind by a failure."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from councilguard.audit.events import Event
from councilguard.core.roles import Role
from councilguard.monitoring import eventstore, ingest
from councilguard.monitoring.ingest import IngestError, ingest_file
from councilguard.monitoring.models import BatchStatus, IngestBatch, MonitoringSource
from councilguard.monitoring.parsers import FORMATS, TABLE_SCHEMA, Parsed, YearGuess
from councilguard.monitoring.tests.engine import TESTER, squid_line
from councilguard.testing.audit import assert_audited

TOO_FEW = "too few fields for the Squid native format (truncated?)"


def write(tmp_path: Path, lines: list[str], name: str = "access.log") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def log(tmp_path):
    return write(
        tmp_path,
        [
            # The staff member by user name, then the address before and after it changed hands.
            squid_line("2025-02-28 10:00:00", "10.9.9.9", "http://www.facebook.com/", "s.staff"),
            squid_line("2025-03-01 11:59:00", "10.0.0.5", "http://casino.example/"),
            squid_line("2025-03-01 12:01:00", "10.0.0.5", "http://shop.example/basket"),
            "not a squid line at all",
            squid_line("2025-03-01 12:02:00", "10.7.7.7", "http://elsewhere.example/"),
            squid_line("2025-03-01 12:03:00", "10.7.7.7", "http://elsewhere.example/"),
        ],
    )


def events(world) -> list[dict]:
    return eventstore.scan(world.council, "proxy").sort("line").collect().to_dicts()


def test_a_log_becomes_one_committed_batch_with_its_receipt(monitored, log):
    with assert_audited(monitored.council, Event.EVENTS_INGESTED):
        receipt = ingest_file(monitored.council, "proxy", "squid", log, actor=TESTER)
    data = receipt.as_dict()
    assert (data["lines"], data["accepted"], data["rejected"], data["unattributed"]) == (6, 5, 1, 2)
    assert data["duplicate"] is False
    assert data["rejected_lines"] == [{"line": 4, "reason": TOO_FEW}]
    batch = receipt.batch
    assert batch.status == BatchStatus.COMMITTED
    assert list(batch.unattributed_ids.values_list("identifier", "events")) == [("10.7.7.7", 2)]
    assert list(batch.rejections.values_list("line_number", "reason")) == [(4, TOO_FEW)]
    staff, manager = monitored.people[Role.STAFF], monitored.people[Role.MANAGER]
    rows = events(monitored)
    assert [(r["line"], r["person_id"], r["category"]) for r in rows] == [
        (1, staff.pk, "social_networks"),
        (2, staff.pk, "gambling"),  # the address was the staff member's until 12:00
        (3, manager.pk, "shopping"),  # and the manager's after
        (5, None, None),
        (6, None, None),
    ]
    assert rows[1]["local_minute"] == 11 * 60 + 59 and rows[1]["weekday"] == 5
    assert not (Path(eventstore.root()) / "staging").exists() or not any(
        (Path(eventstore.root()) / "staging").iterdir()
    )


def test_the_same_file_twice_is_a_no_op(monitored, log, tmp_path, monkeypatch):
    first = ingest_file(monitored.council, "proxy", "squid", log, actor=TESTER)
    # Known before any parsing: the second time nothing is read but the hash.
    with monkeypatch.context() as patch:
        patch.setattr(ingest, "_Enricher", None)
        with assert_audited(monitored.council):
            again = ingest_file(monitored.council, "proxy", "squid", log, actor=TESTER)
    assert again.duplicate and again.batch == first.batch
    assert IngestBatch.objects.count() == 1
    assert len(events(monitored)) == 5
    # A different file of the same size is a new batch.
    other = tmp_path / "other.log"
    other.write_bytes(log.read_bytes().replace(b"elsewhere", b"elsewhare"))
    assert other.stat().st_size == log.stat().st_size
    assert not ingest_file(monitored.council, "proxy", "squid", other, actor=TESTER).duplicate
    assert IngestBatch.objects.count() == 2


def test_a_source_without_its_settings_is_refused(monitored, log):
    MonitoringSource.objects.filter(kind="proxy").update(dpia_reference="", retention_days=None)
    with pytest.raises(IngestError, match="impact assessment reference, retention period"):
        ingest_file(monitored.council, "proxy", "squid", log, actor=TESTER)
    assert not IngestBatch.objects.exists()


def test_an_unknown_format_or_a_council_without_the_source_is_refused(world, data_dir, log):
    with pytest.raises(IngestError, match="unknown format 'apache'"):
        ingest_file(world.council, "proxy", "apache", log, actor=TESTER)
    with pytest.raises(IngestError, match="has not set up proxy monitoring"):
        ingest_file(world.council, "proxy", "squid", log, actor=TESTER)


def test_a_failure_part_way_leaves_no_batch_and_no_files(monitored, log, monkeypatch):
    monkeypatch.setattr(ingest, "CHUNK_BYTES", 200)  # several chunks
    monkeypatch.setattr(ingest, "JOIN_ROWS", 1)  # each enriched and written on its own
    calls = {"n": 0}
    real = ingest._Enricher.__call__

    def interrupted(self, frame):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(self, frame)

    monkeypatch.setattr(ingest._Enricher, "__call__", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest_file(monitored.council, "proxy", "squid", log, actor=TESTER)
    assert not IngestBatch.objects.exists()
    root = Path(eventstore.root())
    assert not list(root.glob("events/**/*.parquet"))
    assert not (root / "staging").exists() or not any((root / "staging").iterdir())


def test_small_chunks_number_lines_across_chunk_boundaries(monitored, log, monkeypatch):
    monkeypatch.setattr(ingest, "CHUNK_BYTES", 150)
    receipt = ingest_file(monitored.council, "proxy", "squid", log, actor=TESTER)
    assert receipt.as_dict()["rejected_lines"][0]["line"] == 4
    assert [r["line"] for r in events(monitored)] == [1, 2, 3, 5, 6]


def test_files_of_an_uncommitted_batch_are_not_read(monitored, log):
    receipt = ingest_file(monitored.council, "proxy", "squid", log, actor=TESTER)
    stray = eventstore.council_dir(monitored.council, "proxy") / "day=2025-03-01" / "x.parquet"
    real = next(eventstore.council_dir(monitored.council, "proxy").glob("day=2025-03-01/*"))
    stray.write_bytes(real.read_bytes())
    assert len(events(monitored)) == 5
    assert receipt.batch.days == ["2025-02-28", "2025-03-01"]


def test_the_command_prints_a_json_receipt_and_refuses_clearly(monitored, log, capsys):
    call_command("ingest", "--council", "ashby", "--source", "squid", "--json", str(log))
    receipt = json.loads(capsys.readouterr().out)
    assert receipt["accepted"] == 5 and receipt["duplicate"] is False
    assert set(receipt) >= {
        "batch",
        "sha256",
        "lines",
        "accepted",
        "rejected",
        "unattributed",
        "seconds",
        "duplicate",
    }
    call_command("ingest", "--council", "ashby", "--source", "squid", "--json", str(log))
    assert json.loads(capsys.readouterr().out)["duplicate"] is True
    with pytest.raises(CommandError, match="unknown format 'iis'"):
        call_command("ingest", "--council", "ashby", "--source", "iis", str(log))
    with pytest.raises(CommandError, match="no council called 'nowhere'"):
        call_command("ingest", "--council", "nowhere", "--source", "squid", str(log))


def test_dns_logs_are_attributed_by_address(monitored, tmp_path):
    path = write(
        tmp_path,
        [
            "Mar  3 10:00:01 dnsmasq[1]: query[A] casino.example from 10.0.0.5",
            "Mar  3 10:00:01 dnsmasq[1]: config casino.example is 0.0.0.0",
        ],
        "dns.log",
    )
    receipt = ingest_file(
        monitored.council,
        "dns",
        "dnsmasq",
        path,
        actor=TESTER,
        reference_date=__import__("datetime").date(2025, 3, 10),
    )
    assert receipt.as_dict()["accepted"] == 2
    rows = eventstore.scan(monitored.council, "dns").collect().to_dicts()
    assert [(r["person_id"], r["category"], r["blocked"]) for r in rows] == [
        (monitored.people[Role.MANAGER].pk, "gambling", True)
    ]


def _in_small_chunks_and_whole(council, fmt, small: Path, monkeypatch, chunk_bytes, join):
    """The receipts of ``small`` taken in chunks of ``chunk_bytes`` (pieces of ``join`` events
    at least), and of the same lines with other line endings (other bytes: not the same file)
    taken in one chunk."""
    whole = small.with_name("whole.log")
    whole.write_bytes(small.read_bytes().replace(b"\n", b"\r\n"))
    monkeypatch.setattr(ingest, "CHUNK_BYTES", chunk_bytes)
    monkeypatch.setattr(ingest, "JOIN_ROWS", join)
    in_small = ingest_file(council, "proxy", fmt, small, actor=TESTER)
    monkeypatch.undo()
    return in_small, ingest_file(council, "proxy", fmt, whole, actor=TESTER)


def _stored(council, receipt) -> list[dict]:
    """The events a batch stored, in line order."""
    paths = [
        p for p in eventstore.files(council, "proxy") if p.stem == str(receipt.batch.public_id)
    ]
    return pl.concat([pl.read_parquet(p) for p in paths]).sort("line").to_dicts()


@pytest.mark.parametrize("join", [1, 5, ingest.JOIN_ROWS])
def test_chunk_size_changes_nothing_that_is_stored(monitored, tmp_path, monkeypatch, join):
    """The scanner's dictionaries run on from chunk to chunk and each chunk's columns are
    compacted before writing: tiny chunks (and a line longer than the buffer), each enriched
    on its own or joined to the chunks before it (``join`` events at least), must store
    exactly what one chunk does."""
    hosts = ["www.facebook.com", "casino.example", "shop.example", "elsewhere.example"]
    hosts += [f"site{n}.example" for n in range(40)]
    who = [("10.0.0.5", "-"), ("10.9.9.9", "s.staff"), ("10.7.7.7", "-"), ("10.8.8.8", "M.Manager")]
    lines = []
    for n in range(400):
        client, user = who[n % len(who)]
        at = f"2025-03-01 {10 + n // 60:02d}:{n % 60:02d}:00"
        lines.append(squid_line(at, client, f"http://{hosts[(n * 7) % len(hosts)]}/p", user))
        if n % 97 == 0:
            lines.append("truncated 1740000000.000")
    lines.insert(
        200, squid_line("2025-03-01 13:20:30", "10.7.7.7", "http://x.example/" + "a" * 900)
    )
    in_small, in_whole = _in_small_chunks_and_whole(
        monitored.council, "squid", write(tmp_path, lines, "small.log"), monkeypatch, 256, join
    )

    assert len(_stored(monitored.council, in_small)) == 401
    assert _stored(monitored.council, in_small) == _stored(monitored.council, in_whole)
    counts = ("lines", "accepted", "rejected", "unattributed")
    assert [in_small.as_dict()[k] for k in counts] == [in_whole.as_dict()[k] for k in counts]
    assert in_small.rejects == in_whole.rejects
    # (User names compare without case: M.Manager is the manager's m.manager.)
    assert list(in_small.batch.unattributed_ids.values_list("identifier", "events")) == [
        ("10.7.7.7", 101)
    ]
    assert in_whole.batch.unattributed == in_small.batch.unattributed == 101


FORTIGATE = (
    '<189>Mar  1 {clock} fgt date=2025-03-01 time={clock} devname="FGT" tz="+0000" '
    'type="utm" subtype="webfilter" srcip={client} user="{user}" hostname="{host}" '
    'action="{action}" url="/p" rcvdbyte=2048 msg="{msg}" catdesc="{category}"'
)


@pytest.mark.parametrize("join", [1, 7, ingest.JOIN_ROWS])
def test_fortigate_pieces_joined_or_not_store_what_one_chunk_does(
    monitored, tmp_path, monkeypatch, join
):
    """FortiGate's chunks joined before enriching (their dictionaries and vendor categories
    running on), up to a chunk whose lines the Polars path read (CEF, another encoding: its
    dictionaries start afresh, so it begins a new piece), store what one chunk does."""
    lines = []
    for n in range(300):
        clock = f"{10 + n // 60:02d}:{n % 60:02d}:00"
        values = {
            "clock": clock,
            "client": f"10.0.0.{n % 9}",
            "user": ["s.staff", "N/A", "M.Manager", ""][n % 4],
            "host": f"site{(n * 7) % 23}.example",
            "action": "blocked" if n % 5 == 0 else "passthrough",
            "category": ["Gambling", "News and Media", "", "Shopping"][n % 4],
            # (A backslash: the line is read by the scanner's walk, not its quick reading.)
            "msg": 'a \\"quoted\\" word' if n % 3 == 0 else "a word",
        }
        lines.append(FORTIGATE.format(**values))
        if n % 61 == 0:
            lines.append(FORTIGATE.format(**values).replace("site", "café-"))
        if n % 89 == 0:
            lines.append("not a FortiGate line")
    in_small, in_whole = _in_small_chunks_and_whole(
        monitored.council, "fortigate", write(tmp_path, lines, "small.log"), monkeypatch, 700, join
    )

    assert len(_stored(monitored.council, in_small)) == 305
    assert _stored(monitored.council, in_small) == _stored(monitored.council, in_whole)

    def hosts(receipt) -> list[tuple]:
        (path,) = Path(eventstore.root()).glob(f"**/hosts/{receipt.batch.public_id}.parquet")
        return sorted(pl.read_parquet(path).iter_rows())

    # (The hosts as the vendor rated them are noted once per piece, then only when new.)
    assert hosts(in_small) == hosts(in_whole)
    assert {c for _, c, _ in hosts(in_small)} >= {"fortigate/Gambling", "fortigate/Shopping"}
    assert in_small.rejects == in_whole.rejects and len(in_small.rejects) == 4
    counts = ("lines", "accepted", "rejected", "unattributed")
    assert [in_small.as_dict()[k] for k in counts] == [in_whole.as_dict()[k] for k in counts]


def test_the_digest_is_the_files_whichever_thread_hashes_each_chunk(tmp_path, monkeypatch):
    """With the caller slower than the parsing thread, the parsing thread hashes chunks ahead
    of it; the digest is still the file's, fed in file order, and every line is read (with
    the chunks' buffers used again once hashed)."""
    lines = [
        squid_line(
            f"2025-03-01 10:{n // 60 % 60:02d}:{n % 60:02d}", "10.0.0.5", f"http://s{n}.example/"
        )
        for n in range(3000)
    ]
    path = write(tmp_path, lines)
    monkeypatch.setattr(ingest, "CHUNK_BYTES", 8192)
    by = Counter()
    step = ingest._Hashing.step

    def counted(self):
        hashed = step(self)
        by[threading.current_thread().name] += hashed
        return hashed

    monkeypatch.setattr(ingest._Hashing, "step", counted)
    digest = hashlib.sha256()
    reader = FORMATS["squid"].reader(YearGuess(date(2025, 3, 1)))
    read = []
    for parsed in ingest._parsed(path, reader, digest, None, 65536):
        time.sleep(0.01)  # a slow caller: long enough for the parsing thread to fill the queue
        read += parsed.table["line"].to_pylist()
    assert read == list(range(1, 3001))
    assert digest.hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()
    assert by["ingest-parse"] > 0 and sum(by.values()) == -(-path.stat().st_size // 8192)


def test_joined_chunks_keep_their_lines_and_rejects_even_with_no_rows():
    """Chunks whose every line was rejected join like any other: no rows, every line counted,
    every reject kept in order (a column of no rows may have no chunks at all)."""
    empty = pa.Table.from_batches([], schema=TABLE_SCHEMA)
    joined = ingest._joined(
        [Parsed(empty, 3, [(1, "bad")]), Parsed(empty, 2, [(4, "worse")], continued=True)]
    )
    assert (joined.table.num_rows, joined.lines) == (0, 5)
    assert joined.rejects == [(1, "bad"), (4, "worse")]
    assert joined.table.schema == TABLE_SCHEMA and not joined.continued


def test_ingests_at_once_share_the_short_switch_interval_and_restore_it():
    before = sys.getswitchinterval()
    ingest._quick_switching(True)
    ingest._quick_switching(True)
    ingest._quick_switching(False)
    assert sys.getswitchinterval() == pytest.approx(ingest.SWITCH_INTERVAL)
    ingest._quick_switching(False)
    assert sys.getswitchinterval() == pytest.approx(before)
