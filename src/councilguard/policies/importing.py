"""Read a council's own policy document (DOCX, Markdown or plain text) into a clause tree (C1).

Councils number clauses by hand ("2.2.4 ...") or with Word's automatic numbering, or use headed
sections without numbers; both are kept. The result is shown as Markdown for the clerk to correct
before it is saved, and that Markdown is parsed again by the same rules, so what they see is
what is stored.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import docx
from django.utils.text import slugify
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError
from markdown_it import MarkdownIt

from councilguard.core import archives
from councilguard.policies.frontmatter import FrontMatter, FrontMatterError, split_front_matter

MAX_BYTES = 10 * 1024 * 1024
_NUMBER = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})*)\.?\s+(?P<rest>\S.*)$", re.DOTALL)
_BULLET = re.compile(r"^\s*[·•\-\*–]\s+")


class PolicyImportError(ValueError):
    """The document cannot be read; the message says why."""


@dataclass
class Block:
    text: str
    heading_level: int = 0  # 0: a paragraph; 1..6: a heading
    auto_number: str = ""  # from Word's list numbering, which is not in the text


@dataclass
class ParsedClause:
    reference: str
    number: str
    heading: str
    text: str
    depth: int
    parent: str | None = None

    @property
    def first_words(self) -> str:
        words = self.text.split()
        return " ".join(words[:10]) + (" …" if len(words) > 10 else "")


@dataclass
class ParsedPolicy:
    title: str
    clauses: list[ParsedClause] = field(default_factory=list)
    # The version table, history, review record and contents before the policy text
    # (policies.frontmatter), or None when the document has none.
    front: FrontMatter | None = None

    def as_markdown(self) -> str:
        """The canonical text a clerk corrects; parsing it again gives the same tree."""
        lines: list[str] = self.front.as_markdown() if self.front else []
        for clause in self.clauses:
            if clause.heading:
                marks = "#" * min(clause.depth + 2, 6)
                lines.append(f"{marks} {' '.join(filter(None, [clause.number, clause.heading]))}")
                lines.append("")
                lines.extend(_markdown_lines(clause.text))
            else:
                lines.extend(_markdown_lines(clause.text, number=clause.number))
        body = "\n".join(lines).strip() + "\n"
        return f"# {self.title}\n\n{body}" if self.title else body

    def as_dict(self, *, full_text: bool = False) -> dict:
        return {
            "title": self.title,
            "front_matter": self.front.as_dict() if self.front else None,
            "clauses": [
                {
                    "reference": c.reference,
                    "number": c.number,
                    "heading": c.heading,
                    "first_words": c.first_words,
                    **({"text": c.text} if full_text else {}),
                    "depth": c.depth,
                    "parent": c.parent,
                }
                for c in self.clauses
            ],
        }


def _markdown_lines(text: str, *, number: str = "") -> list[str]:
    """A clause's text as Markdown: paragraphs apart, its bullet points as a list. (The builder
    joins paragraphs with a blank line and bullets with a line break, so only bullets follow a
    line break here.)"""
    lines: list[str] = []
    if not text:
        return lines
    for index, chunk in enumerate(text.split("\n\n")):
        for position, line in enumerate(chunk.split("\n")):
            if line.startswith("• "):
                lines.append(f"- {line[2:]}")
            else:
                lines.append(f"{number} {line}".strip() if index == position == 0 else line)
        lines.append("")
    return lines


def parse_document(filename: str, content: bytes) -> ParsedPolicy:
    """Parse by file type: .docx, .md/.markdown, or anything else as plain text."""
    if len(content) > MAX_BYTES:
        raise PolicyImportError("the document is larger than 10 MB")
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".docx":
        front, blocks = _docx_blocks(content)
    else:
        text = _decode(content)
        if suffix in {".md", ".markdown"}:
            front, text = _front(text)
            blocks = _markdown_blocks(text)
        else:
            front, text = _front(text)
            blocks = _text_blocks(text, headings=front.contents if front else ())
    policy = build_tree(blocks, front)
    if not policy.clauses:
        raise PolicyImportError("no clauses or headed sections were found in the document")
    return policy


def parse_markdown(text: str) -> ParsedPolicy:
    front, text = _front(text)
    return build_tree(_markdown_blocks(text), front)


def _front(text: str) -> tuple[FrontMatter | None, str]:
    """The front matter of a text or Markdown document, and the text after it."""
    try:
        front, rest = split_front_matter(list(enumerate(text.splitlines(), start=1)))
    except FrontMatterError as exc:
        raise PolicyImportError(str(exc)) from None
    return front, "\n".join(line for _, line in rest) if front else text


def build_tree(blocks: list[Block], front: FrontMatter | None = None) -> ParsedPolicy:
    blocks = [b for b in blocks if b.text.strip()]
    title = ""
    headings = [b for b in blocks if b.heading_level]
    if headings and blocks[0].heading_level:
        top = min(b.heading_level for b in headings)
        first = blocks[0]
        # A document's own name: its first line, a heading above all the others.
        if (
            first.heading_level == top
            and sum(b.heading_level == top for b in headings) == 1
            and not _NUMBER.match(first.text)
            and len(headings) > 1
        ):
            title = first.text.strip()
            blocks = blocks[1:]
    builder = _TreeBuilder()
    for block in blocks:
        builder.add(block)
    if front is not None and front.title:
        title = front.title
    return ParsedPolicy(title=title, clauses=builder.clauses, front=front)


class _TreeBuilder:
    def __init__(self) -> None:
        self.clauses: list[ParsedClause] = []
        self.by_number: dict[str, ParsedClause] = {}
        self.sections: list[tuple[int, ParsedClause]] = []  # open unnumbered headings by level
        self.current: ParsedClause | None = None

    def add(self, block: Block) -> None:
        text = " ".join(block.text.split())
        number, rest = block.auto_number, text
        if not number and (match := _NUMBER.match(text)):
            number, rest = match["number"], match["rest"].strip()
        if block.heading_level:
            self._open(number, heading=rest, text="", level=block.heading_level)
        elif number:
            if _looks_like_heading(rest):
                self._open(number, heading=rest, text="", level=0)
            else:
                self._open(number, heading="", text=rest, level=0)
        elif self.current is None:
            self._open("", heading="Introduction", text=_bullet(text), level=1)
        else:
            joiner = "\n" if _BULLET.match(text) else "\n\n"
            body = _bullet(text)
            self.current.text = f"{self.current.text}{joiner}{body}" if self.current.text else body

    def _open(self, number: str, *, heading: str, text: str, level: int) -> None:
        if level:  # a heading closes the sections at its own level and below
            while self.sections and self.sections[-1][0] >= level:
                self.sections.pop()
        if number:
            # Numbers say where a clause belongs; failing that, under the nearest headed section
            # without a number (a numbered section is not the parent of "9" or "10.1").
            parent = self._numbered_parent(number) or next(
                (c for _, c in reversed(self.sections) if not c.number), None
            )
        else:
            parent = self.sections[-1][1] if self.sections else None
        reference = self._unique(number or slugify(heading)[:40] or "section")
        clause = ParsedClause(
            reference=reference,
            number=number,
            heading=heading[:300],
            text=text,
            depth=parent.depth + 1 if parent else 0,
            parent=parent.reference if parent else None,
        )
        self.clauses.append(clause)
        if number:
            self.by_number.setdefault(number, clause)
        if level:
            self.sections.append((level, clause))
        self.current = clause

    def _numbered_parent(self, number: str) -> ParsedClause | None:
        """The nearest clause whose number starts this one: 2.2.4 under 2.2, or under 2."""
        parts = number.split(".")[:-1]
        while parts:
            if (found := self.by_number.get(".".join(parts))) is not None:
                return found
            parts.pop()
        return None

    def _unique(self, reference: str) -> str:
        taken = {c.reference for c in self.clauses}
        candidate, n = reference, 2
        while candidate in taken:
            candidate, n = f"{reference}-{n}", n + 1
        return candidate


def _looks_like_heading(text: str) -> bool:
    """ "2.1 Portable equipment" is a heading; "2.1.2 All portable computers must..." is not."""
    return (
        len(text) <= 80
        and len(text.split()) <= 10
        and not text.rstrip().endswith((".", ":", ";", ","))
    )


def _bullet(text: str) -> str:
    return _BULLET.sub("• ", text) if _BULLET.match(text) else text


# Characters no policy holds: what is left when a binary file is read as text, and terminal
# control sequences (tabs, line and page breaks are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _decode(content: bytes) -> str:
    """The text of a document saved as UTF-8 (with or without a byte order mark), UTF-16
    (Notepad's and Word's "Unicode", with a mark or, told by its zero bytes, without), or
    Windows' own encoding; anything else is refused rather than imported as gibberish."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif content.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif (utf16 := _utf16_without_bom(content)) is not None:
        encodings = (utf16,)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            raise PolicyImportError(
                "the document is not text: it holds control characters (is it a program, an "
                "image or a document saved in another format?)"
            )
        return text
    raise PolicyImportError("the document is not text in UTF-8, UTF-16 or Windows encoding")


def _utf16_without_bom(content: bytes) -> str | None:
    """UTF-16 without a byte order mark: in text of Latin letters every other byte is zero,
    the odd ones for little-endian, the even ones for big-endian."""
    sample = content[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    pairs = len(sample) // 2
    even = sample[0::2].count(0) / pairs
    odd = sample[1::2].count(0) / pairs
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def _markdown_blocks(text: str) -> list[Block]:
    tokens = MarkdownIt("commonmark").parse(text)
    blocks: list[Block] = []
    heading = 0
    list_numbers: list[int | None] = []  # start number of each open list, None if bulleted
    item_number: list[int] = []
    for token in tokens:
        if token.type == "heading_open":
            heading = int(token.tag[1])
        elif token.type == "heading_close":
            heading = 0
        elif token.type == "ordered_list_open":
            list_numbers.append(int(token.attrGet("start") or 1))
            item_number.append(int(token.attrGet("start") or 1) - 1)
        elif token.type == "bullet_list_open":
            list_numbers.append(None)
            item_number.append(0)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            list_numbers.pop()
            item_number.pop()
        elif token.type == "list_item_open":
            item_number[-1] += 1
        elif token.type == "inline":
            content = token.content.replace("\n", " ")
            if list_numbers and token.level > 0:
                # "9. Use of social media" becomes an ordered list in Markdown; keep the number.
                content = (
                    f"{item_number[-1]} {content}"
                    if list_numbers[-1] is not None
                    else f"• {content}"
                )
            blocks.append(Block(content, heading_level=heading))
    return blocks


# Left behind when a Word document is saved as text: bookmarks, and list numbers on lines of
# their own.
_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
_BARE_NUMBER = re.compile(r"^[\d.\s]+$")


def _text_blocks(text: str, *, headings=()) -> list[Block]:
    # The document's contents list names its sections: those lines are headings.
    listed = {" ".join(h.split()).lower() for h in headings}
    blocks = []
    for line in text.splitlines():
        line = _BOOKMARK.sub("", line).strip()
        if not line or _BARE_NUMBER.match(line):
            continue
        unnumbered_heading = " ".join(line.split()).lower() in listed or (
            not _NUMBER.match(line)
            and not _BULLET.match(line)
            and _looks_like_heading(line)
            and line[:1].isupper()
        )
        blocks.append(Block(line, heading_level=1 if unnumbered_heading else 0))
    return blocks


def _docx_blocks(content: bytes) -> tuple[FrontMatter | None, list[Block]]:
    # A .docx is a zip: measure what it unpacks to before any part is read (issue 12).
    try:
        archives.open_zip(content, archives.Limits.of("document"), "the document").close()
    except archives.ArchiveRefused as refused:
        raise PolicyImportError(str(refused)) from None
    except zipfile.BadZipFile:
        raise PolicyImportError("the file is not a Word document (.docx)") from None
    try:
        document = docx.Document(io.BytesIO(content))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, XMLSyntaxError):
        raise PolicyImportError("the file is not a Word document (.docx)") from None
    front, paragraphs = _docx_front(document)
    blocks: list[Block] = []
    counters: dict[str, list[int]] = {}
    formats = _NumberFormats(document)
    for paragraph in paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        level = 0
        if style == "Title":
            level = 1
        elif (match := re.match(r"Heading (\d)", style)) is not None:
            level = int(match[1]) + 1
        number = _auto_number(paragraph, counters, formats)
        text = paragraph.text
        if number == "•":
            number, text = "", f"• {text}"
        blocks.append(Block(text, heading_level=level, auto_number=number))
    return front, blocks


def _docx_front(document) -> tuple[FrontMatter | None, list]:
    """The front matter of a Word document, whose tables are not among its paragraphs: its
    body read in order, each table row as cells, and the paragraphs after the front matter."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[tuple[int, str]] = []
    owners: list[Paragraph | None] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            owners.append(paragraph)
            lines.append((len(lines) + 1, paragraph.text))
        elif element.tag == qn("w:tbl"):
            for row in Table(element, document).rows:
                owners.append(None)
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                lines.append((len(lines) + 1, "\t".join(cells) + "\t"))
    try:
        front, rest = split_front_matter(lines)
    except FrontMatterError as exc:
        raise PolicyImportError(str(exc).replace("line ", "paragraph or table row ")) from None
    if front is None:
        return None, list(document.paragraphs)
    return front, [owners[n - 1] for n, _ in rest if owners[n - 1] is not None]


class _NumberFormats:
    """Which of Word's lists are bullets rather than numbers (numbering.xml)."""

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, int], str] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {
            a.get(qn("w:abstractNumId")): {
                int(lvl.get(qn("w:ilvl"))): (
                    lvl.find(qn("w:numFmt")).get(qn("w:val"))
                    if lvl.find(qn("w:numFmt")) is not None
                    else ""
                )
                for lvl in a.findall(qn("w:lvl"))
            }
            for a in numbering.findall(qn("w:abstractNum"))
        }
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = abstract.get(ref.get(qn("w:val")) if ref is not None else None, {})
            for level, fmt in levels.items():
                self.formats[(num.get(qn("w:numId")), level)] = fmt

    def is_bullet(self, list_id: str, level: int) -> bool:
        return self.formats.get((list_id, level)) == "bullet"


def _auto_number(paragraph, counters: dict[str, list[int]], formats: _NumberFormats) -> str:
    """Word's automatic multi-level numbering ("1.1.1") is not in the paragraph's text: count it
    as Word would, per list and level ("•" for a bulleted list)."""
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if num_pr is None and paragraph.style is not None and paragraph.style.element.pPr is not None:
        num_pr = paragraph.style.element.pPr.numPr
    if num_pr is None or num_pr.numId is None:
        return ""
    list_id = str(num_pr.numId.val)
    if list_id == "0":
        return ""
    level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
    if formats.is_bullet(list_id, level):
        return "•"
    levels = counters.setdefault(list_id, [0] * 9)
    levels[level] += 1
    for deeper in range(level + 1, 9):
        levels[deeper] = 0
    return ".".join(str(max(n, 1)) for n in levels[: level + 1])
