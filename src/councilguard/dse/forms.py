from __future__ import annotations

from django import forms

from councilguard.dse.models import CHECKLIST, EyeTestReason, Place, ScreenUser
from councilguard.people.models import Person


class _Ids(forms.Form):
    """Several of these forms share a page: each gets its own element ids (``ids``), so labels
    and error links point at the right field; the names sent stay plain."""

    ids = "dse"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.ids}-%s")
        super().__init__(*args, **kwargs)


_DATE = forms.DateInput(attrs={"type": "date"})
_A_DATE = {"required": "Enter a date", "invalid": "Enter a real date"}


class AddUserForm(_Ids):
    ids = "add"

    person = forms.ModelChoiceField(
        label="Who uses a screen as a significant part of their work?",
        queryset=Person.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose a person", "invalid_choice": "Choose a person"},
    )
    since = forms.DateField(label="Since", widget=_DATE, error_messages=_A_DATE)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        users = ScreenUser.objects.in_council(council).current().values("person_id")
        self.fields["person"].queryset = (
            Person.objects.in_council(council).current().exclude(pk__in=users)
        )


class EndUseForm(_Ids):
    ids = "end"

    ended_on = forms.DateField(
        label="No longer a screen user from", widget=_DATE, error_messages=_A_DATE
    )


class OfferForm(_Ids):
    ids = "offer"

    reason = forms.ChoiceField(
        label="Why is the test offered?",
        choices=EyeTestReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the test is offered"},
    )


class RequestForm(_Ids):
    ids = "request"

    reason = forms.ChoiceField(
        label="Why are you asking for a test?",
        choices=EyeTestReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why you are asking"},
    )


class AnswerForm(_Ids):
    ids = "answer"

    test = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        choices=[("yes", "Yes, I would like the test"), ("no", "No, thank you")],
        error_messages={"required": "Say whether you would like the test"},
    )


class TestForm(_Ids):
    ids = "test"

    test = forms.IntegerField(widget=forms.HiddenInput)
    tested_on = forms.DateField(label="Date of the test", widget=_DATE, error_messages=_A_DATE)
    tested_by = forms.CharField(
        label="Optician or doctor who did it",
        max_length=200,
        help_text="Their name and practice.",
        error_messages={"required": "Name the optician or doctor who did the test"},
    )
    next_recommended_on = forms.DateField(
        label="Next test recommended by (if the optician said)",
        required=False,
        widget=_DATE,
        error_messages=_A_DATE,
    )
    glasses_for_screen = forms.BooleanField(
        label="The optician said I need glasses for screen work that my usual ones do not serve",
        required=False,
    )


class AssessmentForm(forms.Form):
    done_on = forms.DateField(
        label="Date you checked your workstation", widget=_DATE, error_messages=_A_DATE
    )
    place = forms.ChoiceField(
        label="Where is the workstation?",
        choices=Place.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say where the workstation is"},
    )
    problems = forms.MultipleChoiceField(
        label="Tick each that applies to you",
        choices=CHECKLIST,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked if none applies.",
    )
    comments = forms.CharField(
        label="Anything else (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(_Ids):
    ids = "review"

    actions = forms.CharField(
        label="What will be done",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when problems were found.",
    )


class ContributionForm(_Ids):
    ids = "contribution"

    amount = forms.DecimalField(
        label="Amount paid (£)",
        max_digits=8,
        decimal_places=2,
        error_messages={"required": "Enter the amount", "invalid": "Enter an amount in pounds"},
    )
    paid_on = forms.DateField(label="Paid on", widget=_DATE, error_messages=_A_DATE)
    reference = forms.CharField(
        label="Payment reference (optional)", max_length=100, required=False
    )


class SettingsForm(forms.Form):
    eye_test_every_months = forms.IntegerField(
        label="Months between eye tests",
        help_text="Used when the optician does not recommend a date (usually 24).",
    )
    offer_answer_days = forms.IntegerField(label="Days before an unanswered offer is chased")
    assessment_every_months = forms.IntegerField(label="Months between workstation assessments")
    glasses_contribution = forms.DecimalField(
        label="Most the council pays towards glasses for screen work (£)",
        max_digits=8,
        decimal_places=2,
        min_value=0,
    )
