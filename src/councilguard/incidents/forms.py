from __future__ import annotations

from django import forms

from councilguard.incidents.models import BreachDecision, IncidentKind, IncidentStatus
from councilguard.incidents.services import IncidentReport
from councilguard.people.models import Person

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of incident is it?",
        choices=[(k, label) for k, label in IncidentKind.choices if k != "failed_sign_ins"],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of incident it is"},
    )
    title = forms.CharField(
        label="In a few words",
        max_length=200,
        error_messages={"required": "Say in a few words what happened"},
    )
    description = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="When, where, and what you noticed. Do not include any password.",
        error_messages={"required": "Describe what happened"},
    )
    occurred_at = forms.DateTimeField(
        label="When it happened",
        required=False,
        widget=_WHEN,
        error_messages={"invalid": "Enter a real date and time"},
    )
    detected_at = forms.DateTimeField(
        label="When the council found out (personal-data breaches)",
        required=False,
        widget=_WHEN,
        help_text="The 72 hours to decide whether to tell the ICO run from here. Leave empty "
        "for now.",
        error_messages={"invalid": "Enter a real date and time"},
    )
    affected_data = forms.CharField(
        label="Whose data, and what data, may be affected",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def to_report(self) -> IncidentReport:
        data = self.cleaned_data
        return IncidentReport(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            occurred_at=data["occurred_at"],
            detected_at=data["detected_at"],
            affected_data=data["affected_data"],
        )


class UpdateForm(forms.Form):
    affected_people = forms.ModelMultipleChoiceField(
        label="People affected",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    affected_data = forms.CharField(
        label="Data affected", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    actions = forms.CharField(
        label="Actions taken", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    outcome = forms.CharField(
        label="Outcome so far", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, council, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["affected_people"].queryset = Person.objects.in_council(council).order_by(
            "full_name"
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Was it reported to the ICO?",
        choices=BreachDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was reported"},
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A breach that is unlikely to result in a risk to people's rights and "
        "freedoms need not be reported, but the reasoning must be kept.",
        error_messages={"required": "Give the reason for the decision"},
    )
    ico_reference = forms.CharField(label="ICO reference", max_length=100, required=False)


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the outcome was"},
    )


class SettingsForm(forms.Form):
    failed_sign_in_limit = forms.IntegerField(
        label="Failed sign-ins to one account",
        min_value=2,
        max_value=100,
        help_text="Sign-in itself stops after 5 failures in 15 minutes, so a higher number is "
        "only reached over longer periods.",
    )
    failed_sign_in_minutes = forms.IntegerField(
        label="Within (minutes)", min_value=1, max_value=24 * 60
    )


class IncidentFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any")] + list(IncidentKind.choices)
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any")] + list(IncidentStatus.choices)
    )
