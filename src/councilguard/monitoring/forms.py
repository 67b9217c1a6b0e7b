from __future__ import annotations

from django import forms
from django.utils import timezone

from councilguard.core.words import words, words_lower
from councilguard.monitoring.models import (
    FindingStatus,
    IdentityKind,
    Meaning,
    MonitoringSettings,
    MonitoringSource,
    Severity,
    SourceKind,
)
from councilguard.monitoring.services import EXPLANATION_MAX, REASON_MAX

_DATE = forms.DateInput(attrs={"type": "date"})
_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SourceForm(forms.Form):
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Why the council monitors this, in words the people monitored will read. "
        "Not 'just in case' (ICO monitoring guidance).",
    )
    lawful_basis = forms.CharField(
        label="Lawful basis",
        max_length=200,
        required=False,
        help_text="For example: legitimate interests, UK GDPR Article 6(1)(f).",
    )
    dpia_reference = forms.CharField(
        label="Impact assessment reference", max_length=100, required=False
    )
    dpia_date = forms.DateField(label="Impact assessment date", required=False, widget=_DATE)
    clause_reference = forms.CharField(
        label="Policy clause that tells people",
        max_length=40,
        required=False,
        help_text="For example 'B 9.1.2': it must be a clause of the policy in force.",
    )
    retention_days = forms.IntegerField(
        label="Keep events for (days)", min_value=1, max_value=3660, required=False
    )
    owner = forms.ChoiceField(label="Owner", required=False)
    log_time_zone = forms.CharField(
        label="Time zone of the device's clock",
        max_length=60,
        required=False,
        help_text="For logs that write the local time with no offset, such as a FortiGate's. "
        "For example 'Europe/London' (UK time, the usual) or 'UTC'.",
    )

    def __init__(self, *args, owners, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Nobody yet")] + [(u.email, str(u)) for u in owners]

    @classmethod
    def initial_for(cls, source: MonitoringSource) -> dict:
        values = {name: getattr(source, name) for name in cls.base_fields if name != "owner"}
        values["owner"] = source.owner.email if source.owner_id else ""
        return values


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (FindingStatus.NOTED, "Note it: read, nothing further for now"),
            (FindingStatus.DISMISSED, "Dismiss it"),
            (FindingStatus.ESCALATED, "Escalate it for investigation"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to do with the finding"},
    )
    reason = forms.CharField(
        label="Reason or note",
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The person can read it.",
    )
    reason.needed_when = "you dismiss or escalate"  # includes/field.html says so in the label

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") in (FindingStatus.DISMISSED, FindingStatus.ESCALATED)
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Say why")
        return data


class ExplanationForm(forms.Form):
    finding = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    explanation = forms.CharField(
        label="Your explanation",
        max_length=EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your explanation"},
    )

    def __init__(self, *args, findings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings


class RawEventsForm(forms.Form):
    purpose = forms.CharField(
        label="Why do you need to see the events?",
        max_length=REASON_MAX,
        help_text="Recorded with your name and the time, and shown to the person on their own "
        "page. For example: 'checking the person's explanation of the 3 March visits'.",
        error_messages={"required": "Say why you need to see the events"},
    )


class CategoryMeaningForm(forms.Form):
    category = forms.CharField(
        max_length=80,
        help_text="A category of the shared lists, such as 'gambling', or of the firewall's "
        "or DNS filter's own, as its log writes it, such as 'Social Networking'.",
    )
    meaning = forms.ChoiceField(choices=Meaning.choices)

    def __init__(self, *args, known: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if known:
            # A closed list once the shared lists are imported (issue 17): their categories.
            self.fields["category"] = forms.ChoiceField(
                label="Category",
                choices=[("", "Choose a category"), *((c, words(c)) for c in known)],
                error_messages={"required": "Choose a category"},
            )


class DomainRuleForm(forms.Form):
    domain = forms.CharField(
        max_length=253, help_text="Covers its subdomains too, e.g. 'example.org'."
    )
    meaning = forms.ChoiceField(choices=Meaning.choices)
    note = forms.CharField(max_length=200, required=False)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MonitoringSettings
        fields = [
            "personal_minutes_in_hours",
            "personal_minutes_per_day",
            "personal_days_over",
            "social_share_percent",
            "personal_share_percent",
            "prohibited_min_requests",
            "prohibited_share_percent",
            "visit_gap_minutes",
            "single_request_minutes",
            "bank_holiday_region",
        ]
        labels = {
            "personal_minutes_in_hours": "Personal browsing allowed in working hours "
            "(minutes a day, social media apart)",
            "personal_minutes_per_day": "Personal use allowed outside working hours "
            "(minutes a day)",
            "personal_days_over": "Days in a week over a limit before it is a finding",
            "social_share_percent": "Social media: a finding from this share of working-hours "
            "browsing (%)",
            "personal_share_percent": "Other personal browsing: a finding from this share (%)",
            "prohibited_min_requests": "Prohibited content: at least this many requests in a week",
            "prohibited_share_percent": "... making up at least this share of the person's "
            "browsing (%)",
            "visit_gap_minutes": "Requests closer than this are one visit (minutes)",
            "single_request_minutes": "Time counted for a single request (minutes)",
            "bank_holiday_region": "Bank holidays kept (not working hours in any rule)",
        }


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Source",
        choices=SourceKind.choices,
        error_messages={"required": "Choose the source the log comes from"},
    )
    # A closed list (issue 17): the formats each source reads.
    format = forms.ChoiceField(
        label="Format",
        help_text="How the file is written: the program or service that made it.",
        error_messages={"required": "Choose the log's format"},
    )
    file = forms.FileField(
        error_messages={"required": "Choose the log file", "empty": "The file is empty"}
    )

    def __init__(self, *args, profiles: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds_of = log_formats()
        # Any other vendor's log, through one of the council's log profiles (name -> log).
        for name, log in (profiles or {}).items():
            kind, what = ("proxy", "web") if log == "web" else ("dns", "DNS")
            self.kinds_of[f"profile:{name}"] = (
                kind,
                f"Another vendor's {what} log, through the profile {name}",
            )
        # Each option names its source ("Web proxy: Squid common or combined"): the page's
        # select lists options without their groups.
        self.fields["format"].choices = [
            ("", "Choose a format"),
            *(
                (name, f"{SourceKind(kind).label}: {label}")
                for name, (kind, label) in sorted(
                    self.kinds_of.items(), key=lambda item: SourceKind.values.index(item[1][0])
                )
            ),
        ]

    def clean(self):
        data = super().clean()
        kind, fmt = data.get("kind"), data.get("format")
        if kind and fmt and self.kinds_of[fmt][0] != kind:
            its_kind, label = self.kinds_of[fmt]
            self.add_error(
                "format",
                f"{label} is a format for {words_lower(SourceKind(its_kind).label)}: "
                f"choose one for {words_lower(SourceKind(kind).label)}",
            )
        return data


def log_formats() -> dict[str, tuple[str, str]]:
    """Every format the upload takes, by name: (source kind, label), line logs first."""
    from councilguard.monitoring.ingest import EXPORT_FORMATS
    from councilguard.monitoring.parsers import FORMATS

    found = {name: (str(f.kind), f.label) for name, f in FORMATS.items()}
    return found | {name: (kind, label) for name, (kind, label) in EXPORT_FORMATS.items()}


class HoldForm(forms.Form):
    person = forms.ModelChoiceField(queryset=None)
    reason = forms.CharField(
        max_length=REASON_MAX,
        help_text="The case or claim that needs the events kept, e.g. 'investigation 2026/03'.",
        error_messages={"required": "Say why the events must be kept"},
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        max_length=REASON_MAX, error_messages={"required": "Say why the hold can end"}
    )


class IdentityForm(forms.Form):
    kind = forms.ChoiceField(choices=IdentityKind.choices)
    value = forms.CharField(label="Identifier", max_length=200)
    person = forms.ModelChoiceField(queryset=None)
    valid_from = forms.DateTimeField(label="From", widget=_DATETIME)

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["valid_from"].initial = timezone.localtime().replace(second=0, microsecond=0)


class EndIdentityForm(forms.Form):
    at = forms.DateTimeField(label="Ended at", widget=_DATETIME)


SEVERITY_TAGS = {Severity.HIGH: "red", Severity.MEDIUM: "orange", Severity.LOW: "grey"}
