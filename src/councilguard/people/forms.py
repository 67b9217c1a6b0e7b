from __future__ import annotations

from django import forms

from councilguard.people.models import Person, PersonKind
from councilguard.people.services import PersonData, PersonError, normalise_pattern, parse_emails


class PersonForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the person's full name"},
    )
    kind = forms.ChoiceField(
        label="Role in the council",
        choices=PersonKind.choices,
        error_messages={"required": "Choose councillor, staff member or other authorised user"},
    )
    emails = forms.CharField(
        label="Council e-mail addresses",
        error_messages={"required": "Enter at least one council e-mail address"},
        help_text="The first is the main address. Separate several with semicolons.",
    )
    job_title = forms.CharField(label="Job title or office", required=False, max_length=200)
    line_manager = forms.ModelChoiceField(
        label="Line manager", queryset=Person.objects.none(), required=False
    )
    peer_group = forms.CharField(
        label="Peer group",
        required=False,
        max_length=100,
        help_text="People who do similar work, compared with each other (e.g. grounds staff).",
    )
    start_date = forms.DateField(
        label="Start date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real start date, like 2026-04-01"},
    )
    leave_date = forms.DateField(
        label="Leaving date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real leaving date, like 2026-04-01"},
    )
    uses_display_screen = forms.BooleanField(label="Uses display screen equipment", required=False)
    working_pattern = forms.CharField(
        label="Working pattern",
        required=False,
        help_text="UK time, e.g. 'Mon-Fri 09:00-17:00' or 'Mon,Wed 09:00-13:00; Thu 13:30-17:30'. "
        "Leave empty for no set hours.",
    )

    def __init__(self, *args, council, person: Person | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        managers = Person.objects.in_council(council).current()
        if person is not None:
            # Keep a manager who has since left, so saving other changes does not drop them.
            managers = (managers | Person.objects.filter(pk=person.line_manager_id)).exclude(
                pk=person.pk
            )
        self.fields["line_manager"].queryset = managers

    def clean_emails(self) -> list[str]:
        try:
            return parse_emails(self.cleaned_data["emails"])
        except PersonError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_working_pattern(self) -> str:
        try:
            return normalise_pattern(self.cleaned_data["working_pattern"])
        except PersonError as exc:
            raise forms.ValidationError(str(exc)) from None

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        return {
            "full_name": person.full_name,
            "kind": person.kind,
            "emails": "; ".join(e.address for e in person.emails.all()),
            "job_title": person.job_title,
            "line_manager": person.line_manager,
            "peer_group": person.peer_group.name if person.peer_group else "",
            "start_date": person.start_date,
            "leave_date": person.leave_date,
            "uses_display_screen": person.uses_display_screen,
            "working_pattern": person.working_pattern,
        }

    def to_data(self) -> PersonData:
        return PersonData(**self.cleaned_data)


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        error_messages={"required": "Choose a CSV file to import", "empty": "The file is empty"},
        help_text="Columns, headed as in the export: Full name, Role, Email, and optionally "
        "Job title, Line manager email, Peer group, Start date, Leave date, Display screen, "
        "Working pattern.",
    )
    dry_run = forms.BooleanField(label="Check the file without saving", required=False)
