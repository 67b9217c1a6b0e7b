"""A screenshot attached to a report: an image of an accepted type and size, checked by
reading it (not by its name or the browser's word for it)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from councilguard.socialmedia.models import MAX_SCREENSHOT_BYTES

# Pillow's format name -> the content type it is served with.
ACCEPTED = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}


class ScreenshotRefused(ValueError):
    """The file is not a screenshot we keep; the message says why."""


@dataclass(frozen=True)
class Screenshot:
    content: bytes
    content_type: str
    sha256: str


def read_screenshot(content: bytes) -> Screenshot:
    if not content:
        raise ScreenshotRefused("the screenshot is empty")
    if len(content) > MAX_SCREENSHOT_BYTES:
        raise ScreenshotRefused(
            f"the screenshot is larger than {MAX_SCREENSHOT_BYTES // (1024 * 1024)} MB"
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ScreenshotRefused("the screenshot is not a picture: use PNG, JPEG or WebP") from None
    if kind not in ACCEPTED:
        raise ScreenshotRefused("the screenshot must be a PNG, JPEG or WebP picture")
    return Screenshot(content, ACCEPTED[kind], hashlib.sha256(content).hexdigest())
