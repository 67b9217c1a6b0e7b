"""Monitoring pages: sources and their legal footing, findings and their review, a person's own
findings, raw events on purpose only, category meanings and the council's own lists, batches
and uploads, identities, legal holds, purge receipts and thresholds (C11, C18, C19)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from councilguard.accounts.models import User
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.exports import audited_csv_export
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.monitoring import categories, forms, services
from councilguard.monitoring.filters import FindingFilterSet
from councilguard.monitoring.models import (
    CategoryMeaning,
    DomainRule,
    Finding,
    FindingStatus,
    Identity,
    IngestBatch,
    LegalHold,
    PurgeReceipt,
    Severity,
    SourceKind,
)
from councilguard.monitoring.notices import source_notices
from councilguard.monitoring.services import MonitoringError
from councilguard.people.access import own_person
from councilguard.people.models import Person

PAGE = 50


def _go(request, name: str, **kwargs):
    return redirect(f"monitoring:{name}", council=request.council.slug, **kwargs)


def _actor(request) -> Actor:
    return Actor.for_request(request)


def _page(request, template: str, context: dict):
    """Render a page of the monitoring section, whose sub-navigation depends on the role."""
    context["monitoring_manager"] = request.membership.can(Action.MANAGE_MONITORING)
    context["log_profile_manager"] = request.membership.can(Action.MANAGE_LOG_PROFILES)
    return render(request, template, context)


# --- sources (C18) ---------------------------------------------------------------------------


@council_view(Action.VIEW_MONITORING)
@require_GET
def source_list(request):
    """Every kind of monitoring, what is set and what is still missing before it may run."""
    sources = services.all_sources(request.council)
    return _page(
        request,
        "monitoring/source_list.html",
        {
            "sources": [{"source": s, "missing": s.missing()} for s in sources],
            "can_manage": request.membership.can(Action.MANAGE_MONITORING),
            "can_upload": request.membership.can(Action.UPLOAD_MONITORING),
        },
    )


def _owners(council):
    return User.objects.filter(memberships__council=council, is_active=True).order_by("email")


@never_cache
@council_view(Action.MANAGE_MONITORING)
@require_GET_or_POST
def source_edit(request, kind: str):
    if kind not in SourceKind.values:
        raise Http404
    source = services.source_for(request.council, kind)
    owners = _owners(request.council)
    form = forms.SourceForm(
        request.POST or None, owners=owners, initial=forms.SourceForm.initial_for(source)
    )
    if request.method == "POST" and form.is_valid():
        try:
            source, changed = services.set_source(
                request.council, kind, form.cleaned_data, actor=_actor(request)
            )
        except MonitoringError as exc:
            form.add_error(None, str(exc))
        else:
            missing = source.missing()
            if not changed:
                messages.success(request, "Nothing changed.")
            elif missing:
                messages.success(request, f"Saved. Still missing: {', '.join(missing)}.")
            else:
                messages.success(request, f"Saved. {source} may now be taken in.")
            return _go(request, "source_list")
    return render(
        request,
        "monitoring/source_form.html",
        {"form": form, "source": source, "missing": source.missing()},
    )


# --- findings (C18, DESIGN 9) ---------------------------------------------------------------


def _findings(request):
    return services.findings_for(request.membership).select_related("person")


# The columns the findings list shows (with the person's name for the first column).
ROW_FIELDS = (
    "person",
    "person__full_name",
    "rule_kind",
    "summary",
    "clause_reference",
    "period_start",
    "period_end",
    "severity",
    "status",
)


@council_view(Action.REVIEW_FINDINGS)
@require_GET
def finding_list(request):
    """Summaries first (how many, of what, in which state), then one row per finding."""
    filterset = FindingFilterSet(request.GET or None, queryset=_findings(request))
    findings = filterset.qs
    # One aggregate over the whole filtered set gives both summaries and the number of rows:
    # 20,000 findings are read once, not three times (issue 14: lists under 300 ms).
    by_status: dict[str, int] = {}
    by_rule: dict[str, dict] = {}
    for rule_kind, status, n, high in (
        findings.order_by()
        .values_list("rule_kind", "status")
        .annotate(n=Count("pk"), high=Count("pk", filter=Q(severity=Severity.HIGH)))
    ):
        by_status[status] = by_status.get(status, 0) + n
        rule = by_rule.setdefault(
            rule_kind, {"rule_kind": rule_kind, "total": 0, "open": 0, "high": 0}
        )
        rule["total"] += n
        rule["high"] += high
        if status == FindingStatus.OPEN:
            rule["open"] += n
    # Only what a row shows: the evidence (JSON) and review texts stay in the database.
    shown = findings.select_related(None).select_related("person").only(*ROW_FIELDS)
    paginator = Paginator(shown.order_by(*Finding._meta.ordering, "pk"), PAGE)
    paginator.count = sum(by_status.values())  # already counted: no COUNT(*) of its own
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    unacked = services.unacknowledged(request.council, {f.person_id for f in rows})
    return render(
        request,
        "monitoring/finding_list.html",
        {
            "filter_form": filterset.form,
            "page_obj": page,
            "rows": [{"finding": f, "unacknowledged": unacked.get(f.person_id)} for f in rows],
            "by_status": [
                {"status": label, "value": value, "count": by_status.get(value, 0)}
                for value, label in FindingStatus.choices
            ],
            "by_rule": [by_rule[kind] for kind in sorted(by_rule)],
        },
    )


FINDING_COLUMNS = [
    "id",
    "person",
    "source",
    "rule",
    "clause",
    "period_start",
    "period_end",
    "severity",
    "status",
    "summary",
    "reviewed_by",
    "reviewed_at",
]


@council_view(Action.REVIEW_FINDINGS)
@require_GET
def finding_export(request):
    """The filtered list as CSV: summaries only, never raw events; recorded (DESIGN 5)."""
    filterset = FindingFilterSet(request.GET or None, queryset=_findings(request))
    rows = (
        [
            f.pk,
            f.person.full_name,
            f.source_kind,
            f.rule_kind,
            f.clause_reference,
            f.period_start,
            f.period_end,
            f.severity,
            f.status,
            f.summary,
            f.reviewed_by_label,
            f.reviewed_at,
        ]
        for f in filterset.qs.order_by(*Finding._meta.ordering, "pk")
    )
    return audited_csv_export(
        request, name="findings", header=FINDING_COLUMNS, rows=rows, event=Event.FINDINGS_EXPORTED
    )


def _ask_purpose(request, finding: Finding, form=None, status: int = 200):
    """A finding about a named person is opened for a work purpose, asked once per finding
    per session and recorded as monitoring data viewed (C18, privacy.purpose)."""
    from councilguard.privacy.forms import PurposeForm

    return render(
        request,
        "privacy/finding_purpose.html",
        {"finding": finding, "form": form or PurposeForm()},
        status=status,
    )


def _needs_purpose(request, finding: Finding) -> bool:
    from councilguard.privacy.purpose import needs_purpose

    return needs_purpose(request, finding)


@council_view(Action.REVIEW_FINDINGS)
@require_GET
def finding_detail(request, pk: int):
    finding = get_object_or_404(_findings(request), pk=pk)
    if _needs_purpose(request, finding):
        return _ask_purpose(request, finding)
    return render(request, "monitoring/finding_detail.html", _detail_context(request, finding))


@council_view(Action.REVIEW_FINDINGS)
@require_GET_or_POST
def finding_purpose(request, pk: int):
    """The work purpose for opening a finding: recorded, then the finding is shown."""
    from councilguard.privacy.forms import PurposeForm
    from councilguard.privacy.purpose import give_purpose
    from councilguard.privacy.services import PrivacyError

    finding = get_object_or_404(_findings(request), pk=pk)
    form = PurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            give_purpose(
                request,
                finding,
                purpose=form.cleaned_data["purpose"],
                detail=form.cleaned_data["detail"],
            )
        except PrivacyError as exc:
            form.add_error(None, str(exc))
        else:
            return _go(request, "finding_detail", pk=finding.pk)
    return _ask_purpose(request, finding, form)


def render_finding(request, finding: Finding, *, status: int = 200, **extra):
    """A finding's page; another app's view re-renders it with its own panel's errors."""
    return render(
        request,
        "monitoring/finding_detail.html",
        _detail_context(request, finding, **extra),
        status=status,
    )


def _detail_context(request, finding: Finding, **extra) -> dict:
    # What the app that owns the source adds (phones: bill lines, personal use to recover).
    panel = services.source_hook(finding.source_kind, "finding_panel")
    return {
        "panel": panel(request, finding) if panel else None,
        "finding": finding,
        "clause": services.resolve_clause(request.council, finding.clause_reference),
        "unacknowledged": services.unacknowledged(request.council, [finding.person_id]).get(
            finding.person_id
        ),
        "review_form": forms.ReviewForm(),
        "can_review": finding.status in (FindingStatus.OPEN, FindingStatus.NOTED),
        "can_open_events": request.membership.can(Action.OPEN_RAW_EVENTS)
        and services.has_raw_events(finding.source_kind),
        "holds": LegalHold.objects.filter(person=finding.person, released_at__isnull=True),
        # An escalated finding goes on to a case (cases app, C17) by the roles who open them.
        "can_open_case": finding.status == FindingStatus.ESCALATED
        and request.membership.can(Action.MANAGE_CASES),
        **extra,
    }


_REVIEWS = {
    FindingStatus.NOTED: lambda f, text, actor: services.note_finding(f, note=text, actor=actor),
    FindingStatus.DISMISSED: lambda f, text, actor: services.dismiss_finding(
        f, reason=text, actor=actor
    ),
    FindingStatus.ESCALATED: lambda f, text, actor: services.escalate_finding(
        f, reason=text, actor=actor
    ),
}


@council_view(Action.REVIEW_FINDINGS)
@require_GET_or_POST
def finding_review(request, pk: int):
    finding = get_object_or_404(_findings(request), pk=pk)
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            _REVIEWS[decision](finding, form.cleaned_data["reason"], _actor(request))
        except MonitoringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Finding {FindingStatus(decision).label.lower()}.")
            return _go(request, "finding_detail", pk=finding.pk)
    if _needs_purpose(request, finding):
        # The finding is shown again only to one who has said why they opened it.
        return _ask_purpose(request, finding)
    return render(
        request,
        "monitoring/finding_detail.html",
        _detail_context(request, finding, review_form=form),
    )


@never_cache
@council_view(Action.OPEN_RAW_EVENTS)
@require_GET_or_POST
def finding_events(request, pk: int):
    """The raw events behind one finding: a purpose typed each time, that person and period
    only, recorded, never cached (DESIGN 9). A GET only asks for the purpose."""
    finding = get_object_or_404(_findings(request), pk=pk)
    form = forms.RawEventsForm(request.POST or None)
    result = None
    gone = services.raw_events_gone(finding)
    if request.method == "POST" and gone is None and form.is_valid():
        try:
            result = services.open_raw_events(
                finding, purpose=form.cleaned_data["purpose"], actor=_actor(request)
            )
        except MonitoringError as exc:
            form.add_error("purpose", str(exc))
    return render(
        request,
        "monitoring/finding_events.html",
        {
            "finding": finding,
            "form": form,
            "result": result,
            "gone": gone,
            "can_hold": request.membership.can(Action.MANAGE_MONITORING),
            "events_table": services.source_hook(finding.source_kind, "raw_events_table"),
        },
    )


# --- a person's own findings ---------------------------------------------------------------


@council_view(Action.OWN_FINDINGS)
@require_GET
def mine(request):
    """Findings about me, how they were reviewed, and room for my explanation."""
    findings = services.own_findings(request.council, request.user).select_related("person")
    return render(
        request,
        "monitoring/mine.html",
        {
            "findings": findings,
            "notices": _notices(request.council),
        },
    )


def _notices(council):
    return source_notices(council)


@council_view(Action.OWN_FINDINGS)
@require_POST
def explain(request):
    # Only findings about oneself; a member off the people list has none (people.access).
    me = own_person(request.membership)
    findings = services.own_findings(request.council, request.user).filter(person=me)
    form = forms.ExplanationForm(request.POST, findings=findings)
    if form.is_valid():
        try:
            services.explain_finding(
                form.cleaned_data["finding"],
                form.cleaned_data["explanation"],
                actor=_actor(request),
            )
        except MonitoringError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Thank you: your explanation is with the finding.")
    else:
        messages.error(request, "Choose one of the findings about you and write your explanation.")
    return _go(request, "mine")


# --- category meanings and the council's own lists ----------------------------------------


def _known_categories() -> list[str]:
    """The categories of the shared lists imported with ``councilguard categories import``."""
    return sorted(categories.known_categories())


@council_view(Action.VIEW_MONITORING)
@require_GET_or_POST
def category_list(request):
    can_manage = request.membership.can(Action.MANAGE_MONITORING)
    known = _known_categories()
    # Issue 23: the firewall's or DNS filter's own categories its logs carried.
    vendor_seen = categories.vendor_categories_seen(request.council)
    listed = {c.lower() for c in known}
    choosable = known + [name for name in vendor_seen if name.lower() not in listed]
    form = forms.CategoryMeaningForm(request.POST or None, known=choosable)
    domain_form = forms.DomainRuleForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.set_category_meaning(
                    request.council,
                    form.cleaned_data["category"],
                    form.cleaned_data["meaning"],
                    actor=_actor(request),
                )
            except MonitoringError as exc:
                form.add_error("category", str(exc))
            else:
                messages.success(request, f"'{form.cleaned_data['category']}' saved.")
                return _go(request, "category_list")
    meanings = CategoryMeaning.objects.in_council(request.council)
    mapped = {m.category for m in meanings}
    return _page(
        request,
        "monitoring/category_list.html",
        {
            "meanings": meanings,
            "unmapped": [c for c in known if c not in mapped],
            "vendor_unmapped": [
                name for name in vendor_seen if name.lower() not in {m.lower() for m in mapped}
            ],
            "domains": DomainRule.objects.in_council(request.council),
            "form": form,
            "domain_form": domain_form,
            "can_manage": can_manage,
        },
    )


@council_view(Action.MANAGE_MONITORING)
@require_POST
def category_remove(request, pk: int):
    meaning = get_object_or_404(CategoryMeaning.objects.in_council(request.council), pk=pk)
    services.remove_category_meaning(meaning, actor=_actor(request))
    messages.success(request, f"'{meaning.category}' removed: it now means nothing special.")
    return _go(request, "category_list")


@council_view(Action.MANAGE_MONITORING)
@require_GET_or_POST
def domain_add(request):
    form = forms.DomainRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.add_domain_rule(
                request.council,
                form.cleaned_data["domain"],
                form.cleaned_data["meaning"],
                note=form.cleaned_data["note"],
                actor=_actor(request),
            )
        except MonitoringError as exc:
            form.add_error("domain", str(exc))
        else:
            messages.success(request, f"{rule} added.")
            return _go(request, "category_list")
    return render(request, "monitoring/domain_form.html", {"form": form})


@council_view(Action.MANAGE_MONITORING)
@require_POST
def domain_remove(request, pk: int):
    rule = get_object_or_404(DomainRule.objects.in_council(request.council), pk=pk)
    services.remove_domain_rule(rule, actor=_actor(request))
    messages.success(request, f"{rule.domain} removed from the council's list.")
    return _go(request, "category_list")


# --- batches and uploads (DESIGN 8) ---------------------------------------------------------


@council_view(Action.VIEW_MONITORING)
@require_GET
def batch_list(request):
    batches = IngestBatch.objects.in_council(request.council).select_related("source")
    return _page(
        request,
        "monitoring/batch_list.html",
        {
            "page_obj": Paginator(batches, PAGE).get_page(request.GET.get("page")),
            "can_upload": request.membership.can(Action.UPLOAD_MONITORING),
        },
    )


@council_view(Action.VIEW_MONITORING)
@require_GET
def batch_detail(request, pk: int):
    batch = get_object_or_404(
        IngestBatch.objects.in_council(request.council).select_related("source"), pk=pk
    )
    return render(
        request,
        "monitoring/batch_detail.html",
        {
            "batch": batch,
            "rejections": batch.rejections.all()[:500],
            "unattributed": batch.unattributed_ids.all()[:500],
        },
    )


@council_view(Action.UPLOAD_MONITORING)
@require_GET_or_POST
def upload(request):
    from councilguard.monitoring.log_profile_services import profile_logs

    form = forms.UploadForm(
        request.POST or None, request.FILES or None, profiles=profile_logs(request.council)
    )
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.take_upload(
                request.council,
                form.cleaned_data["kind"],
                form.cleaned_data["format"],
                form.cleaned_data["file"],
                actor=_actor(request),
            )
        except MonitoringError as exc:
            form.add_error(None, str(exc))
        else:
            if receipt.duplicate:
                messages.success(request, "That file was taken in before; nothing changed.")
            else:
                messages.success(request, f"{receipt.batch.file_name} taken in.")
            return _go(request, "batch_detail", pk=receipt.batch.pk)
    return render(request, "monitoring/upload.html", {"form": form})


# --- identities ----------------------------------------------------------------------------


@council_view(Action.VIEW_MONITORING)
@require_GET
def identity_list(request):
    identities = Identity.objects.in_council(request.council).select_related("person")
    query = (request.GET.get("q") or "").strip()
    if query:
        identities = identities.filter(
            Q(value__icontains=query) | Q(person__full_name__icontains=query)
        )
    return _page(
        request,
        "monitoring/identity_list.html",
        {
            "page_obj": Paginator(identities, PAGE).get_page(request.GET.get("page")),
            "q": query,
            "can_manage": request.membership.can(Action.MANAGE_IDENTITIES),
            "end_form": forms.EndIdentityForm(
                initial={"at": timezone.localtime().replace(second=0, microsecond=0)}
            ),
        },
    )


@council_view(Action.MANAGE_IDENTITIES)
@require_GET_or_POST
def identity_add(request):
    people = Person.objects.in_council(request.council).current().order_by("full_name")
    form = forms.IdentityForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            identity = services.add_identity(
                request.council,
                form.cleaned_data["kind"],
                form.cleaned_data["value"],
                form.cleaned_data["person"],
                valid_from=form.cleaned_data["valid_from"],
                actor=_actor(request),
            )
        except MonitoringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{identity} assigned to {identity.person}.")
            return _go(request, "identity_list")
    return render(request, "monitoring/identity_form.html", {"form": form})


@council_view(Action.MANAGE_IDENTITIES)
@require_POST
def identity_end(request, pk: int):
    identity = get_object_or_404(Identity.objects.in_council(request.council), pk=pk)
    form = forms.EndIdentityForm(request.POST)
    if form.is_valid():
        try:
            services.end_identity(identity, at=form.cleaned_data["at"], actor=_actor(request))
        except MonitoringError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{identity} ended.")
    else:
        messages.error(request, "Give the date and time the assignment ended.")
    return _go(request, "identity_list")


# --- legal holds and purge receipts (C19) --------------------------------------------------


@council_view(Action.MANAGE_MONITORING)
@require_GET_or_POST
def hold_list(request):
    people = Person.objects.in_council(request.council).order_by("full_name")
    form = forms.HoldForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            hold = services.place_hold(
                form.cleaned_data["person"],
                reason=form.cleaned_data["reason"],
                actor=_actor(request),
            )
        except MonitoringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{hold} placed.")
            return _go(request, "hold_list")
    holds = LegalHold.objects.in_council(request.council).select_related("person")
    return render(
        request,
        "monitoring/hold_list.html",
        {"form": form, "holds": holds, "release_form": forms.ReleaseForm()},
    )


@council_view(Action.MANAGE_MONITORING)
@require_POST
def hold_release(request, pk: int):
    hold = get_object_or_404(LegalHold.objects.in_council(request.council), pk=pk)
    form = forms.ReleaseForm(request.POST)
    if form.is_valid():
        try:
            services.release_hold(hold, reason=form.cleaned_data["reason"], actor=_actor(request))
        except MonitoringError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{hold} released.")
    else:
        messages.error(request, "Say why the hold can end.")
    return _go(request, "hold_list")


@council_view(Action.VIEW_MONITORING)
@require_GET
def purge_list(request):
    receipts = PurgeReceipt.objects.in_council(request.council).select_related("source")
    return _page(
        request,
        "monitoring/purge_list.html",
        {"page_obj": Paginator(receipts, PAGE).get_page(request.GET.get("page"))},
    )


# --- thresholds ----------------------------------------------------------------------------


@council_view(Action.MANAGE_MONITORING)
@require_GET_or_POST
def monitoring_settings(request):
    current = services.settings_for(request.council)
    form = forms.SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_settings(
                request.council, form.cleaned_data, actor=_actor(request)
            )
        except MonitoringError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Settings saved." if changed else "Nothing changed.")
            return _go(request, "source_list")
    form.instance.refresh_from_db()
    return render(request, "monitoring/settings.html", {"form": form})
