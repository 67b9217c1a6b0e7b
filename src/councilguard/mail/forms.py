from __future__ import annotations

from django import forms

from councilguard.mail.models import ContactKind, MailSettings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MailSettings
        fields = [
            "personal_use",
            "personal_messages_per_week",
            "forward_messages_per_week",
            "business_from_personal_per_week",
            "auto_forward_messages",
            "auto_forward_minutes",
            "failed_signins_per_day",
            "allowed_countries",
            "keep_subjects",
            "keep_subjects_reason",
        ]
        labels = {
            "personal_use": "Personal use of council e-mail",
            "personal_messages_per_week": "Personal messages allowed a week (reasonable use)",
            "forward_messages_per_week": "Messages to one's own or one webmail address a week",
            "business_from_personal_per_week": "Messages from a personal address to the council "
            "a week",
            "auto_forward_messages": "Automatically forwarded messages a week",
            "auto_forward_minutes": "A message sent on within this many minutes is forwarded",
            "failed_signins_per_day": "Failed sign-ins of one account in a day",
            "allowed_countries": "Countries sign-ins are expected from",
            "keep_subjects": "Keep message subjects",
            "keep_subjects_reason": "Why subjects must be kept",
        }
        help_texts = {
            "allowed_countries": "Two-letter codes separated by commas, e.g. GB, IE.",
            "keep_subjects": "Off unless the council needs them: subjects say what a message "
            "is about.",
        }


class ContactForm(forms.Form):
    value = forms.CharField(
        label="Domain or address",
        max_length=254,
        help_text="e.g. county.gov.uk or accounts@supplier.co.uk",
        error_messages={"required": "Give a domain or an address"},
    )
    kind = forms.ChoiceField(label="Kind", choices=ContactKind.choices)
    note = forms.CharField(label="Note", max_length=200, required=False)


class PersonalAddressForm(forms.Form):
    person = forms.ModelChoiceField(queryset=None, label="Person")
    address = forms.EmailField(
        label="Their personal address", error_messages={"required": "Give the address"}
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class OwnAddressForm(forms.Form):
    address = forms.EmailField(
        label="Your personal address",
        help_text="e.g. the address you use at home",
        error_messages={"required": "Give the address", "invalid": "Give an e-mail address"},
    )


class ItemForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
