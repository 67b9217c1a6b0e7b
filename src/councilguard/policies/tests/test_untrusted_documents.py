"""Policy documents from outside (issue 12): a Word document that is a zip bomb is refused
before it is unpacked, in bounded memory; text saved as UTF-16 reads as the words it holds;
text that is no encoding at all is refused rather than imported as gibberish."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from councilguard.policies.importing import PolicyImportError, parse_document

MB = 1024 * 1024
TEXT = "Use of IT\n\n1. Equipment\n1.1 Council laptops are encrypted.\n1.2 Screens lock.\n"


def _real_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("1.1 Council laptops are encrypted.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    """A real Word document whose main part is replaced by 200 MB of zeros (about 200 KB)."""
    original = zipfile.ZipFile(io.BytesIO(_real_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in original.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, original.read(item))
        with bomb.open("word/document.xml", "w", force_zip64=True) as part:
            zeros = bytes(MB)
            for _ in range(200):
                part.write(zeros)
    return buffer.getvalue()


def test_a_word_document_that_is_a_zip_bomb_is_refused_in_little_memory(docx_bomb):
    assert len(docx_bomb) < MB
    tracemalloc.start()
    try:
        with pytest.raises(PolicyImportError) as refused:
            parse_document("policy.docx", docx_bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(refused.value) == (
        "the document would expand to more than 100 MB when unpacked, far more than a file of "
        "this kind needs; it was not read"
    )
    assert peak < 10 * MB


def test_the_limits_are_settings(settings):
    settings.ARCHIVE_LIMITS = {
        **settings.ARCHIVE_LIMITS,
        "document": {"total": 10 * MB, "member": 10 * MB, "ratio": 100},
    }
    with pytest.raises(PolicyImportError, match="compressed more than 100 to 1"):
        parse_document("policy.docx", _bomb_of(2 * MB))


def _bomb_of(size: int) -> bytes:
    original = zipfile.ZipFile(io.BytesIO(_real_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in original.infolist():
            bomb.writestr(item, original.read(item))
        bomb.writestr("word/media/padding.bin", bytes(size))
    return buffer.getvalue()


def test_an_ordinary_word_document_still_reads():
    parsed = parse_document("policy.docx", _real_docx())
    assert [c.reference for c in parsed.clauses] == ["1.1"]


@pytest.mark.parametrize(
    "encoded",
    [
        ("\ufeff" + TEXT).encode("utf-16-le"),
        ("\ufeff" + TEXT).encode("utf-16-be"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        ("\ufeff" + TEXT).encode("utf-8"),
    ],
    ids=["utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be", "utf-8-bom"],
)
def test_a_text_policy_saved_as_unicode_reads_as_its_words(encoded):
    expected = parse_document("policy.txt", TEXT.encode("utf-8"))
    parsed = parse_document("policy.txt", encoded)
    assert parsed.as_dict(full_text=True) == expected.as_dict(full_text=True)
    assert parsed.clauses[2].text == "Council laptops are encrypted."


def test_windows_text_still_reads():
    parsed = parse_document("policy.txt", "1.1 Staff’s laptops — encrypted.\n".encode("cp1252"))
    assert parsed.clauses[0].text == "Staff’s laptops — encrypted."


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x00\x01\x02\x03binary\x00\xff\xfe junk" * 20, "not text"),
        (b"\xff\xfe" + b"\x00\xd8" * 10, "not text"),  # UTF-16 with a lone surrogate
        (b"1.1 text \x81\x8d\x8f\x90\x9d", "not text"),  # not UTF-8, not Windows text
        (b"1.1 text\x1b[31m red\x07", "not text"),  # terminal control characters
    ],
)
def test_text_that_is_no_encoding_is_refused(content, problem):
    with pytest.raises(PolicyImportError, match=problem) as refused:
        parse_document("policy.txt", content)
    assert "\\x" not in str(refused.value) and "codec" not in str(refused.value)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_any_text_reads_the_same_in_utf8_and_utf16(text):
    words = f"1.1 {text.strip() or 'x'}\n"
    results = []
    for encoded in (words.encode("utf-8"), ("\ufeff" + words).encode("utf-16-le")):
        try:
            results.append(parse_document("policy.txt", encoded).as_dict(full_text=True))
        except PolicyImportError as error:
            results.append(str(error))
    assert results[0] == results[1]


def _lying(content: bytes, name: str, declared: int) -> bytes:
    """``content`` with the sizes ``name`` declares (local header and central directory) set
    to ``declared`` bytes."""
    import struct

    data = bytearray(content)
    encoded = name.encode()
    fields = ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46))
    for signature, size_at, length_at, name_at in fields:
        start = 0
        while (start := data.find(signature, start)) >= 0:
            (length,) = struct.unpack_from("<H", data, start + length_at)
            if data[start + name_at : start + name_at + length] == encoded:
                struct.pack_into("<I", data, start + size_at, declared)
            start += 4
    return bytes(data)


def test_a_part_that_lies_about_its_size_is_refused_before_it_is_unpacked():
    """zipfile cuts a member to its declared size only after decompressing all of it: a part
    declaring 1 KB that holds 64 MB must be caught before python-docx reads it."""
    original = zipfile.ZipFile(io.BytesIO(_real_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in original.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, original.read(item))
        with bomb.open("word/document.xml", "w") as part:
            for _ in range(64):
                part.write(bytes(MB))
    content = _lying(buffer.getvalue(), "word/document.xml", 1000)
    assert zipfile.ZipFile(io.BytesIO(content)).getinfo("word/document.xml").file_size == 1000
    tracemalloc.start()
    try:
        with pytest.raises(PolicyImportError) as refused:
            parse_document("policy.docx", content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * MB
    assert str(refused.value) == (
        "the document is damaged: a part of it is not the size it says; it was not read"
    )


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_damaged_word_document_is_refused_in_words_never_an_error(data):
    content = bytearray(_real_docx())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] = data.draw(st.integers(0, 255))
    try:
        parse_document("policy.docx", bytes(content))
    except PolicyImportError as refused:
        assert "Error" not in str(refused)


def test_the_import_page_refuses_a_bomb_in_words_and_keeps_nothing(client, world, docx_bomb):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from councilguard.audit.models import AuditEntry
    from councilguard.policies.models import Policy

    client.force_login(world.clerk)
    before = AuditEntry.objects.filter(council=world.council).count()
    response = client.post(
        reverse("policies:policy_import", kwargs={"council": world.council.slug}),
        {"file": SimpleUploadedFile("it.docx", docx_bomb), "code": "B", "label": "0.1"},
    )
    assert response.status_code == 200
    assert "would expand to more than 100 MB when unpacked" in response.content.decode()
    assert not Policy.objects.filter(council=world.council).exists()
    assert AuditEntry.objects.filter(council=world.council).count() == before
