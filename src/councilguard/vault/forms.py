from __future__ import annotations

from django import forms

from councilguard.core.roles import Role
from councilguard.people.models import Person
from councilguard.vault.models import System, VaultEntry
from councilguard.vault.passphrase import SEPARATORS
from councilguard.vault.services import REASON_MAX, EntryData


def _secret_field(label: str) -> forms.CharField:
    # render_value=False: a refused form never sends the secret back to the browser.
    return forms.CharField(
        label=label,
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password"},
        help_text="Three random words are best, for example 'purple candle river'. It is "
        "checked as a sign-in password is, and stored only encrypted.",
    )


class EntryForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Give the entry a name"}
    )
    system = forms.ChoiceField(
        label="System",
        choices=System.choices,
        error_messages={"required": "Choose what kind of system this is for"},
    )
    username = forms.CharField(label="Username or account", max_length=200, required=False)
    address = forms.CharField(label="Sign-in address", max_length=300, required=False)
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything that helps, such as who the supplier is. Never the password.",
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=Person.objects.none(),
        help_text="Looks after this account and changes its password when asked.",
        error_messages={"required": "Choose who owns this account"},
    )
    allowed_people = forms.ModelMultipleChoiceField(
        label="People who may use it",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    allowed_roles = forms.MultipleChoiceField(
        label="Roles whose holders may use it",
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    privileged = forms.BooleanField(
        label="Administrative: ask for a second factor before each reveal",
        required=False,
        help_text="For admin accounts, the bank and the domain: a reveal needs an "
        "authenticator code from the last few minutes.",
    )
    rotation_days = forms.IntegerField(
        label="Change it every (days)",
        min_value=1,
        max_value=3650,
        required=False,
        error_messages={"invalid": "Enter a whole number of days, like 365"},
    )

    def __init__(
        self, *args, council, owner_choices=None, with_secret: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.in_council(council).current().order_by("full_name")
        self.fields["owner"].queryset = owner_choices if owner_choices is not None else people
        self.fields["allowed_people"].queryset = people
        if with_secret:
            self.fields["secret"] = _secret_field("Password")

    @classmethod
    def initial_for(cls, entry: VaultEntry) -> dict:
        return {
            "name": entry.name,
            "system": entry.system,
            "username": entry.username,
            "address": entry.address,
            "notes": entry.notes,
            "owner": entry.owner,
            "allowed_people": list(entry.allowed_people.all()),
            "allowed_roles": entry.allowed_roles,
            "privileged": entry.privileged,
            "rotation_days": entry.rotation_days,
        }

    def to_data(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            name=data["name"],
            system=data["system"],
            owner=data["owner"],
            username=data["username"],
            address=data["address"],
            notes=data["notes"],
            allowed_people=list(data["allowed_people"]),
            allowed_roles=list(data["allowed_roles"]),
            privileged=data["privileged"],
            rotation_days=data["rotation_days"],
        )


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need it?",
        max_length=REASON_MAX,
        help_text="Recorded with your name and the time (B 4.1.5). For example: "
        "'updating the events page'.",
        error_messages={
            "required": "Say why you need this password",
            "max_length": f"Keep the reason to {REASON_MAX} characters",
        },
    )


class RotateForm(forms.Form):
    secret = _secret_field("New password")


class ChangeNowForm(forms.Form):
    note = forms.CharField(
        label="What makes you think it may be known to someone else?",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GeneratorForm(forms.Form):
    separator = forms.ChoiceField(
        label="Between the words",
        choices=[(k, k.title()) for k in SEPARATORS],
        required=False,
        initial="hyphen",
    )
    digits = forms.BooleanField(label="Add two digits", required=False)
    capitals = forms.BooleanField(label="Start each word with a capital", required=False)
