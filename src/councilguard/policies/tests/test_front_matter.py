"""A council document's front matter (C1): the status table, version history, review record and
contents list go into the version's fields and the policy's history, and only the policy text
becomes clauses. The documents are written here in the shape of the two seed policies: one
with a front page of tables (seed A, as Word saves it as text, as a .docx and as Markdown), one
that starts with its contents list or straight with its numbered text (seed B)."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.urls import reverse

from councilguard.audit.events import Event
from councilguard.policies import services
from councilguard.policies.frontmatter import parse_date
from councilguard.policies.importing import PolicyImportError, parse_document, parse_markdown
from councilguard.policies.models import ApprovingBody, HistoryEntry, Policy, Review
from councilguard.testing.audit import assert_audited
from councilguard.testing.world import SETUP

# Seed A's shape: the council, the title, a status table (two label-value pairs a row), the
# version history, an empty review record and a contents list with page numbers, all as tab-
# separated rows; then unnumbered headed sections.
SHAPE_A = "\n".join(
    [
        "",
        "Oakfield Parish Council",
        "",
        "Computers, Phones and Online Posting Policy",
        "",
        "Policy / File Status",
        "",
        "Version\t1.3\tApproving Body\tFull Council",
        "Date\t02-02-2026\tDate of Approval\t09-02-2026",
        "Responsible Officer\tParish Clerk\tMinute Reference\tPC.26.14",
        "Oversight Committee\tPersonnel Committee\tReview Date\t2027, or sooner if the law changes",
        "",
        "Version History",
        "",
        "Date\tVersion\tAuthor/Editor\tComments",
        "11.04.24\t1.1\tParish Clerk\tFirst adopted",
        "30-09-25\t1.2\tParish Clerk\tPhone section rewritten",
        "02-02-26\t1.3\tAssistant Clerk\tRe-adopted without change",
        "",
        "Review Record",
        "",
        "Date\tType of Review Conducted\tSummary of Actions Taken or Decisions Made\tCompleted By",
        "15-01-2026\tAnnual review\tNo changes needed\tPersonnel Committee",
        "",
        "Contents",
        "",
        "Section\tTitle\tPage",
        "\tChecking council equipment\t2",
        "\tPhones\t3",
        "",
        "Council equipment",
        "",
        "Checking council equipment",
        "",
        "The council may check how its laptops and phones are used.",
        "",
        "Phones",
        "",
        "A council phone is for council business.",
        "",
    ]
)
CLAUSES_A = [
    ("council-equipment", None, "Council equipment"),
    ("checking-council-equipment", None, "Checking council equipment"),
    ("phones", None, "Phones"),
]


def _tree(parsed):
    return [(c.reference, c.parent, c.heading) for c in parsed.clauses]


def _assert_front_of_a(front):
    assert front.council_name == "Oakfield Parish Council"
    assert (front.version, front.document_date, front.approving_body, front.approved_on) == (
        "1.3",
        date(2026, 2, 2),
        "Full Council",
        date(2026, 2, 9),
    )
    assert (front.responsible_officer, front.minute_reference, front.oversight_committee) == (
        "Parish Clerk",
        "PC.26.14",
        "Personnel Committee",
    )
    # "2027, or sooner if the law changes" is not a date: kept as written, no date made up.
    assert (front.review_due, front.review_text) == (None, "2027, or sooner if the law changes")
    assert [(h.on_date, h.version, h.author, h.comment) for h in front.history] == [
        (date(2024, 4, 11), "1.1", "Parish Clerk", "First adopted"),
        (date(2025, 9, 30), "1.2", "Parish Clerk", "Phone section rewritten"),
        (date(2026, 2, 2), "1.3", "Assistant Clerk", "Re-adopted without change"),
    ]
    assert [(r.on_date, r.review_type, r.actions, r.completed_by) for r in front.reviews] == [
        (date(2026, 1, 15), "Annual review", "No changes needed", "Personnel Committee")
    ]
    assert front.contents == ["Checking council equipment", "Phones"]


def test_a_document_shaped_like_seed_a_keeps_its_front_matter_out_of_the_clauses():
    parsed = parse_document("policy.txt", SHAPE_A.encode("cp1252"))
    assert parsed.title == "Computers, Phones and Online Posting Policy"
    _assert_front_of_a(parsed.front)
    assert _tree(parsed) == CLAUSES_A
    text = " ".join(c.heading + " " + c.text for c in parsed.clauses)
    for front_word in ("Version History", "PC.26.14", "First adopted", "Review Record"):
        assert front_word not in text


def test_the_corrected_markdown_reads_back_with_the_same_front_matter():
    parsed = parse_document("policy.txt", SHAPE_A.encode())
    again = parse_markdown(parsed.as_markdown())
    assert again.as_dict(full_text=True) == parsed.as_dict(full_text=True)
    _assert_front_of_a(again.front)


def _docx_shaped_like_a() -> bytes:
    document = docx.Document()
    document.add_paragraph("Oakfield Parish Council", style="Title")
    document.add_paragraph("Computers, Phones and Online Posting Policy")
    document.add_paragraph("Policy / File Status")
    status = document.add_table(rows=0, cols=4)
    for row in (
        ("Version", "1.3", "Approving Body", "Full Council"),
        ("Date", "02-02-2026", "Date of Approval", "09-02-2026"),
        ("Responsible Officer", "Parish Clerk", "Minute Reference", "PC.26.14"),
        ("Oversight Committee", "Personnel Committee", "Review Date", "01/03/2027"),
    ):
        cells = status.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.add_paragraph("Version History")
    history = document.add_table(rows=0, cols=4)
    for row in (
        ("Date", "Version", "Author/Editor", "Comments"),
        ("11.04.24", "1.1", "Parish Clerk", "First adopted"),
    ):
        for cell, value in zip(history.add_row().cells, row, strict=True):
            cell.text = value
    document.add_paragraph("Checking council equipment", style="Heading 1")
    document.add_paragraph("The council may check how its laptops and phones are used.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_document_shaped_like_seed_a_reads_its_tables_as_front_matter():
    parsed = parse_document("policy.docx", _docx_shaped_like_a())
    front = parsed.front
    assert (front.version, front.approved_on, front.review_due, front.minute_reference) == (
        "1.3",
        date(2026, 2, 9),
        date(2027, 3, 1),
        "PC.26.14",
    )
    assert [(h.on_date, h.version) for h in front.history] == [(date(2024, 4, 11), "1.1")]
    assert _tree(parsed) == [("checking-council-equipment", None, "Checking council equipment")]


# Seed B's shape: Word's table of contents saved as text (titles with page numbers, bookmarks
# left in the headings), then numbered clauses; no status table.
SHAPE_B = "\n".join(
    [
        "Oakfield Parish Council IT Policy",
        "Contents",
        "Watching IT use\t2",
        "Computer use\t2",
        "[bookmark: _Toc1]Watching IT use",
        "The council may look at how its systems are used, for a good reason.",
        "[bookmark: _Toc2]Computer use",
        "1.1.1 Lock the screen when you leave your desk.",
        "1.1.2 Ask the Clerk before using your own memory stick.",
    ]
)


def test_a_document_shaped_like_seed_b_reads_its_contents_list_and_then_its_clauses():
    parsed = parse_document("policy.txt", SHAPE_B.encode())
    assert parsed.title == "Oakfield Parish Council IT Policy"
    assert parsed.front.contents == ["Watching IT use", "Computer use"]
    assert (parsed.front.version, parsed.front.history) == ("", [])
    assert _tree(parsed) == [
        ("watching-it-use", None, "Watching IT use"),
        ("computer-use", None, "Computer use"),
        ("1.1.1", "computer-use", ""),
        ("1.1.2", "computer-use", ""),
    ]


def test_a_document_with_no_front_matter_is_read_as_before():
    text = "\n".join(SHAPE_B.splitlines()[4:])
    parsed = parse_document("policy.txt", text.encode())
    assert parsed.front is None
    assert [c.reference for c in parsed.clauses] == [
        "watching-it-use",
        "computer-use",
        "1.1.1",
        "1.1.2",
    ]


def test_unreadable_front_matter_lines_are_listed_by_number_and_nothing_is_read():
    bad = SHAPE_A.replace("11.04.24\t1.1", "31.02.24\t1.1").replace(
        "Date of Approval\t09-02-2026", "Date of Approval\tsoon"
    )
    with pytest.raises(PolicyImportError) as refused:
        parse_document("policy.txt", bad.encode())
    message = str(refused.value)
    assert "line 9: Date of Approval 'soon' is not a date" in message
    assert "line 16: '31.02.24' is not a date" in message


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("20-05-2026", date(2026, 5, 20)),
        ("06.03.25", date(2025, 3, 6)),
        ("13/05/26", date(2026, 5, 13)),
        ("2026-05-20", date(2026, 5, 20)),
        ("20 May 2026", date(2026, 5, 20)),
        ("1st March 2027", date(2027, 3, 1)),
        ("2026", None),
        ("32-01-2026", None),
        ("", None),
    ],
)
def test_dates_as_councils_write_them(text, day):
    assert parse_date(text) == day


def test_saving_puts_the_front_matter_into_the_version_the_policy_and_its_history(world):
    world.people["clerk"].job_title = "Parish Clerk"
    world.people["clerk"].save(update_fields=["job_title"])
    parsed = parse_document("policy.txt", SHAPE_A.encode())
    policy = services.create_policy(world.council, title=parsed.title, code="A", actor=SETUP)
    with assert_audited(world.council, Event.POLICY_UPDATED, Event.VERSION_DRAFTED):
        version = services.draft_version(policy, parsed, label="1.3", actor=SETUP)
    assert (
        version.approving_body,
        version.approved_on,
        version.minute_reference,
    ) == (ApprovingBody.FULL_COUNCIL, date(2026, 2, 9), "PC.26.14")
    assert list(version.clauses.values_list("reference", flat=True)) == [
        "council-equipment",
        "checking-council-equipment",
        "phones",
    ]
    policy.refresh_from_db()
    assert (policy.oversight_committee, policy.responsible_officer, policy.review_due) == (
        "Personnel Committee",
        world.people["clerk"],
        None,
    )
    lines = list(
        HistoryEntry.objects.filter(policy=policy)
        .order_by("on_date", "pk")
        .values_list("on_date", "version_label", "author", "comment")
    )
    assert lines[:3] == [
        (date(2024, 4, 11), "1.1", "Parish Clerk", "First adopted"),
        (date(2025, 9, 30), "1.2", "Parish Clerk", "Phone section rewritten"),
        (date(2026, 2, 2), "1.3", "Assistant Clerk", "Re-adopted without change"),
    ]
    assert [c for *_, c in lines[3:]] == ["Draft prepared"]
    assert list(Review.objects.filter(policy=policy).values_list("reviewed_on", "review_type")) == [
        (date(2026, 1, 15), "Annual review")
    ]
    # The same document again, as the next draft, adds no history lines it already has.
    services.discard_draft(version, actor=SETUP)
    services.draft_version(policy, parsed, label="1.3", actor=SETUP)
    imported = HistoryEntry.objects.filter(policy=policy).exclude(comment="Draft prepared")
    assert imported.count() == 3
    assert Review.objects.filter(policy=policy).count() == 1


def test_a_committee_named_as_the_approving_body_is_kept_with_its_name(world):
    parsed = parse_document(
        "policy.txt",
        SHAPE_A.replace("Approving Body\tFull Council", "Approving Body\tPersonnel Committee")
        .encode(),
    )  # fmt: skip
    policy = services.create_policy(world.council, title=parsed.title, code="A", actor=SETUP)
    version = services.draft_version(policy, parsed, label="1.3", actor=SETUP)
    assert (version.approving_body, version.committee_name) == (
        ApprovingBody.COMMITTEE,
        "Personnel Committee",
    )


def test_the_import_page_shows_what_it_read_and_saves_it(client, world):
    client.force_login(world.clerk)
    url = reverse("policies:policy_import", kwargs={"council": world.council.slug})
    upload = io.BytesIO(SHAPE_A.encode())
    upload.name = "policy.txt"
    page = client.post(
        url, {"file": upload, "code": "A", "label": "1.0", "material_change": "on"}
    ).content.decode()
    assert "Read from the front of the document" in page
    assert "Full Council on 9 February 2026 (minute PC.26.14)" in page
    assert "3 lines" in page
    assert 'name="label" value="1.3"' in page  # the document's own version
    markdown = parse_document("policy.txt", SHAPE_A.encode()).as_markdown()
    # The committee from the document is set on the new policy, recorded as a change to it.
    events = (Event.POLICY_CREATED, Event.POLICY_UPDATED, Event.VERSION_DRAFTED)
    with assert_audited(world.council, *events):
        client.post(
            url,
            {
                "code": "A",
                "label": "1.3",
                "material_change": "on",
                "title": "Computers, Phones and Online Posting Policy",
                "markdown": markdown,
            },
        )
    policy = Policy.objects.get(council=world.council, code="A")
    version = policy.versions.get()
    assert (version.label, version.approved_on) == ("1.3", date(2026, 2, 9))
    assert version.clauses.count() == 3
