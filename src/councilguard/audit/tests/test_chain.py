"""The audit chain: each change writes its entry, and tampering through SQL is caught."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.audit.services import verify_chain
from councilguard.core.services import create_council

ACTOR = Actor.system("test")


@pytest.fixture
def council(db):
    council = create_council("Chainford Parish Council", actor=ACTOR)
    for n in range(5):
        with transaction.atomic():
            audit.record(
                council,
                Event.PERSON_UPDATED,
                actor=ACTOR,
                summary=f"change {n}",
                changes={"n": n, "when": "2026-01-01"},
            )
    return council


def _entry(council, sequence):
    return AuditEntry.objects.get(council=council, sequence=sequence)


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_untouched_chain_verifies(council):
    report = verify_chain(council)
    assert report.ok
    assert report.entries == 6  # council created + five changes
    call_command("audit", "verify", council.slug)


def test_entries_link_each_to_the_one_before(council):
    entries = list(AuditEntry.objects.filter(council=council).order_by("sequence"))
    assert entries[0].previous_hash == "0" * 64
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.previous_hash == before.entry_hash
        assert after.sequence == before.sequence + 1


def test_many_entries_at_once_continue_the_chain_in_order(council):
    with transaction.atomic():
        written = audit.record_many(
            council,
            [
                audit.Pending(Event.PERSON_UPDATED, ACTOR, summary=f"batch {n}", changes={"n": n})
                for n in range(3)
            ],
        )
        assert audit.record_many(council, []) == []
    assert [e.sequence for e in written] == [7, 8, 9]
    stored = list(AuditEntry.objects.filter(council=council, sequence__gt=6).order_by("sequence"))
    assert [e.summary for e in stored] == ["batch 0", "batch 1", "batch 2"]
    assert stored[0].previous_hash == _entry(council, 6).entry_hash
    assert verify_chain(council).ok
    with transaction.atomic():
        audit.record(council, Event.PERSON_UPDATED, actor=ACTOR, summary="after")
    assert _entry(council, 10).previous_hash == stored[-1].entry_hash
    assert verify_chain(council).ok


def test_recording_outside_a_transaction_is_refused(transactional_db):
    council = create_council("Loose Parish Council", actor=ACTOR)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record(council, Event.PERSON_UPDATED, actor=ACTOR)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record_many(council, [audit.Pending(Event.PERSON_UPDATED, ACTOR)])


def test_an_update_through_sql_is_named(council):
    target = _entry(council, 3)
    _sql("UPDATE audit_auditentry SET summary = %s WHERE id = %s", "nothing to see", target.pk)
    report = verify_chain(council)
    assert not report.ok
    assert report.first_break.sequence == 3
    assert report.first_break.entry_id == target.pk
    assert "changed" in report.first_break.reason
    with pytest.raises(CommandError, match=r"entry #3 \(id \d+\)"):
        call_command("audit", "verify", council.slug)


def test_a_changed_detail_inside_the_json_is_caught(council):
    target = _entry(council, 2)
    _sql("UPDATE audit_auditentry SET changes = %s WHERE id = %s", '{"n": 99}', target.pk)
    assert verify_chain(council).first_break.sequence == 2


def test_a_deleted_entry_is_named(council):
    _sql("DELETE FROM audit_auditentry WHERE id = %s", _entry(council, 4).pk)
    report = verify_chain(council)
    assert report.first_break.sequence == 4
    assert "removed" in report.first_break.reason


def test_a_deleted_last_entry_is_caught_by_the_head(council):
    _sql("DELETE FROM audit_auditentry WHERE id = %s", _entry(council, 6).pk)
    report = verify_chain(council)
    assert not report.ok
    assert report.first_break.sequence == 6


def test_two_swapped_entries_are_caught(council):
    a, b = _entry(council, 2), _entry(council, 3)
    # Swap their positions: give each the other's sequence number.
    _sql("UPDATE audit_auditentry SET sequence = 1000 WHERE id = %s", a.pk)
    _sql("UPDATE audit_auditentry SET sequence = 2 WHERE id = %s", b.pk)
    _sql("UPDATE audit_auditentry SET sequence = 3 WHERE id = %s", a.pk)
    report = verify_chain(council)
    assert report.first_break.sequence == 2
    assert report.first_break.entry_id == b.pk


def test_swapped_contents_with_recomputed_hashes_still_break_the_links(council):
    # A careful forger rewrites two rows' texts and recomputes their own hashes...
    for sequence, summary in ((2, "forged a"), (3, "forged b")):
        entry = _entry(council, sequence)
        entry.summary = summary
        _sql(
            "UPDATE audit_auditentry SET summary = %s, entry_hash = %s WHERE id = %s",
            summary,
            entry.compute_hash(),
            entry.pk,
        )
    # ...but the next entry still points at the old hash.
    assert verify_chain(council).first_break.sequence == 3


def test_verify_covers_every_council_and_names_the_broken_one(council, db):
    other = create_council("Untouched Town Council", actor=ACTOR)
    _sql(
        "UPDATE audit_auditentry SET actor_label = %s WHERE id = %s",
        "someone else",
        _entry(council, 5).pk,
    )
    with pytest.raises(CommandError, match="chainford-parish-council: entry #5"):
        call_command("audit", "verify")
    assert verify_chain(other).ok


def test_verify_of_an_unknown_council_is_one_clear_error(db):
    with pytest.raises(CommandError, match="no council called 'nowhere'"):
        call_command("audit", "verify", "nowhere")


@pytest.mark.parametrize(
    "address", ["2001:DB8:0:0::1", "fe80::1%eth0", "192.0.2.7", "not an address"]
)
def test_any_client_address_hashes_as_it_is_stored(council, address):
    with transaction.atomic():
        audit.record(council, Event.PERSON_UPDATED, actor=Actor(label="x", ip_address=address))
    assert verify_chain(council).ok


def test_values_a_json_column_would_rewrite_still_verify(council):
    from datetime import date
    from decimal import Decimal

    awkward = {
        "big": 1e20,
        "ratio": 0.1,
        "nan": float("nan"),
        "when": date(2026, 4, 1),
        "money": Decimal("12.50"),
        "tags": {"b", "a"},
        "nul": "a\x00b",
        7: ["x", (1, 2)],
    }
    with transaction.atomic():
        entry = audit.record(
            council, Event.PERSON_UPDATED, actor=ACTOR, changes=awkward, summary="nul\x00here"
        )
    assert verify_chain(council).ok
    entry.refresh_from_db()
    assert entry.changes["big"] == "1e+20"
    assert entry.changes["tags"] == ["a", "b"]


def test_entries_written_while_checking_are_not_mistaken_for_tampering(council):
    from councilguard.audit.models import ChainHead

    # A check that read the head just before another entry was appended.
    head = ChainHead.objects.get(council=council)
    with transaction.atomic():
        audit.record(council, Event.PERSON_UPDATED, actor=ACTOR)
    ChainHead.objects.filter(pk=head.pk).update(sequence=head.sequence, entry_hash=head.entry_hash)
    report = verify_chain(council)
    assert report.ok and report.entries == head.sequence


def test_a_missing_head_is_reported(council):
    _sql("DELETE FROM audit_chainhead WHERE council_id = %s", council.pk)
    assert not verify_chain(council).ok


def test_a_council_with_no_entries_and_no_head_is_not_intact(db):
    council = create_council("Emptied Parish Council", actor=ACTOR)
    _sql("DELETE FROM audit_auditentry WHERE council_id = %s", council.pk)
    _sql("DELETE FROM audit_chainhead WHERE council_id = %s", council.pk)
    report = verify_chain(council)
    assert not report.ok
    assert report.first_break.reason == (
        "the trail has no entries and no chain head (it should start with the council's creation)"
    )
    with pytest.raises(CommandError, match="no entries and no chain head"):
        call_command("audit", "verify", council.slug)


def test_a_head_over_no_entries_is_not_intact(db):
    council = create_council("Emptied Parish Council", actor=ACTOR)
    _sql("DELETE FROM audit_auditentry WHERE council_id = %s", council.pk)
    _sql(
        "UPDATE audit_chainhead SET sequence = 0, entry_hash = %s WHERE council_id = %s",
        "0" * 64,
        council.pk,
    )
    report = verify_chain(council)
    assert not report.ok
    assert report.first_break.reason == (
        "the trail has no entries (it should start with the council's creation)"
    )
    out = StringIO()
    with pytest.raises(CommandError, match="audit trail broken"):
        call_command("audit", "verify", council.slug, stdout=out)
    assert out.getvalue() == (
        "emptied-parish-council: BROKEN at emptied-parish-council: entry #1: the trail has no "
        "entries (it should start with the council's creation)\n"
    )


def test_a_head_reset_to_nothing_over_stored_entries_is_not_intact(council):
    _sql(
        "UPDATE audit_chainhead SET sequence = 0, entry_hash = %s WHERE council_id = %s",
        "0" * 64,
        council.pk,
    )
    report = verify_chain(council)
    assert report.first_break.reason == (
        "the chain head records no entries but 6 are stored (the head was reset)"
    )


def test_a_head_that_does_not_match_the_last_entry_is_caught(council):
    _sql("UPDATE audit_chainhead SET entry_hash = %s WHERE council_id = %s", "f" * 64, council.pk)
    report = verify_chain(council)
    assert not report.ok
    assert report.first_break.sequence == 6
    assert report.first_break.reason == (
        "the chain head's fingerprint does not match the last entry "
        "(the head, or the last entry and its fingerprint, were changed)"
    )


def test_a_missing_head_over_entries_is_named(council):
    _sql("DELETE FROM audit_chainhead WHERE council_id = %s", council.pk)
    assert verify_chain(council).first_break.reason == "the chain head is missing"
