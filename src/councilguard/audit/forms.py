from django import forms

from councilguard.audit.events import Event


class AuditFilterForm(forms.Form):
    event = forms.ChoiceField(label="Event", required=False, choices=[("", "Any")] + Event.choices)
    actor = forms.CharField(label="Who", required=False)
    target = forms.CharField(label="About", required=False)
    since = forms.DateField(
        label="From date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
