from __future__ import annotations

from django import forms

from councilguard.people.models import Person
from councilguard.rights.models import Channel, PauseReason, Region, RequestKind, RequestStatus

_DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_REAL_DATE = {"invalid": "Enter a real date", "required": "Enter the date"}


def _day(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=_DAY, error_messages=_REAL_DATE, **kwargs)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are they asking for?",
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they are asking for"},
    )
    person = forms.ModelChoiceField(
        label="Who is asking: a person of the council, now or in the past",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Someone outside the council",
        help_text="Leave as someone outside the council for a member of the public (someone "
        "filmed by CCTV, for example) and give their name below.",
    )
    requester_name = forms.CharField(
        label="Their name, if they are not a person of the council", required=False
    )
    requester_contact = forms.CharField(
        label="Where to send the answer",
        required=False,
        help_text="E-mail or postal address. For a person of the council, their council e-mail "
        "address unless you give another.",
    )
    channel = forms.ChoiceField(
        label="How did the request come in?",
        choices=[c for c in Channel.choices if c[0] != Channel.OWN_PAGE],
        error_messages={"required": "Choose how the request came in"},
    )
    received_on = _day(
        "When was it received?", help_text="The day of receipt is day 1 of the month allowed."
    )
    details = forms.CharField(
        label="What they asked for, in their words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.in_council(council)

    def clean(self):
        data = super().clean()
        if not data.get("person") and not (data.get("requester_name") or "").strip():
            self.add_error("requester_name", "Give the name of someone outside the council")
        return data


class OwnRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What would you like?",
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you would like"},
    )
    details = forms.CharField(
        label="Anything that helps us",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the period or the kind of data you are interested in, or what "
        "is wrong and what it should say.",
    )


class IdentityForm(forms.Form):
    checked_on = _day("When was their identity checked?")
    method = forms.CharField(
        label="How",
        max_length=300,
        help_text="For example: known to the clerk in person; replied from their council "
        "e-mail address; a copy of a driving licence seen and not kept.",
        error_messages={"required": "Say how their identity was checked"},
    )


class PauseForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is the council waiting for?",
        choices=PauseReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the council is waiting for"},
    )
    asked = forms.CharField(
        label="What was asked", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    started_on = _day("When was it asked?")


class ResumeForm(forms.Form):
    reply_on = _day("When did the reply come?")


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label="Why more time is needed",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only for a complex request, or many requests from the same person.",
        error_messages={"required": "Give the reason"},
    )
    told_on = _day("When was the requester told, with the reason?")


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label="How does the request end?",
        choices=[
            (RequestStatus.COMPLETED, "Answered"),
            (RequestStatus.REFUSED, "Refused"),
            (RequestStatus.WITHDRAWN, "Withdrawn by the requester"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the request ends"},
    )
    outcome = forms.CharField(
        label="What was done, or why it was refused",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what was done, or why it was refused"},
    )


class SettingsForm(forms.Form):
    region = forms.ChoiceField(
        label="Which bank holidays does the council keep?",
        choices=Region.choices,
        widget=forms.RadioSelect,
    )
