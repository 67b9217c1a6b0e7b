from __future__ import annotations

from django import forms

from councilguard.privacy.models import ContactKind, Extent
from councilguard.privacy.services import WORK_PURPOSES


class AskForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a telephone number, an e-mail address or a website."},
    )
    value = forms.CharField(
        label="The number, address or website",
        max_length=300,
        error_messages={"required": "Enter the number, address or website."},
    )
    extent = forms.ChoiceField(
        label="For how long?",
        choices=Extent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it is for one day or until you withdraw it."},
    )
    on_date = forms.DateField(
        label="The day (for one day only)",
        required=False,
        help_text="For example, 27 03 2026 written as 2026-03-27.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the day as a date, for example 2026-03-27."},
    )
    reason = forms.CharField(
        label="Why (only the person who decides reads this)",
        help_text="For example: my trade union representative, my doctor, the employee "
        "assistance line, my solicitor.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": "Give a reason: only the person who decides will read it."},
    )

    def clean(self):
        data = super().clean()
        if data.get("extent") == Extent.ONCE and not data.get("on_date"):
            self.add_error("on_date", "Give the day of the call or contact.")
        return data


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("grant", "Protect it"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to protect it or refuse."},
    )
    refusal_reason = forms.CharField(
        label="Reason for refusing (the person reads this)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("refusal_reason") or "").strip():
            self.add_error(
                "refusal_reason", "Give the reason for refusing: the person will read it."
            )
        return data


class AlwaysForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it?",
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a telephone number, an e-mail address or a website."},
    )
    value = forms.CharField(
        label="The number, address or website",
        max_length=300,
        error_messages={"required": "Enter the number, address or website."},
    )
    label = forms.CharField(
        label="Whose it is",
        max_length=200,
        help_text="For example: Samaritans, the council's employee assistance line.",
        error_messages={"required": "Say whose number or site it is."},
    )


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(
        label="Why are you opening this finding?",
        choices=WORK_PURPOSES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the work purpose for opening this finding."},
    )
    detail = forms.CharField(
        label="More detail (needed for another work purpose)",
        required=False,
        max_length=400,
    )

    def clean(self):
        data = super().clean()
        if data.get("purpose") == "other" and not (data.get("detail") or "").strip():
            self.add_error("detail", "Say what the work purpose is.")
        return data
