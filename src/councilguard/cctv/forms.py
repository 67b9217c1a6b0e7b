from __future__ import annotations

from django import forms

from councilguard.cctv.models import MAX_RETENTION_DAYS, Camera, Outcome, Recipient
from councilguard.devices.models import CctvAim, Device, DeviceKind
from councilguard.people.models import Person
from councilguard.rights.models import Channel

_DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_REAL_DATE = {"invalid": "Enter a real date", "required": "Enter the date"}
_REAL_TIME = {"invalid": "Enter a real date and time", "required": "Enter the date and time"}
_YES_NO = [("yes", "Yes"), ("no", "No")]


def _day(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=_DAY, error_messages=_REAL_DATE, **kwargs)


def _when(label: str, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=_WHEN, error_messages=_REAL_TIME, **kwargs)


def _aims(council):
    return CctvAim.objects.filter(council=council, retired_at__isnull=True)


class PeriodMixin:
    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start >= end:
            self.add_error("period_end", "The end of the period must be after its start")
        return data


class CameraForm(forms.Form):
    name = forms.CharField(label="Name of the camera", max_length=100)
    site = forms.CharField(max_length=200, help_text="The building or open space.")
    location = forms.CharField(label="Where on the site", max_length=200)
    coverage = forms.CharField(label="What it covers", widget=forms.Textarea(attrs={"rows": 3}))
    records_sound = forms.TypedChoiceField(
        label="Does it record sound?", choices=_YES_NO, widget=forms.RadioSelect,
        coerce=lambda v: v == "yes", error_messages={"required": "Say whether it records sound"},
    )  # fmt: skip
    signage = forms.TypedChoiceField(
        label="Are there signs telling people about the camera?", choices=_YES_NO,
        widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        error_messages={"required": "Say whether signs are in place"},
    )  # fmt: skip
    aims = forms.ModelMultipleChoiceField(
        label="The legitimate aims it serves",
        queryset=CctvAim.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one of the council's legitimate aims"},
    )
    retention_days = forms.IntegerField(
        label="Footage kept for (days)", min_value=1, max_value=MAX_RETENTION_DAYS,
        error_messages={"invalid": "Enter a whole number of days",
                        "required": "Enter how many days footage is kept"},
    )  # fmt: skip
    impact_assessment = forms.CharField(
        label="Impact assessment reference", max_length=100, required=False
    )
    device = forms.ModelChoiceField(
        label="The device on the register",
        queryset=Device.objects.none(),
        required=False,
        empty_label="Not on the device register",
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aims"].queryset = _aims(council)
        self.fields["device"].queryset = Device.objects.in_council(council).filter(
            kind=DeviceKind.CCTV_CAMERA
        )


class RetentionCheckForm(forms.Form):
    recorder_days = forms.IntegerField(
        label="How many days of footage does the recorder keep?", min_value=0,
        error_messages={"invalid": "Enter a whole number of days",
                        "required": "Enter the days of footage the recorder keeps"},
    )  # fmt: skip
    checked_on = _day("When was it checked?")


class ViewingRequestForm(PeriodMixin, forms.Form):
    camera = forms.ModelChoiceField(
        queryset=Camera.objects.none(), error_messages={"required": "Choose the camera"}
    )
    aim = forms.ModelChoiceField(
        label="The legitimate aim",
        queryset=CctvAim.objects.none(),
        widget=forms.RadioSelect,
        help_text="One of the aims the camera serves.",
        error_messages={"required": "Choose one legitimate aim",
                        "invalid_choice": "Choose one of the council's legitimate aims"},
    )  # fmt: skip
    period_start = _when("Footage from")
    period_end = _when("Footage until")
    reason = forms.CharField(
        label="Why you need to view it", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["camera"].queryset = Camera.objects.in_council(council).filter(
            retired_on__isnull=True
        )
        self.fields["aim"].queryset = _aims(council)


class ViewingForm(forms.Form):
    viewed_at = _when("When was it viewed?")
    footage = forms.CharField(label="Which footage", max_length=200,
                              help_text="The recording and the times looked at.")  # fmt: skip
    seen = forms.CharField(label="What was seen, in a sentence", max_length=300)
    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )  # fmt: skip


class DisclosureForm(forms.Form):
    recipient = forms.ChoiceField(
        label="Who was it handed to?", choices=Recipient.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose who the footage was handed to"},
    )  # fmt: skip
    recipient_name = forms.CharField(label="Name of the body or person", max_length=200)
    their_reference = forms.CharField(
        label="Their reference (crime or claim number)", max_length=100, required=False
    )
    footage = forms.CharField(label="Which footage", max_length=200)
    reason = forms.CharField(label="Why it was handed over",
                             widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    disclosed_on = _day("When was it handed over?")
    viewing = forms.ModelChoiceField(
        label="The viewing it came from", queryset=None, required=False,
        empty_label="None",
    )  # fmt: skip

    def __init__(self, *args, camera, **kwargs):
        super().__init__(*args, **kwargs)
        from councilguard.cctv.models import Viewing

        self.fields["viewing"].queryset = Viewing.objects.filter(request__camera=camera)


class OwnFootageForm(PeriodMixin, forms.Form):
    person = forms.ModelChoiceField(
        label="Who is asking: a person of the council",
        queryset=Person.objects.none(),
        required=False,
        empty_label="A member of the public",
    )
    requester_name = forms.CharField(label="Their name, if a member of the public",
                                     required=False, max_length=200)  # fmt: skip
    requester_contact = forms.CharField(label="Where to send the answer", required=False)
    channel = forms.ChoiceField(
        label="How did the request come in?",
        choices=[c for c in Channel.choices if c[0] != Channel.OWN_PAGE],
    )
    received_on = _day("When was it received?")
    period_start = _when("Footage from")
    period_end = _when("Footage until")
    description = forms.CharField(
        label="How to recognise them", max_length=300, required=False,
        help_text="What they wore, where they were: so the right person is found.",
    )  # fmt: skip

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.in_council(council)

    def clean(self):
        data = super().clean()
        if not data.get("person") and not (data.get("requester_name") or "").strip():
            self.add_error("requester_name", "Give the requester's name")
        return data
