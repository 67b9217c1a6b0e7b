"""Documents an investigator uploads: read as if hostile (issue 12). A file is taken only when
it is one of a few kinds a case needs, within the size limit, and its bytes are what its name
says; otherwise it is refused with the reason in words and nothing is kept."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

# A scanned letter or a screenshot fits easily; a larger file is more likely something else.
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str


KINDS: dict[str, Kind] = {
    "pdf": Kind("PDF", "application/pdf"),
    "png": Kind("PNG image", "image/png"),
    "jpg": Kind("JPEG image", "image/jpeg"),
    "jpeg": Kind("JPEG image", "image/jpeg"),
    "txt": Kind("plain text", "text/plain"),
    "docx": Kind(
        "Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "eml": Kind("saved e-mail", "message/rfc822"),
}
ALLOWED_WORDS = "PDF, PNG, JPEG, Word (.docx), plain text (.txt) or a saved e-mail (.eml)"


class UploadRefused(ValueError):
    """The file is not taken; the message says why in words."""


def _looks_like(extension: str, data: bytes) -> bool:
    if extension == "pdf":
        return data.startswith(b"%PDF-")
    if extension == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if extension == "docx":
        return _is_word(data)
    return _is_text(data)  # txt, eml


def _is_word(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text)


@dataclass(frozen=True)
class Checked:
    file_name: str
    content_type: str
    data: bytes


def check_upload(file_name: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> Checked:
    """Take the file or refuse it, saying why."""
    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    if not name:
        raise UploadRefused("The file has no name.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = KINDS.get(extension)
    if kind is None:
        raise UploadRefused(f"“{name}” is not a kind of file a case takes: upload {ALLOWED_WORDS}.")
    if not data:
        raise UploadRefused(f"“{name}” is empty.")
    if len(data) > max_bytes:
        raise UploadRefused(
            f"“{name}” is larger than {_size(max_bytes)}, the most a case takes for a document."
        )
    if not _looks_like(extension, data):
        raise UploadRefused(f"“{name}” is not a {kind.label} file, whatever its name says.")
    return Checked(name, kind.content_type, data)


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n:,} bytes"
