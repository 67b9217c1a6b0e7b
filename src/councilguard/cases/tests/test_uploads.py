"""Documents an investigator uploads: wrong type, too large, empty, or not what the name says
are refused in words and leave nothing behind; the same file twice is one item."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from councilguard.cases import services
from councilguard.cases.models import Evidence
from councilguard.cases.testing import make_case
from councilguard.cases.uploads import MAX_BYTES, UploadRefused, check_upload
from councilguard.testing.refusals import assert_refused
from councilguard.testing.world import SETUP

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def test_the_limit_is_ten_megabytes():
    assert MAX_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("size", "taken"),
    [(10 * 1024 * 1024 - 1, True), (10 * 1024 * 1024, True), (10 * 1024 * 1024 + 1, False)],
)
def test_size_at_below_and_above_the_limit(size, taken):
    data = b"a" * size
    if taken:
        assert check_upload("notes.txt", data).data == data
    else:
        with pytest.raises(UploadRefused, match="is larger than 10 MB, the most a case takes"):
            check_upload("notes.txt", data)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("run-me.exe", b"MZ\x90\x00", "“run-me.exe” is not a kind of file a case takes"),
        ("no-extension", b"hello", "“no-extension” is not a kind of file a case takes"),
        ("letter.pdf", b"", "“letter.pdf” is empty."),
        ("letter.pdf", b"<html>not a pdf</html>", "“letter.pdf” is not a PDF file"),
        ("photo.png", PDF, "“photo.png” is not a PNG image file"),
        ("photo.jpg", PNG, "“photo.jpg” is not a JPEG image file"),
        ("report.docx", b"PK\x03\x04broken", "“report.docx” is not a Word document file"),
        ("notes.txt", b"\x00\x01\x02binary", "“notes.txt” is not a plain text file"),
    ],
)
def test_bad_files_are_refused_in_words(name, data, words):
    with pytest.raises(UploadRefused, match=words):
        check_upload(name, data)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("letter.pdf", PDF, "application/pdf"),
        ("screen.PNG", PNG, "image/png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 10, "image/jpeg"),
        (
            "report.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("mail.eml", b"From: someone\r\nSubject: hello\r\n\r\nBody\r\n", "message/rfc822"),
    ],
)
def test_good_files_are_taken_with_their_type(name, data, content_type):
    assert check_upload(name, data).content_type == content_type


@given(st.binary(min_size=1, max_size=200))
def test_a_pdf_name_takes_only_bytes_that_start_as_a_pdf(data):
    try:
        check_upload("x.pdf", data)
    except UploadRefused:
        assert not data.startswith(b"%PDF-")
    else:
        assert data.startswith(b"%PDF-")


@pytest.mark.django_db
def test_a_refused_upload_leaves_nothing_behind(world):
    case = make_case(world, "formal_investigation")
    assert_refused(
        lambda: services.add_document(
            case,
            title="Screenshot",
            file_name="screen.png",
            data=PDF,
            relied_on=True,
            actor=SETUP,
        ),
        services.CaseError,
        "“screen.png” is not a PNG image file, whatever its name says.",
    )


@pytest.mark.django_db
def test_the_same_file_twice_is_one_item(world):
    case = make_case(world, "formal_investigation")
    first = services.add_document(
        case, title="Letter", file_name="letter.pdf", data=PDF, relied_on=True, actor=SETUP
    )
    again = services.add_document(
        case, title="Letter again", file_name="copy.pdf", data=PDF, relied_on=True, actor=SETUP
    )
    assert first.pk == again.pk
    assert Evidence.objects.filter(case=case, kind="document").count() == 1


@pytest.mark.django_db
def test_the_page_says_why_a_file_is_refused(client, world):
    case = make_case(world, "formal_investigation")
    client.force_login(world.clerk)
    url = reverse("cases:evidence_document", kwargs={"council": world.council.slug, "pk": case.pk})
    response = client.post(
        url, {"title": "Letter", "upload": SimpleUploadedFile("letter.pdf", b"just text")}
    )
    assert response.status_code == 200
    assert "“letter.pdf” is not a PDF file, whatever its name says." in response.content.decode()
    assert not Evidence.objects.filter(case=case, kind="document").exists()
    response = client.post(url, {"title": "Empty", "upload": SimpleUploadedFile("e.txt", b"")})
    assert "“e.txt” is empty." in response.content.decode()
