from __future__ import annotations

from django import forms

from councilguard.core import forms as core_forms
from councilguard.phones.models import BusinessKind, PhoneSettings
from councilguard.phones.profiles import (
    COLUMN_FIELDS,
    COST_UNITS,
    DATA_UNITS,
    DURATION_FORMATS,
    MAX_PROFILE_BYTES,
    Profile,
    ProfileError,
    loads,
    validate,
)

FIELD_LABELS = {
    "line_number": "Your council's number (line of service)",
    "start": "Start date and time (one column)",
    "start_date": "Start date (when date and time are separate)",
    "start_time": "Start time (when date and time are separate)",
    "called_number": "Number called or calling",
    "description": "Description",
    "usage_class": "Call type (voice, text, data...)",
    "direction": "Direction (outgoing or incoming)",
    "duration": "Duration",
    "data_volume": "Data volume",
    "cost": "Cost, excluding VAT",
    "in_bundle": "Included in the bundle",
    "roaming_country": "Country when roaming",
}


def _pairs(text: str, what: str) -> dict[str, str]:
    """``Call=voice; Text=sms`` into a dict."""
    out = {}
    for part in filter(None, (p.strip() for p in text.replace("\n", ";").split(";"))):
        if "=" not in part:
            raise forms.ValidationError(f"{part!r}: write each {what} as word=value")
        word, value = (x.strip() for x in part.split("=", 1))
        out[word] = value
    return out


class BillUploadForm(forms.Form):
    profile = forms.ChoiceField(label="Carrier profile")
    file = forms.FileField(
        label="Itemised bill (CSV)",
        error_messages={"required": "Choose the bill to import", "empty": "The file is empty"},
    )

    def __init__(self, *args, profiles: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [(name, name) for name in profiles]


class SampleForm(forms.Form):
    file = forms.FileField(
        label="A sample of the carrier's bill (CSV)",
        help_text="The first lines are enough; nothing is imported.",
        error_messages={"required": "Choose a sample bill", "empty": "The file is empty"},
    )


class ProfileForm(forms.Form):
    """Map a carrier's headers onto the canonical record (profiles.Profile)."""

    sample = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.SlugField(max_length=60, help_text="Letters, numbers and hyphens, e.g. ee-2026")
    description = forms.CharField(required=False, max_length=200)
    delimiter = forms.ChoiceField(
        choices=[(",", "Comma"), (";", "Semicolon"), ("\t", "Tab"), ("|", "Bar")]
    )
    datetime_format = forms.CharField(initial="%d/%m/%Y %H:%M:%S", max_length=40)
    date_format = forms.CharField(initial="%d/%m/%Y", max_length=40)
    time_format = forms.CharField(initial="%H:%M:%S", max_length=40)
    duration_format = forms.ChoiceField(choices=[(f, f) for f in DURATION_FORMATS])
    data_unit = forms.ChoiceField(choices=[(u, u) for u in DATA_UNITS])
    cost_unit = forms.ChoiceField(choices=[(u, u) for u in COST_UNITS])
    usage_values = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The carrier's call types: Call=voice; Text=sms; Data=data; "
        "Roaming data=roaming-data",
    )
    default_usage = forms.ChoiceField(
        choices=[(c, c) for c in ("voice", "sms", "mms", "data")],
        help_text="For a line whose call type is empty.",
    )
    direction_values = forms.CharField(
        required=False, help_text="e.g. O=out; I=in (leave empty if every line is outgoing)"
    )
    in_bundle_values = forms.CharField(
        initial="yes, y, true, included", help_text="Values meaning 'included in the bundle'."
    )

    def __init__(self, *args, headers: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this bill")] + [(h, h) for h in headers]
        for name in COLUMN_FIELDS:
            self.fields[f"col_{name}"] = forms.ChoiceField(
                label=FIELD_LABELS[name], choices=choices, required=False
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.profile = validate(
                Profile(
                    name=data["name"],
                    description=data["description"],
                    columns={n: data[f"col_{n}"] for n in COLUMN_FIELDS if data.get(f"col_{n}")},
                    delimiter=data["delimiter"],
                    datetime_format=data["datetime_format"],
                    date_format=data["date_format"],
                    time_format=data["time_format"],
                    duration_format=data["duration_format"],
                    data_unit=data["data_unit"],
                    cost_unit=data["cost_unit"],
                    usage_values=_pairs(data["usage_values"], "call type"),
                    default_usage=data["default_usage"],
                    direction_values=_pairs(data["direction_values"], "direction"),
                    in_bundle_values=[
                        v.strip() for v in data["in_bundle_values"].split(",") if v.strip()
                    ],
                )
            )
        except ProfileError as error:
            raise forms.ValidationError(str(error)) from None
        return data

    @classmethod
    def initial_for(cls, profile: Profile) -> dict:
        initial = {
            "name": profile.name,
            "description": profile.description,
            "delimiter": profile.delimiter,
            "datetime_format": profile.datetime_format,
            "date_format": profile.date_format,
            "time_format": profile.time_format,
            "duration_format": profile.duration_format,
            "data_unit": profile.data_unit,
            "cost_unit": profile.cost_unit,
            "usage_values": "; ".join(f"{k}={v}" for k, v in profile.usage_values.items()),
            "default_usage": profile.default_usage,
            "direction_values": "; ".join(f"{k}={v}" for k, v in profile.direction_values.items()),
            "in_bundle_values": ", ".join(profile.in_bundle_values),
        }
        initial.update({f"col_{n}": h for n, h in profile.columns.items()})
        return initial


class ProfileFileForm(core_forms.ProfileFileForm):
    read = staticmethod(loads)
    refused = ProfileError
    max_bytes = MAX_PROFILE_BYTES


class BusinessNumberForm(forms.Form):
    number = forms.CharField(max_length=40)
    label = forms.CharField(label="Whose number", max_length=200)
    kind = forms.ChoiceField(choices=BusinessKind.choices, initial=BusinessKind.SUPPLIER)


class PersonalNumberForm(forms.Form):
    number = forms.CharField(max_length=40)
    label = forms.CharField(
        label="Who it is", max_length=100, required=False, help_text="e.g. Home"
    )


class AgreeForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount to recover (£)", max_digits=8, decimal_places=2, min_value=0.01
    )
    note = forms.CharField(label="How it was agreed", required=False, max_length=300)


class SettingsForm(forms.ModelForm):
    analyse_now = forms.BooleanField(
        label="Analyse every bill again now with these thresholds",
        required=False,
        help_text="Otherwise they apply from the next bill. Reviewed findings stay as reviewed.",
    )

    class Meta:
        model = PhoneSettings
        fields = [
            "ratio",
            "spread_multiple",
            "spread_floor_percent",
            "peer_ratio",
            "history_months",
            "min_history",
            "min_peers",
            "floor_calls",
            "floor_minutes",
            "floor_texts",
            "floor_data_mb",
            "floor_cost_pence",
            "international_min_minutes",
            "long_call_minutes",
            "long_calls_out_of_hours",
            "bundle_data_gb",
        ]
        labels = {
            "ratio": "High use, with little history: times the person's own median month",
            "spread_multiple": "High use: this many times their usual variation above it",
            "spread_floor_percent": "Usual variation counted as at least this share of the "
            "median (%)",
            "peer_ratio": "High use: times the median of their peer group that month",
            "history_months": "Months of the person's own history compared",
            "min_history": "Months of history needed before comparing with their own",
            "min_peers": "Peers needed in a group before comparing with it",
            "floor_calls": "... and at least this many calls above the median",
            "floor_minutes": "... or this many call minutes",
            "floor_texts": "... or this many texts",
            "floor_data_mb": "... or this much data (MB)",
            "floor_cost_pence": "... or this much cost (pence)",
            "international_min_minutes": "Calls abroad: a finding from this many minutes a month",
            "long_call_minutes": "Long call out of hours: at least this many minutes",
            "long_calls_out_of_hours": "... and at least this many such calls in a month",
            "bundle_data_gb": "Each line's monthly data allowance (GB; 0 if unknown)",
        }
        help_texts = {
            "ratio": "3.5 by default, until the person has a whole window of history: "
            "a few months say too little about how much their months vary.",
            "spread_multiple": "5.5 by default. The variation is how far, as a share of "
            "their median, their months usually are from it, or how far all their calls, "
            "minutes, texts and data over the last year usually are from their own medians if "
            "that is wider: six months of one measure can happen to lie close together for "
            "someone whose use varies. For a count of calls or texts it is never less than "
            "chance alone gives such a count. In a month when all their use rose together, a "
            "measure must also rise this much beyond the rest, unless the rest rose this much "
            "too. Tried on generated bills with known answers, people whose months vary were "
            "found for ordinary months more often at 5 times, and steady users' rises were "
            "missed more often at 6.",
            "spread_floor_percent": "14 by default: someone whose months are all alike would "
            "otherwise be found for a small rise. With 5.5 times, a steady user is found at "
            "about 2.1 times their median. At 12% more people whose months vary were found in "
            "the same trials; 15% and 16% changed nothing there (the floors below apply too).",
            "peer_ratio": "4.5 by default: people in one group differ more from one another "
            "than one person does from month to month, and at 4 the heaviest ordinary users "
            "of a group were found in the trials. A new starter's first, part month is scaled "
            "up to a whole month before it is compared.",
            "history_months": "6 by default: half a year evens out one busy month and a "
            "holiday, and still follows a change of job.",
            "min_history": "3 by default: fewer months say too little about what is usual for "
            "the person; until then only their peers are compared.",
            "min_peers": "4 by default: the middle of a smaller group is one or two people's "
            "habits rather than the group's.",
            "floor_calls": "30 by default, about one extra call a working day: a month must be "
            "this far above its baseline to be high, so a small median does not make a small "
            "use high.",
            "floor_minutes": "90 by default: an hour and a half more in a month is less than "
            "one long call a week.",
            "floor_texts": "40 by default: about two extra texts a working day.",
            "floor_data_mb": "512 by default: half a gigabyte is a few hours of video, less "
            "than any allowance sold today.",
            "floor_cost_pence": "500 by default: £5 a month is less than the time a review takes.",
            "international_min_minutes": "5 by default: a short call abroad is often a wrong "
            "or returned number; five minutes a month is a conversation.",
            "long_call_minutes": "20 by default: a call this long is rarely a quick word about "
            "work out of hours.",
            "long_calls_out_of_hours": "2 by default: one long call out of hours can be an "
            "emergency; two in a month is a habit worth a look.",
            "bundle_data_gb": "10 by default, a common allowance on business tariffs; set "
            "your own so the tariff figures are right.",
        }


class ItemForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
