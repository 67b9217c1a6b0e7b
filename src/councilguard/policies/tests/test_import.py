"""Reading councils' own documents into clause trees: DOCX (typed numbers, Word headings and
Word's automatic numbering), Markdown and plain text, all built by the tests themselves."""

from __future__ import annotations

import io
import json

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from councilguard.policies.importing import (
    ParsedClause,
    ParsedPolicy,
    PolicyImportError,
    parse_document,
    parse_markdown,
)
from councilguard.policies.models import Policy, VersionStatus


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _tree(parsed: ParsedPolicy) -> list[tuple[str, str | None, str]]:
    return [(c.reference, c.parent, c.heading) for c in parsed.clauses]


def test_a_docx_with_typed_clause_numbers():
    def build(d):
        d.add_paragraph("Use of Council Equipment", style="Title")
        d.add_paragraph("Computer use", style="Heading 1")
        d.add_paragraph("1.1 Hardware")
        d.add_paragraph(
            "1.1.1 Council computers are for council business; some personal use "
            "is allowed outside working hours."
        )
        d.add_paragraph("1.1.2 Lock the screen whenever you leave the computer.")
        d.add_paragraph("Equipment", style="Heading 1")
        d.add_paragraph("2.1 Portable equipment")
        d.add_paragraph("2.1.1 Laptops and phones must be encrypted.")
        d.add_paragraph("use a PIN of six digits or more", style="List Bullet")

    parsed = parse_document("policy.docx", _docx(build))
    assert parsed.title == "Use of Council Equipment"
    assert _tree(parsed) == [
        ("computer-use", None, "Computer use"),
        ("1.1", "computer-use", "Hardware"),
        ("1.1.1", "1.1", ""),
        ("1.1.2", "1.1", ""),
        ("equipment", None, "Equipment"),
        ("2.1", "equipment", "Portable equipment"),
        ("2.1.1", "2.1", ""),
    ]
    assert parsed.clauses[2].text.startswith("Council computers are for council business")
    assert (
        parsed.clauses[-1].text
        == "Laptops and phones must be encrypted.\n• use a PIN of six digits or more"
    )


def test_a_docx_with_word_headings_and_no_numbers():
    def build(d):
        d.add_paragraph("Phones and Social Media", style="Title")
        for heading, body in [
            ("Lost or stolen phones", "Tell the clerk straight away so the number is stopped."),
            ("Personal calls", "Keep them short and pay for them."),
        ]:
            d.add_paragraph(heading, style="Heading 1")
            d.add_paragraph(body)
        d.add_paragraph("Group chats", style="Heading 2")
        d.add_paragraph("Council business does not go in personal chat groups.")

    parsed = parse_document("phones.docx", _docx(build))
    assert _tree(parsed) == [
        ("lost-or-stolen-phones", None, "Lost or stolen phones"),
        ("personal-calls", None, "Personal calls"),
        ("group-chats", "personal-calls", "Group chats"),
    ]
    assert parsed.clauses[0].text == "Tell the clerk straight away so the number is stopped."


def _decimal_list(document, num_id: int = 99) -> int:
    """Add a multi-level decimal list definition ("1", "1.1") as Word writes one."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(num_id))
    for level in range(3):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        fmt = OxmlElement("w:numFmt")
        fmt.set(qn("w:val"), "decimal")
        text = OxmlElement("w:lvlText")
        text.set(qn("w:val"), ".".join(f"%{n + 1}" for n in range(level + 1)))
        lvl.append(fmt)
        lvl.append(text)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(num_id))
    num.append(ref)
    numbering.append(num)
    return num_id


def _numbered(paragraph, level: int, num_id: int) -> None:
    """Give a paragraph Word's automatic numbering, as Word itself stores it."""
    p_pr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    p_pr.append(num_pr)


def test_a_docx_with_words_automatic_numbering():
    def build(d):
        list_id = _decimal_list(d)
        for level, text in [
            (0, "Passwords"),
            (1, "Passwords are never shared with anyone, for any reason."),
            (1, "Change a password at once if someone may have seen it."),
            (0, "Monitoring"),
            (1, "The council tells people what it monitors and why."),
        ]:
            _numbered(d.add_paragraph(text), level, list_id)

    parsed = parse_document("auto.docx", _docx(build))
    assert _tree(parsed) == [
        ("1", None, "Passwords"),
        ("1.1", "1", ""),
        ("1.2", "1", ""),
        ("2", None, "Monitoring"),
        ("2.1", "2", ""),
    ]


def test_markdown_keeps_its_numbering_and_its_sections():
    parsed = parse_document(
        "p.md",
        b"""# Acceptable Use

## Scope
Everyone with a council account.

## 5 Monitoring
5.1 What is monitored

5.1.1 Web sites visited, and for how long.

5.1.2 Calls made on council phones.

9. Social media
""",
    )
    assert parsed.title == "Acceptable Use"
    assert _tree(parsed) == [
        ("scope", None, "Scope"),
        ("5", None, "Monitoring"),
        ("5.1", "5", "What is monitored"),
        ("5.1.1", "5.1", ""),
        ("5.1.2", "5.1", ""),
        ("9", None, "Social media"),
    ]


def test_plain_text_headings_and_numbers():
    parsed = parse_document(
        "p.txt",
        "Email\n\n7.1.1 Council e-mail is for council business.\n"
        "\n7.1.2 Personal use is not allowed.\n".encode("cp1252"),
    )
    assert _tree(parsed) == [
        ("email", None, "Email"),
        ("7.1.1", "email", ""),
        ("7.1.2", "email", ""),
    ]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("p.docx", b"not a zip", "not a Word document"),
        ("p.md", b"", "no clauses"),
        ("p.txt", b"\x81\x8d\x8f\x90\x9d" * 3, "not text"),
    ],
)
def test_unreadable_documents_are_refused_clearly(name, content, problem):
    with pytest.raises(PolicyImportError, match=problem):
        parse_document(name, content)


# Words as the parser leaves them: single spaces, nothing at either end.
words = (
    st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=30)
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)


@st.composite
def policies(draw):
    clauses = []
    for major in range(1, draw(st.integers(1, 4)) + 1):
        clauses.append(ParsedClause(str(major), str(major), draw(words).capitalize(), "", 0))
        for minor in range(1, draw(st.integers(0, 3)) + 1):
            text = draw(words) + "."
            if draw(st.booleans()):
                text += "\n• " + draw(words)
            clauses.append(
                ParsedClause(f"{major}.{minor}", f"{major}.{minor}", "", text, 1, str(major))
            )
    return ParsedPolicy(title="", clauses=clauses)


@settings(max_examples=60)
@given(policies())
def test_the_markdown_a_clerk_corrects_reads_back_as_the_same_tree(policy):
    again = parse_markdown(policy.as_markdown())
    assert again.as_dict(full_text=True) == policy.as_dict(full_text=True)


def test_the_command_prints_the_tree_and_saves_a_draft(world, tmp_path, capsys):
    path = tmp_path / "it.md"
    path.write_text("# IT Rules\n\n## 1 Devices\n\n1.1 Keep them locked.\n")
    call_command(
        "policy",
        "import",
        "--council",
        world.council.slug,
        str(path),
        "--code",
        "B",
        "--dry-run",
        "--json",
    )
    tree = json.loads(capsys.readouterr().out)
    assert [c["reference"] for c in tree["clauses"]] == ["1", "1.1"]
    assert not Policy.objects.filter(council=world.council).exists()

    call_command("policy", "import", "--council", world.council.slug, str(path), "--code", "B")
    out = capsys.readouterr().out
    assert "1.1  Keep them locked." in out
    policy = Policy.objects.get(council=world.council, code="B")
    assert policy.title == "IT Rules"
    version = policy.versions.get()
    assert version.status == VersionStatus.DRAFT
    assert list(version.clauses.values_list("reference", flat=True)) == ["1", "1.1"]


def test_the_command_explains_what_is_missing(world, tmp_path):
    path = tmp_path / "it.md"
    path.write_text("1.1 Keep them locked.\n")
    with pytest.raises(CommandError, match="--policy, or a new one's --code"):
        call_command("policy", "import", "--council", world.council.slug, str(path))
    with pytest.raises(CommandError, match="no title; give one with --title"):
        call_command("policy", "import", "--council", world.council.slug, str(path), "--code", "X")
