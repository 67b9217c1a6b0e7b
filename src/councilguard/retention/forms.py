from django import forms

from councilguard.retention.services import LONGEST_DAYS


class PeriodForm(forms.Form):
    days = forms.IntegerField(
        label="Days kept",
        min_value=1,
        max_value=LONGEST_DAYS,
        error_messages={
            "required": "Give a number of days",
            "min_value": "Keep it at least 1 day",
            "max_value": f"Keep it at most {LONGEST_DAYS} days",
            "invalid": "Give a whole number of days",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    reason = forms.CharField(
        label="Why the council keeps it this long",
        help_text="Shown on the schedule and kept in the audit trail.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the council keeps it this long"},
    )
