from __future__ import annotations

from django import forms

from councilguard.people.models import Person
from councilguard.policies.models import ApprovingBody, Policy, RuleKind, Severity

DATE = {"type": "date"}


class PolicyForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the policy's title"}
    )
    code = forms.CharField(
        label="Short code",
        max_length=10,
        help_text="Used to cite its clauses, e.g. 'B' in 'B 2.2.4'.",
        error_messages={"required": "Enter a short code, such as B"},
    )
    responsible_officer = forms.ModelChoiceField(
        label="Responsible officer", queryset=Person.objects.none(), required=False
    )
    oversight_committee = forms.CharField(
        label="Oversight committee", required=False, max_length=200
    )
    review_due = forms.DateField(
        label="Next review due",
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages={"invalid": "Enter a real date, like 2027-05-01"},
    )

    def __init__(self, *args, council, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_officer"].queryset = Person.objects.in_council(council).current()
        if editing:
            del self.fields["title"]
            del self.fields["code"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Policy document",
        help_text="A Word document (.docx), Markdown (.md) or plain text (.txt) file.",
        error_messages={"required": "Choose the policy document to import"},
    )
    policy = forms.ModelChoiceField(
        label="A new version of",
        queryset=Policy.objects.none(),
        required=False,
        empty_label="A new policy",
    )
    code = forms.CharField(label="Short code for a new policy", required=False, max_length=10)
    label = forms.CharField(label="Version", max_length=20, initial="1.0")
    material_change = forms.BooleanField(
        label="A material change: everyone must acknowledge it again",
        required=False,
        initial=True,
    )

    def __init__(self, *args, council, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = Policy.objects.in_council(council)

    def clean(self):
        data = super().clean()
        if not data.get("policy") and not data.get("code"):
            self.add_error("code", "Enter a short code for the new policy, such as B")
        return data


class ClausesForm(forms.Form):
    """The clause tree as Markdown, for the clerk to correct before it is saved."""

    markdown = forms.CharField(
        label="Clauses",
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        help_text="Headings start with #; numbered clauses start with their number (2.2.4). "
        "Correct anything the import got wrong, then save.",
        error_messages={"required": "The policy needs at least one clause"},
    )


class ApproveForm(forms.Form):
    approving_body = forms.ChoiceField(
        label="Approved by", choices=ApprovingBody.choices, widget=forms.RadioSelect
    )
    committee_name = forms.CharField(
        label="Committee (if a committee approved it)", required=False, max_length=200
    )
    approved_on = forms.DateField(
        label="Date of approval",
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": "Enter the date it was approved",
            "invalid": "Enter a real date",
        },
    )
    minute_reference = forms.CharField(label="Minute reference", required=False, max_length=50)


class VersionSettingsForm(forms.Form):
    material_change = forms.BooleanField(
        label="A material change: everyone must acknowledge it again", required=False
    )
    remote_working_reference = forms.CharField(
        label="Clause with the rules for working away from the office",
        required=False,
        max_length=40,
        help_text="Its reference, e.g. 6.1.1. People who work away accept these rules.",
    )
    reminder_every_days = forms.IntegerField(
        label="Remind people who have not acknowledged every (days)", min_value=1, max_value=90
    )


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label="Date of review", widget=forms.DateInput(attrs=DATE))
    review_type = forms.CharField(
        label="Type of review",
        max_length=200,
        help_text="e.g. annual review, change in legislation",
    )
    actions = forms.CharField(label="Actions taken or decisions made", widget=forms.Textarea)
    completed_by = forms.CharField(label="Completed by", max_length=200)
    next_review_due = forms.DateField(
        label="Next review due", required=False, widget=forms.DateInput(attrs=DATE)
    )


class PaperAckForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Who signed the paper copy", queryset=Person.objects.none()
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class RuleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="What it checks", choices=RuleKind.choices)
    severity = forms.ChoiceField(label="Severity", choices=Severity.choices)
    parameters = forms.JSONField(
        label="Parameters (JSON)",
        required=False,
        initial=dict,
        # Typed as written, like a file name: the words scan leaves it alone (cg-verbatim).
        widget=forms.Textarea(attrs={"rows": 4, "class": "cg-verbatim"}),
    )
    citations = forms.CharField(
        label="Clauses it enforces",
        help_text="Policy code and clause, one per line or separated by commas: B 5.1.6, B 9.1.2",
    )
    enabled = forms.BooleanField(label="Enabled", required=False, initial=True)

    def __init__(self, *args, council, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.council = council

    def clean_citations(self) -> list[tuple[Policy, str]]:
        found = []
        for item in filter(
            None,
            (x.strip() for x in self.cleaned_data["citations"].replace(",", "\n").splitlines()),
        ):
            code, _, reference = item.partition(" ")
            policy = Policy.objects.in_council(self.council).filter(code__iexact=code).first()
            if policy is None or not reference.strip():
                raise forms.ValidationError(f"{item!r} is not like 'B 5.1.6' (policy code, clause)")
            found.append((policy, reference.strip()))
        return found

    def clean_parameters(self) -> dict:
        value = self.cleaned_data["parameters"] or {}
        if not isinstance(value, dict):
            raise forms.ValidationError('Parameters must be a JSON object, like {"minutes": 30}')
        return value


class RemoteWorkerForm(forms.Form):
    """Someone who works away from the office (B 6.1.1)."""

    person = forms.ModelChoiceField(label="Who", queryset=Person.objects.none())
    where = forms.CharField(
        label="Where they work",
        max_length=200,
        help_text="For example: at home two days a week, or travelling between sites.",
        error_messages={"required": "Say where they work, such as at home two days a week"},
    )
    since = forms.DateField(
        label="Working away from the office since",
        widget=forms.DateInput(attrs=DATE),
        error_messages={
            "required": "Enter the date they started working away from the office",
            "invalid": "Enter a real date",
        },
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
