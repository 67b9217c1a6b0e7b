from __future__ import annotations

from django import forms

from councilguard.cases.models import CaseKind, NoticeMethod, Origin, Outcome
from councilguard.cases.uploads import ALLOWED_WORDS, MAX_BYTES
from councilguard.core.models import Membership
from councilguard.monitoring.models import Finding, FindingStatus
from councilguard.people.models import Person

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_DAY = forms.DateInput(attrs={"type": "date"})


def _reason(label: str, hint: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"{label}: give it in a few words"},
    )


class FindingChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, finding: Finding) -> str:
        return f"{finding.person.full_name}: {finding.summary} ({finding.clause_reference})"


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person: Person) -> str:
        return person.full_name


class CaseForm(forms.Form):
    title = forms.CharField(
        label="In a few words",
        max_length=200,
        error_messages={"required": "Say in a few words what the case is about"},
    )
    kind = forms.ChoiceField(
        label="Kind of case",
        choices=CaseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of case"},
    )
    origin = forms.ChoiceField(
        label="Where the concern came from",
        choices=Origin.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say where the concern came from"},
    )
    findings = FindingChoice(
        label="Findings the case starts from",
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Escalated findings of every source. Their people become subjects of the case.",
    )
    subjects = PersonChoice(
        label="Who the case is about",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Needed when the case starts from a report or a complaint.",
    )
    allegation = _reason("What is alleged", rows=5)
    clauses = forms.CharField(
        label="Clauses the allegation concerns",
        required=False,
        help_text="For example “B 5.1.7, A Social Media”. A finding's own clause is added.",
    )
    period_start = forms.DateField(label="Period it concerns: from", required=False, widget=_DAY)
    period_end = forms.DateField(label="Period it concerns: to", required=False, widget=_DAY)

    def __init__(self, *args, council, finding_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        findings = Finding.objects.in_council(council).select_related("person")
        self.fields["findings"].queryset = findings.filter(pk__in=[*finding_ids]) | findings.filter(
            status=FindingStatus.ESCALATED
        )
        self.fields["subjects"].queryset = Person.objects.in_council(council)
        if finding_ids and not self.is_bound:
            self.initial["findings"] = list(finding_ids)
            self.initial.setdefault("origin", Origin.FINDINGS)


class ReasonForm(forms.Form):
    reason = _reason("Why")


class AppointForm(forms.Form):
    investigator = forms.ModelChoiceField(
        label="Investigator",
        queryset=Membership.objects.none(),
        help_text="Someone who is neither the subject nor managed by the subject.",
        error_messages={"required": "Choose the investigator"},
    )
    terms = _reason(
        "Terms of reference", "What the investigation must establish, and by when.", rows=5
    )
    reason = _reason("Why a formal investigation is needed")

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["investigator"]
        field.queryset = Membership.objects.filter(council=council).active().select_related("user")
        field.label_from_instance = lambda m: f"{m.user.email} ({m.get_role_display()})"


class FindingsForm(forms.Form):
    findings = _reason(
        "Findings of the investigation", "What the evidence shows, clause by clause.", rows=8
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    reason = _reason("Why")


class TellForm(forms.Form):
    subject = forms.ChoiceField(
        label="Who was told", error_messages={"required": "Choose who was told"}
    )
    how = forms.ChoiceField(
        label="How",
        choices=NoticeMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how they were told"},
    )
    told_at = forms.DateTimeField(
        label="When",
        widget=_WHEN,
        error_messages={
            "required": "Say when they were told",
            "invalid": "Enter a real date and time",
        },
    )
    notice = _reason("What the letter or e-mail said", rows=6)

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [(s.pk, s.person.full_name) for s in subjects]


class LinkFindingForm(forms.Form):
    finding = forms.ModelChoiceField(
        label="Finding",
        queryset=Finding.objects.none(),
        error_messages={"required": "Choose the finding"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["finding"]
        field.queryset = (
            Finding.objects.in_council(case.council)
            .filter(person__cases__case=case)
            .exclude(pk__in=case.findings.values("pk"))
            .select_related("person")
        )
        field.label_from_instance = lambda f: (
            f"{f.person.full_name}: {f.summary} ({f.clause_reference})"
        )


class ExtractForm(forms.Form):
    finding = forms.ModelChoiceField(
        label="Finding whose raw events to copy",
        queryset=Finding.objects.none(),
        error_messages={"required": "Choose the finding"},
    )
    purpose = _reason(
        "Purpose", "Why the investigation needs these events. The person will see this."
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["finding"]
        field.queryset = case.findings.select_related("person")
        field.label_from_instance = lambda f: f"{f.person.full_name}: {f.summary}"


class DocumentForm(forms.Form):
    title = forms.CharField(label="What it is", max_length=200, required=False)
    upload = forms.FileField(
        label="File",
        help_text=f"{ALLOWED_WORDS}; at most {MAX_BYTES // (1024 * 1024)} MB.",
        error_messages={"required": "Choose a file", "empty": "The file is empty"},
        allow_empty_file=True,
    )
    relied_on = forms.BooleanField(
        label="The investigation relies on it (the subject will see it)",
        required=False,
        initial=True,
    )


class InterviewForm(forms.Form):
    title = forms.CharField(
        label="Who was interviewed, and when",
        max_length=200,
        error_messages={"required": "Say who was interviewed and when"},
    )
    notes = _reason("Notes", rows=10)
    relied_on = forms.BooleanField(
        label="The investigation relies on it (the subject will see it)",
        required=False,
        initial=True,
    )


class AccountForm(forms.Form):
    account = _reason(
        "Your account of what happened", "What you want the investigation to know.", rows=8
    )


class SettingsForm(forms.Form):
    appeal_days = forms.IntegerField(
        label="Days a closed case keeps its legal hold, for an appeal",
        min_value=0,
        max_value=365,
        error_messages={"required": "Give a number of days"},
    )


class ExportForm(forms.Form):
    recipient = forms.CharField(
        label="Given to (name, firm)",
        max_length=200,
        error_messages={"required": "Say who the bundle is for"},
    )
    reason = _reason("Why the adviser needs it")
