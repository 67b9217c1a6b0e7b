"""Forms of the log profile pages (log_profile_views.py): a profile built from a sample, and a
profile file imported."""

from __future__ import annotations

from django import forms

from councilguard.core.forms import ProfileFileForm
from councilguard.monitoring.logprofiles import (
    MAX_PROFILE_BYTES,
    LogProfile,
    ProfileError,
    loads,
    validate,
)

# The longest sample read for a preview: the first lines are enough.
SAMPLE_LINES = 200
SAMPLE_BYTES = 200_000

PART_LABELS = {
    "time": "Time",
    "date": "Date, when the log writes it apart from the time",
    "client": "Client address",
    "user": "User",
    "host": "Host or domain",
    "url": "Address visited (URL), where the log has one",
    "category": "The vendor's category",
    "action": "Allowed or blocked",
}


def _where(text: str) -> dict[str, list[str]]:
    """``log_type=Content Filtering; log_component=HTTP, HTTPS`` into a dict."""
    out: dict[str, list[str]] = {}
    for part in filter(None, (p.strip() for p in text.replace("\n", ";").split(";"))):
        if "=" not in part:
            raise forms.ValidationError(f"{part!r}: write each as field=value, value")
        key, values = (x.strip() for x in part.split("=", 1))
        out[key] = [v.strip() for v in values.split(",") if v.strip()]
    return out


class LogProfileForm(forms.Form):
    """A vendor's log mapped onto the common event (logprofiles.LogProfile), with a sample
    pasted or uploaded to preview it."""

    sample = forms.CharField(
        label="A sample of the log",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text="Paste the first lines of the file, or choose a sample file below. Nothing "
        "is taken in.",
    )
    sample_file = forms.FileField(label="Or a sample file", required=False)
    name = forms.SlugField(
        max_length=60, help_text="Letters, numbers and hyphens, e.g. office-filter"
    )
    description = forms.CharField(required=False, max_length=300)
    log = forms.ChoiceField(
        label="What the log records",
        choices=[("web", "Web requests (a web filter or firewall)"), ("dns", "DNS look-ups")],
    )
    shape = forms.ChoiceField(
        label="How each line is written",
        choices=[("csv", "Columns (CSV)"), ("key-value", "Named values (name=value)")],
    )
    header = forms.BooleanField(
        label="The first line names the columns", required=False, initial=True
    )
    delimiter = forms.ChoiceField(
        label="Columns separated by",
        choices=[(",", "Comma"), (";", "Semicolon"), ("\t", "Tab"), ("|", "Bar")],
    )
    time_format = forms.CharField(
        initial="iso",
        max_length=40,
        help_text="iso (2026-11-16T10:04:31Z), epoch (seconds since 1970), or a pattern such as "
        "%d/%m/%Y %H:%M:%S",
    )
    time_zone = forms.CharField(
        initial="UTC", max_length=60, help_text="For times written without an offset"
    )
    blocked_values = forms.CharField(
        required=False,
        initial="blocked",
        help_text="Values of the allowed-or-blocked field meaning blocked, separated by commas",
    )
    category_separator = forms.CharField(
        required=False,
        max_length=1,
        strip=False,
        help_text="The character between several categories in one field (leave empty for one)",
    )
    only_where = forms.CharField(
        label="Only lines where",
        required=False,
        max_length=300,
        help_text="For logs that mix kinds of line: the field and the values to keep, e.g. "
        "type=Content Filtering",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for part, label in PART_LABELS.items():
            self.fields[f"part_{part}"] = forms.CharField(
                label=label,
                required=False,
                max_length=80,
                help_text="The column's name, its number (1 is the first) without a header "
                "line, or the name before = in a named-value line"
                if part == "time"
                else "",
            )

    def clean(self):
        data = super().clean()
        upload = data.get("sample_file")
        text = upload.read(SAMPLE_BYTES).decode("utf-8", "replace") if upload else None
        # The first lines are enough for a preview, pasted or uploaded.
        text = (data.get("sample") or "")[:SAMPLE_BYTES] if text is None else text
        data["sample"] = "\n".join(text.splitlines()[:SAMPLE_LINES])
        if self.errors:
            return data
        try:
            self.profile = validate(
                LogProfile(
                    name=data["name"],
                    log=data["log"],
                    description=data["description"],
                    shape=data["shape"],
                    header=data["header"],
                    delimiter=data["delimiter"],
                    fields={p: data[f"part_{p}"] for p in PART_LABELS if data.get(f"part_{p}")},
                    time_format=data["time_format"].strip(),
                    time_zone=data["time_zone"].strip(),
                    blocked_values=[
                        v.strip() for v in data["blocked_values"].split(",") if v.strip()
                    ],
                    category_separator=data["category_separator"],
                    only_where=_where(data["only_where"]),
                )
            )
        except ProfileError as error:
            raise forms.ValidationError(str(error)) from None
        return data

    @classmethod
    def initial_for(cls, profile: LogProfile) -> dict:
        initial = {
            "name": profile.name,
            "description": profile.description,
            "log": profile.log,
            "shape": profile.shape,
            "header": profile.header,
            "delimiter": profile.delimiter,
            "time_format": profile.time_format,
            "time_zone": profile.time_zone,
            "blocked_values": ", ".join(profile.blocked_values),
            "category_separator": profile.category_separator,
            "only_where": "; ".join(f"{k}={', '.join(v)}" for k, v in profile.only_where.items()),
        }
        initial.update({f"part_{p}": name for p, name in profile.fields.items()})
        return initial


class LogProfileFileForm(ProfileFileForm):
    read = staticmethod(loads)
    refused = ProfileError
    max_bytes = MAX_PROFILE_BYTES
