from __future__ import annotations

from django import forms

from councilguard.people.models import Person
from councilguard.socialmedia.models import FOLLOW_UP_DAYS, MAX_SCREENSHOT_BYTES, Account, Platform
from councilguard.vault.models import VaultEntry

_DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_REAL_DATE = {"invalid": "Enter a real date", "required": "Enter the date"}
_YES_NO = [("yes", "Yes"), ("no", "No")]


def _day(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=_DAY, error_messages=_REAL_DATE, **kwargs)


def _yes_no(label: str, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=_YES_NO, widget=forms.RadioSelect,
                                  coerce=lambda v: v == "yes",
                                  error_messages={"required": required_message})  # fmt: skip


def _platform(label: str = "Platform") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=Platform.choices,
                             error_messages={"required": "Choose the platform"})  # fmt: skip


class AccountForm(forms.Form):
    platform = _platform()
    handle = forms.CharField(label="Name or handle", max_length=100)
    purpose = forms.CharField(label="What the account is for",
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    posters = forms.ModelMultipleChoiceField(
        label="Who may post for the council", queryset=Person.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    vault_entry = forms.ModelChoiceField(
        label="Where its password is kept in the vault", queryset=VaultEntry.objects.none(),
        required=False, empty_label="Not in the vault yet",
    )  # fmt: skip

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posters"].queryset = Person.objects.in_council(council).current()
        self.fields["vault_entry"].queryset = VaultEntry.objects.in_council(council).live()


class EnquiryForm(forms.Form):
    outlet = forms.CharField(label="Publication or programme", max_length=200)
    journalist = forms.CharField(label="Journalist's name", max_length=200)
    contact = forms.CharField(label="How to reach them", max_length=200)
    question = forms.CharField(label="What they asked", widget=forms.Textarea(attrs={"rows": 4}))
    received_at = forms.DateTimeField(
        label="When did it come in?", widget=_WHEN,
        error_messages={"invalid": "Enter a real date and time",
                        "required": "Enter when it came in"},
    )  # fmt: skip
    answer_by = _day(
        "Their deadline, if they gave one",
        required=False,
        help_text="Without one, the answer is due two days after it came in.",
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label="The answer given", widget=forms.Textarea(attrs={"rows": 4}))
    answered_on = _day("When was it given?")


class ReportForm(forms.Form):
    url = forms.URLField(label="Link to the post", max_length=500, assume_scheme="https",
                         error_messages={"invalid": "Enter the link to the post, starting "
                                                    "https://"})  # fmt: skip
    platform = _platform()
    concern = forms.CharField(label="What may breach the policy",
                              widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    screenshot = forms.FileField(
        label="A screenshot of the post (optional)", required=False,
        help_text=f"A PNG, JPEG or WebP picture, up to {MAX_SCREENSHOT_BYTES // 1024 // 1024} "
        "MB: the post may be deleted before anyone looks.",
    )  # fmt: skip


TRIAGE_CHOICES = [
    ("no_action", "No action needed"),
    ("removal", "Ask for the post to be removed"),
    ("referred", "Refer for investigation"),
]


class TriageForm(forms.Form):
    decision = forms.ChoiceField(label="Your decision", choices=TRIAGE_CHOICES,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose a decision"})  # fmt: skip
    note = forms.CharField(label="Reason", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    asked_of = forms.CharField(label="For a removal: who was asked", max_length=200,
                               required=False,
                               help_text="The person who posted it, or the platform.")  # fmt: skip
    asked_on = _day("For a removal: when were they asked?", required=False)
    follow_up_days = forms.IntegerField(
        label="For a removal: follow it up after (days)", min_value=1, max_value=90,
        initial=FOLLOW_UP_DAYS, required=False,
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("decision") == "removal":
            if not (data.get("asked_of") or "").strip():
                self.add_error("asked_of", "Say who was asked to remove it")
            if not data.get("asked_on"):
                self.add_error("asked_on", "Enter when they were asked")
        elif data.get("decision") and not (data.get("note") or "").strip():
            self.add_error("note", "Give the reason")
        return data


class CloseRemovalForm(forms.Form):
    removed = _yes_no("Has the post been removed?", "Say whether the post was removed")
    outcome = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 3}))
    closed_on = _day("When was this known?")


class GroupForm(forms.Form):
    name = forms.CharField(label="Name of the group", max_length=100)
    platform = _platform()
    purpose = forms.CharField(label="What the group is for",
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    members = forms.ModelMultipleChoiceField(
        label="Members", queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the group's members"},
    )  # fmt: skip

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Person.objects.in_council(council).current()


class PhotoPermissionForm(forms.Form):
    account = forms.ModelChoiceField(label="The official account to post on",
                                     queryset=Account.objects.none(),
                                     error_messages={"required": "Choose the account"})  # fmt: skip
    activity = forms.CharField(label="The council activity photographed", max_length=200)
    taken_on = _day("When were they taken?")
    everyone_agreed = _yes_no("Has everyone pictured agreed to the photographs being posted?",
                              "Say whether everyone pictured agreed")  # fmt: skip
    children_pictured = _yes_no("Are children pictured?", "Say whether children are pictured")
    reason = forms.CharField(label="Why post them", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = Account.objects.in_council(council)
