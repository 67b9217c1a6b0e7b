"""Forms more than one app uses."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, ClassVar

from django import forms


class ProfileFileForm(forms.Form):
    """A profile's JSON file, as downloaded from the app and brought back (phone bills, web and
    DNS logs): refused in words when it is too big, not UTF-8 text or not a profile. A
    subclass names its reader (``read``), the reader's own error (``refused``) and the size
    limit; ``self.profile`` is what the reader gave."""

    read: ClassVar[Callable[[str], Any]]
    refused: ClassVar[type[Exception]]
    max_bytes: ClassVar[int]

    file = forms.FileField(
        label="Profile file (JSON)",
        error_messages={"required": "Choose a profile file", "empty": "The file is empty"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError("A profile file is a few kilobytes at most")
        try:
            self.profile = type(self).read(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text") from None
        except (self.refused, json.JSONDecodeError) as error:
            raise forms.ValidationError(str(error)) from None
        return upload
