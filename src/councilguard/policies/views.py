from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.audit.models import AuditEntry
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.people.access import own_person, person_of
from councilguard.policies import services
from councilguard.policies.forms import (
    ApproveForm,
    ClausesForm,
    ImportForm,
    PaperAckForm,
    PolicyForm,
    RemoteWorkerForm,
    ReviewForm,
    RuleForm,
    VersionSettingsForm,
)
from councilguard.policies.importing import PolicyImportError, parse_document, parse_markdown
from councilguard.policies.models import (
    Acknowledgement,
    Clause,
    Policy,
    PolicyVersion,
    RemoteWorker,
    RemoteWorkingAcceptance,
    Rule,
    VersionStatus,
)
from councilguard.policies.notices import monitoring_notices

PUBLIC_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)


def _policies(request):
    return Policy.objects.in_council(request.council)


def _versions(request):
    versions = PolicyVersion.objects.in_council(request.council).select_related("policy")
    if not request.membership.can(Action.VIEW_POLICY_DRAFTS):
        versions = versions.filter(status__in=PUBLIC_STATUSES)
    return versions


def _done(request, message: str, to: str = "policies:policy_list", **kwargs):
    messages.success(request, message)
    return redirect(to, council=request.council.slug, **kwargs)


# --- register -------------------------------------------------------------------------------


@council_view(Action.VIEW_POLICIES)
@require_GET
def policy_list(request):
    policies = (
        _policies(request)
        .select_related("responsible_officer")
        .prefetch_related(
            Prefetch("versions", queryset=PolicyVersion.objects.order_by("-created_at"))
        )
    )
    rows = []
    for policy in policies:
        versions = list(policy.versions.all())
        in_force = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
        draft = next(
            (v for v in versions if v.status in (VersionStatus.DRAFT, VersionStatus.APPROVED)), None
        )
        rows.append(
            {
                "policy": policy,
                "in_force": in_force,
                "draft": draft,
                "review": policy.review_state(),
            }
        )
    return render(
        request,
        "policies/policy_list.html",
        {
            "rows": rows,
            "can_manage": request.membership.can(Action.MANAGE_POLICIES),
            "can_see_drafts": request.membership.can(Action.VIEW_POLICY_DRAFTS),
            "can_see_remote": request.membership.can(Action.VIEW_ACKNOWLEDGEMENTS),
        },
    )


@council_view(Action.MANAGE_POLICIES)
@require_GET_or_POST
def policy_create(request):
    form = PolicyForm(request.POST or None, council=request.council)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.create_policy(
                request.council, actor=Actor.for_request(request), **form.cleaned_data
            )
        except services.PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(
                request,
                f"{policy} added. Import its text to make a first version.",
                "policies:policy_detail",
                pk=policy.pk,
            )
    return render(request, "policies/policy_form.html", {"form": form, "policy": None})


@council_view(Action.MANAGE_POLICIES)
@require_GET_or_POST
def policy_edit(request, pk: int):
    policy = get_object_or_404(_policies(request), pk=pk)
    initial = {
        "responsible_officer": policy.responsible_officer,
        "oversight_committee": policy.oversight_committee,
        "review_due": policy.review_due,
    }
    form = PolicyForm(request.POST or None, council=request.council, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(policy, actor=Actor.for_request(request), **form.cleaned_data)
        except services.PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(request, "Saved.", "policies:policy_detail", pk=policy.pk)
    return render(request, "policies/policy_form.html", {"form": form, "policy": policy})


@council_view(Action.VIEW_POLICIES)
@require_GET
def policy_detail(request, pk: int):
    policy = get_object_or_404(_policies(request).select_related("responsible_officer"), pk=pk)
    versions = _versions(request).filter(policy=policy).order_by("-created_at")
    in_force = policy.in_force
    return render(
        request,
        "policies/policy_detail.html",
        {
            "policy": policy,
            "versions": versions,
            "in_force": in_force,
            "clauses": in_force.clauses.all() if in_force else [],
            "history": policy.history.all(),
            "reviews": policy.reviews.all(),
            "review": policy.review_state(),
            "can_manage": request.membership.can(Action.MANAGE_POLICIES),
        },
    )


@council_view(Action.MANAGE_POLICIES)
@require_GET_or_POST
def review_create(request, pk: int):
    policy = get_object_or_404(_policies(request), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_review(policy, actor=Actor.for_request(request), **form.cleaned_data)
        except services.PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(request, "Review recorded.", "policies:policy_detail", pk=policy.pk)
    return render(
        request,
        "policies/simple_form.html",
        {
            "form": form,
            "title": f"Record a review of {policy}",
            "submit": "Record review",
            "back": ("policies:policy_detail", policy.pk),
        },
    )


# --- import and drafts ----------------------------------------------------------------------


@council_view(Action.MANAGE_POLICIES)
@require_GET_or_POST
def policy_import(request):
    """Upload a document, see the clause tree it makes, correct it, save it as a draft."""
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        council=request.council,
        initial={"policy": request.GET.get("policy")},
    )
    if request.method == "POST" and "markdown" in request.POST:
        return _save_import(request, form)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = parse_document(upload.name, upload.read())
        except PolicyImportError as exc:
            form.add_error("file", str(exc))
        else:
            if parsed.front is not None and parsed.front.version:
                # The document says which version it is (its status table).
                form.cleaned_data["label"] = parsed.front.version
            return _import_preview(request, form, parsed)
    return render(request, "policies/import_upload.html", {"form": form})


def _import_preview(request, form, parsed, clauses_form=None):
    clauses_form = clauses_form or ClausesForm(initial={"markdown": parsed.as_markdown()})
    return render(
        request,
        "policies/import_preview.html",
        {
            "form": form,
            "parsed": parsed,
            "clauses_form": clauses_form,
            "title": parsed.title or (form.cleaned_data.get("policy") or ""),
            "front": parsed.front,
            "label": form.cleaned_data.get("label", ""),
        },
    )


def _save_import(request, form):
    # The file was read at the first step; this step carries the (corrected) text instead.
    form.fields["file"].required = False
    clauses_form = ClausesForm(request.POST)
    if not (form.is_valid() and clauses_form.is_valid()):
        return render(request, "policies/import_upload.html", {"form": form})
    parsed = parse_markdown(clauses_form.cleaned_data["markdown"])
    data, actor = form.cleaned_data, Actor.for_request(request)
    try:
        policy = data["policy"] or services.create_policy(
            request.council,
            title=request.POST.get("title") or parsed.title or "Untitled policy",
            code=data["code"],
            actor=actor,
        )
        version = services.draft_version(
            policy,
            parsed,
            label=data["label"],
            actor=actor,
            material_change=data["material_change"],
            comment="Imported from a document",
        )
    except services.PolicyError as exc:
        clauses_form.add_error(None, str(exc))
        return _import_preview(request, form, parsed, clauses_form)
    return _done(
        request,
        f"Saved {len(parsed.clauses)} clauses as draft {version.label}.",
        "policies:version_detail",
        pk=version.pk,
    )


@council_view(Action.VIEW_POLICIES)
@require_GET
def version_detail(request, pk: int):
    version = get_object_or_404(_versions(request), pk=pk)
    membership = request.membership
    context = {
        "version": version,
        "policy": version.policy,
        "clauses": version.clauses.all(),
        "can_manage": membership.can(Action.MANAGE_POLICIES),
        "can_approve": membership.can(Action.APPROVE_POLICIES),
        "can_see_acks": membership.can(Action.VIEW_ACKNOWLEDGEMENTS),
    }
    if version.status == VersionStatus.DRAFT:
        # What the imported document said of its approval, for the clerk to confirm.
        context["approve_form"] = ApproveForm(
            initial={
                "approving_body": version.approving_body or None,
                "committee_name": version.committee_name,
                "approved_on": version.approved_on,
                "minute_reference": version.minute_reference,
            }
        )
        context["settings_form"] = VersionSettingsForm(
            initial={
                "material_change": version.material_change,
                "remote_working_reference": version.remote_working_reference,
                "reminder_every_days": version.reminder_every_days,
            }
        )
    me = person_of(request.membership)
    if me is not None:
        context["my_ack"] = version.acknowledgements.filter(person=me).first()
    context["me"] = me
    if version.status == VersionStatus.PUBLISHED and context["can_see_acks"]:
        context["outstanding"] = services.outstanding_people(version).count()
        context["in_scope"] = services.people_in_scope(version.council).count()
    return render(request, "policies/version_detail.html", context)


@council_view(Action.MANAGE_POLICIES)
@require_GET_or_POST
def version_clauses(request, pk: int):
    version = get_object_or_404(_versions(request), pk=pk)
    form = ClausesForm(
        request.POST or None,
        initial={"markdown": services.version_as_parsed(version).as_markdown()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.replace_clauses(
                version,
                parse_markdown(form.cleaned_data["markdown"]),
                actor=Actor.for_request(request),
            )
        except services.PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(request, "Clauses saved.", "policies:version_detail", pk=version.pk)
    return render(
        request,
        "policies/simple_form.html",
        {
            "form": form,
            "title": f"Clauses of {version}",
            "submit": "Save clauses",
            "back": ("policies:version_detail", version.pk),
        },
    )


@council_view(Action.MANAGE_POLICIES)
@require_POST
def version_new(request, pk: int):
    """Start the next draft from the version in force."""
    policy = get_object_or_404(_policies(request), pk=pk)
    source = policy.in_force
    if source is None:
        raise Http404
    label = request.POST.get("label", "").strip()
    try:
        version = services.draft_version(
            policy,
            services.version_as_parsed(source),
            label=label,
            material_change=request.POST.get("material_change") == "on",
            actor=Actor.for_request(request),
            comment=f"Draft started from {source.label}",
        )
    except services.PolicyError as exc:
        messages.error(request, str(exc))
        return redirect("policies:policy_detail", council=request.council.slug, pk=policy.pk)
    return _done(
        request, f"Draft {version.label} started.", "policies:version_detail", pk=version.pk
    )


def _version_action(request, pk: int, action, success: str, form_class=None):
    version = get_object_or_404(_versions(request), pk=pk)
    kwargs = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect("policies:version_detail", council=request.council.slug, pk=pk)
        kwargs = form.cleaned_data
    try:
        action(version, actor=Actor.for_request(request), **kwargs)
    except services.PolicyError as exc:
        messages.error(request, str(exc))
        return redirect("policies:version_detail", council=request.council.slug, pk=pk)
    if action is services.discard_draft:
        return _done(request, success, "policies:policy_detail", pk=version.policy_id)
    return _done(request, success, "policies:version_detail", pk=pk)


@council_view(Action.MANAGE_POLICIES)
@require_POST
def version_settings(request, pk: int):
    return _version_action(
        request, pk, services.update_version_settings, "Saved.", VersionSettingsForm
    )


@council_view(Action.APPROVE_POLICIES)
@require_POST
def version_approve(request, pk: int):
    return _version_action(request, pk, services.approve_version, "Approval recorded.", ApproveForm)


@council_view(Action.MANAGE_POLICIES)
@require_POST
def version_publish(request, pk: int):
    return _version_action(
        request,
        pk,
        services.publish_version,
        "Published. Everyone who must acknowledge it has been asked to.",
    )


@council_view(Action.MANAGE_POLICIES)
@require_POST
def version_discard(request, pk: int):
    return _version_action(request, pk, services.discard_draft, "Draft discarded.")


@council_view(Action.VIEW_POLICIES)
@require_GET
def clause_detail(request, pk: int):
    clause = get_object_or_404(
        Clause.objects.in_council(request.council)
        .filter(version__in=_versions(request))
        .select_related("version__policy"),
        pk=pk,
    )
    rules = services.rules_citing(clause) if request.membership.can(Action.VIEW_RULES) else None
    return render(request, "policies/clause_detail.html", {"clause": clause, "rules": rules})


# --- acknowledgements -----------------------------------------------------------------------


@council_view(Action.VIEW_ACKNOWLEDGEMENTS)
@require_GET_or_POST
def acknowledgements(request, pk: int):
    version = get_object_or_404(_versions(request).filter(status=VersionStatus.PUBLISHED), pk=pk)
    outstanding = services.outstanding_people(version).prefetch_related("emails")
    can_manage = request.membership.can(Action.MANAGE_POLICIES)
    paper_form = PaperAckForm(request.POST or None, people=outstanding)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if paper_form.is_valid():
            try:
                services.acknowledge(
                    version,
                    paper_form.cleaned_data["person"],
                    actor=Actor.for_request(request),
                    on_paper=True,
                )
            except services.PolicyError as exc:
                messages.error(request, str(exc))
            else:
                return _done(
                    request, "Paper acknowledgement recorded.", "policies:acknowledgements", pk=pk
                )
    done = version.acknowledgements.select_related("person", "recorded_by")
    return render(
        request,
        "policies/acknowledgements.html",
        {
            "version": version,
            "outstanding": outstanding,
            "done": done,
            "paper_form": paper_form,
            "can_manage": can_manage,
            "in_scope": services.people_in_scope(request.council).count(),
        },
    )


# --- rules ----------------------------------------------------------------------------------


@council_view(Action.VIEW_RULES)
@require_GET
def rule_list(request):
    rules = Rule.objects.in_council(request.council).prefetch_related("citations__policy")
    return render(
        request,
        "policies/rule_list.html",
        {"rules": rules, "can_manage": request.membership.can(Action.MANAGE_RULES)},
    )


@council_view(Action.MANAGE_RULES)
@require_GET_or_POST
def rule_edit(request, pk: int | None = None):
    rule = get_object_or_404(Rule.objects.in_council(request.council), pk=pk) if pk else None
    initial = {}
    if rule is not None:
        initial = {
            "name": rule.name,
            "kind": rule.kind,
            "severity": rule.severity,
            "parameters": rule.parameters,
            "enabled": rule.enabled,
            "citations": ", ".join(str(c) for c in rule.citations.select_related("policy")),
        }
    form = RuleForm(request.POST or None, council=request.council, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_rule(
                request.council, actor=Actor.for_request(request), rule=rule, **form.cleaned_data
            )
        except services.PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(request, "Rule saved.", "policies:rule_list")
    return render(
        request,
        "policies/simple_form.html",
        {
            "form": form,
            "title": f"Change {rule}" if rule else "Add a rule",
            "submit": "Save rule",
            "back": ("policies:rule_list", None),
        },
    )


# --- each person's own page -----------------------------------------------------------------


@council_view(Action.VIEW_OWN_PAGE)
@require_GET
def my_page(request):
    """What applies to me, what I have acknowledged, what is monitored about me and who has
    looked (C2, C18, C25)."""
    person = person_of(request.membership)
    in_force = list(
        PolicyVersion.objects.in_council(request.council)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("policy")
    )
    context = {"person": person, "notices": monitoring_notices(request.council)}
    if person is not None:
        acks = {
            a.version_id: a
            for a in Acknowledgement.objects.filter(person=person, version__in=in_force)
        }
        accepted = {
            a.version_id: a
            for a in RemoteWorkingAcceptance.objects.filter(person=person, version__in=in_force)
        }
        context["policies"] = [{"version": v, "ack": acks.get(v.pk)} for v in in_force]
        context["remote_rules"] = [
            {
                "version": v,
                "clause": v.clauses.filter(reference=v.remote_working_reference).first(),
                "accepted": accepted.get(v.pk),
            }
            for v in in_force
            if v.remote_working_reference
        ]
        context["looked_at"] = (
            AuditEntry.objects.in_council(request.council)
            .filter(
                event=Event.MONITORING_VIEWED, target_type="people.person", target_id=str(person.pk)
            )
            .order_by("-occurred_at")[:50]
        )
    return render(request, "policies/my_page.html", context)


@council_view(Action.VIEW_OWN_PAGE)
@require_POST
def my_acknowledge(request, pk: int):
    version = get_object_or_404(
        PolicyVersion.objects.in_council(request.council).filter(status=VersionStatus.PUBLISHED),
        pk=pk,
    )
    person = own_person(request.membership)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm you have read it.")
        return redirect("policies:version_detail", council=request.council.slug, pk=pk)
    try:
        services.acknowledge(version, person, actor=Actor.for_request(request))
    except services.PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Thank you: you have acknowledged {version}.")
    return redirect("policies:my_page", council=request.council.slug)


@council_view(Action.VIEW_OWN_PAGE)
@require_POST
def my_accept_remote_rules(request, pk: int):
    version = get_object_or_404(
        PolicyVersion.objects.in_council(request.council).filter(status=VersionStatus.PUBLISHED),
        pk=pk,
    )
    person = own_person(request.membership)
    try:
        services.accept_remote_working_rules(version, person, actor=Actor.for_request(request))
    except services.PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "You have accepted the rules for working away from the office.")
    return redirect("policies:my_page", council=request.council.slug)


# --- those who work away from the office (B 6.1.1) ------------------------------------------


@council_view(Action.VIEW_ACKNOWLEDGEMENTS)
@require_GET
def remote_workers(request):
    """Who works away from the office, and those who have not accepted the rules in force."""
    council = request.council
    workers = list(services.remote_workers(council))
    rules = services.remote_rules_in_force(council)
    waiting = set(services.not_accepted(council, rules).values_list("pk", flat=True))
    return render(request, "policies/remote_workers.html", {
        "workers": workers,
        "not_accepted": [w for w in workers if w.pk in waiting],
        "rules": rules,
        "can_manage": request.membership.can(Action.MANAGE_POLICIES),
    })  # fmt: skip


@council_view(Action.MANAGE_POLICIES)
@require_GET_or_POST
def remote_worker_add(request):
    form = RemoteWorkerForm(request.POST or None, people=services.people_in_scope(request.council))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_remote_worker(
                data["person"], where=data["where"], since=data["since"],
                actor=Actor.for_request(request),
            )  # fmt: skip
        except services.PolicyError as exc:
            form.add_error(None, str(exc))
        else:
            return _done(
                request,
                f"{data['person']} is recorded as working away from the office.",
                "policies:remote_workers",
            )
    return render(request, "policies/simple_form.html", {
        "form": form,
        "title": "Someone who works away from the office",
        "submit": "Record them",
        "back": ("policies:remote_workers", None),
    })  # fmt: skip


@council_view(Action.MANAGE_POLICIES)
@require_POST
def remote_worker_end(request, pk: int):
    worker = get_object_or_404(
        RemoteWorker.objects.in_council(request.council).filter(ended_on__isnull=True), pk=pk
    )
    services.end_remote_worker(worker, actor=Actor.for_request(request))
    return _done(
        request,
        f"{worker.person} no longer works away from the office.",
        "policies:remote_workers",
    )
