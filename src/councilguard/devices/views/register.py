from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.exports import audited_csv_export
from councilguard.core.roles import Action
from councilguard.core.tenancy import council_view, require_GET, require_GET_or_POST, require_POST
from councilguard.devices import forms, services
from councilguard.devices.charges import ChargeError, proposed_leaving_charge
from councilguard.devices.filters import DeviceFilterSet
from councilguard.devices.importing import COLUMNS, MAX_BYTES, import_devices
from councilguard.devices.models import (
    Assignment,
    Device,
    DeviceStatus,
    LossReport,
    OwnDevice,
    OwnDeviceDuty,
    PostureFinding,
    Task,
)
from councilguard.devices.posture import attest_own_device, import_mdm_export, latest_posture
from councilguard.devices.services import DeviceError
from councilguard.people.access import own_person, person_of
from councilguard.people.models import Person


def _devices(request):
    return Device.objects.in_council(request.council).with_holder()


def _filtered(request) -> DeviceFilterSet:
    return DeviceFilterSet(request.GET or None, queryset=_devices(request))


def _go(request, name: str, **kwargs):
    return redirect(f"devices:{name}", council=request.council.slug, **kwargs)


# --- the register (C4) ---


@council_view(Action.VIEW_DEVICES)
@require_GET
def device_list(request):
    filterset = _filtered(request)
    devices = filterset.qs.annotate(
        open_findings=Count("findings", filter=Q(findings__resolved_at__isnull=True))
    ).order_by(*Device._meta.ordering)
    page = Paginator(devices, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "devices/device_list.html",
        {
            "filter_form": filterset.form,
            "page_obj": page,
            "can_manage": request.membership.can(Action.MANAGE_DEVICES),
        },
    )


@council_view(Action.VIEW_DEVICES)
@require_GET
def device_export(request):
    """The filtered list as CSV, in the import layout so it can be edited and imported back."""
    rows = (
        [
            device.kind,
            device.serial,
            device.make,
            device.model,
            device.host_name,
            device.imei,
            device.sim_number,
            device.phone_number,
            device.purchased_on,
            device.purchase_cost,
            device.condition,
            device.status,
            device.notes,
        ]
        for device in _filtered(request).qs
    )
    return audited_csv_export(
        request, name="devices", header=COLUMNS, rows=rows, event=Event.DEVICES_EXPORTED
    )


@council_view(Action.VIEW_DEVICES)
@require_GET
def device_detail(request, pk: int):
    device = get_object_or_404(_devices(request), pk=pk)
    return render(
        request,
        "devices/device_detail.html",
        {
            "device": device,
            "assignments": device.assignments.select_related("person"),
            "posture": latest_posture(device),
            "findings": device.findings.select_related("task"),
            "software_findings": device.software_findings.filter(resolved_at__isnull=True),
            "last_scan": device.software_scans.order_by("-scanned_at", "-pk").first(),
            "charges": device.charges.select_related("person")
            if request.membership.can(Action.VIEW_CHARGES)
            else [],
            "losses": device.losses.select_related("person"),
            "tasks": device.tasks.select_related("person"),
            "can_manage": request.membership.can(Action.MANAGE_DEVICES),
            "now": timezone.now(),
        },
    )


@council_view(Action.MANAGE_DEVICES)
@require_GET_or_POST
def device_create(request):
    form = forms.DeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.create_device(
                request.council, form.to_data(), actor=Actor.for_request(request)
            )
        except DeviceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{device} added.")
            return _go(request, "device_detail", pk=device.pk)
    return render(request, "devices/device_form.html", {"form": form, "device": None})


@council_view(Action.MANAGE_DEVICES)
@require_GET_or_POST
def device_edit(request, pk: int):
    device = get_object_or_404(_devices(request), pk=pk)
    form = forms.DeviceForm(
        request.POST or None, device=device, initial=forms.DeviceForm.initial_for(device)
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_device(
                device, form.to_data(), actor=Actor.for_request(request)
            )
        except DeviceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{device} updated." if changed else "Nothing changed.")
            return _go(request, "device_detail", pk=device.pk)
    return render(request, "devices/device_form.html", {"form": form, "device": device})


@council_view(Action.MANAGE_DEVICES)
@require_GET_or_POST
def device_issue(request, pk: int):
    device = get_object_or_404(_devices(request), pk=pk)
    people = Person.objects.in_council(request.council).current()
    form = forms.IssueForm(
        request.POST or None, people=people, initial={"condition": device.condition}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_device(
                device,
                form.cleaned_data["person"],
                actor=Actor.for_request(request),
                condition=form.cleaned_data["condition"],
                terms_recorded_by_clerk=form.cleaned_data["terms_recorded_by_clerk"],
            )
        except DeviceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{device} issued to {form.cleaned_data['person']}.")
            return _go(request, "device_detail", pk=device.pk)
    return render(
        request,
        "devices/device_action.html",
        {"form": form, "device": device, "heading": f"Issue {device}", "submit_label": "Issue"},
    )


@council_view(Action.MANAGE_DEVICES)
@require_GET_or_POST
def device_return(request, pk: int):
    device = get_object_or_404(_devices(request), pk=pk)
    proposal = proposed_leaving_charge(device, "poor_condition")
    form = forms.ReturnForm(request.POST or None, initial={"condition": device.condition})
    form.fields["charge_amount"].help_text += f" Proposed: £{proposal} (half its present value)."
    if request.method == "POST" and form.is_valid():
        try:
            services.return_device(
                device,
                actor=Actor.for_request(request),
                condition=form.cleaned_data["condition"],
                status=form.cleaned_data["status"],
                charge_amount=form.cleaned_data["charge_amount"],
            )
        except (DeviceError, ChargeError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Return of {device} recorded.")
            return _go(request, "device_detail", pk=device.pk)
    return render(
        request,
        "devices/device_action.html",
        {
            "form": form,
            "device": device,
            "heading": f"Return of {device}",
            "submit_label": "Record the return",
        },
    )


@council_view(Action.MANAGE_DEVICES)
@require_GET_or_POST
def device_import(request):
    form = forms.DevicesImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_devices(
            request.council,
            form.cleaned_data["file"].read(MAX_BYTES + 1),
            actor=Actor.for_request(request),
        )
        if report.ok:
            messages.success(
                request,
                f"Imported: {report.created} added, {report.updated} "
                f"changed, {report.unchanged} unchanged.",
            )
            return _go(request, "device_list")
    return render(request, "devices/device_import.html", {"form": form, "report": report})


@council_view(Action.MANAGE_DEVICES)
@require_GET_or_POST
def posture_import(request):
    form = forms.MdmImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_mdm_export(
            request.council,
            form.cleaned_data["file"].read(MAX_BYTES + 1),
            actor=Actor.for_request(request),
        )
    return render(request, "devices/posture_import.html", {"form": form, "report": report})


@council_view(Action.MANAGE_DEVICES)
@require_GET_or_POST
def device_settings(request):
    current = services.settings_for(request.council)
    form = forms.SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        changed = services.update_settings(
            request.council, form.cleaned_data, actor=Actor.for_request(request)
        )
        messages.success(request, "Settings saved." if changed else "Nothing changed.")
        return _go(request, "device_list")
    form.instance.refresh_from_db()
    return render(request, "devices/settings.html", {"form": form})


@council_view(Action.VIEW_DEVICES)
@require_GET
def own_device_list(request):
    own = (
        OwnDevice.objects.in_council(request.council)
        .select_related("person")
        .annotate(open_findings=Count("findings", filter=Q(findings__resolved_at__isnull=True)))
        .order_by(*OwnDevice._meta.ordering)
    )
    return render(
        request,
        "devices/own_device_list.html",
        {"page_obj": Paginator(own, 50).get_page(request.GET.get("page"))},
    )


# --- losses (C7) ---


@council_view(Action.VIEW_DEVICES)
@require_GET
def loss_list(request):
    losses = LossReport.objects.in_council(request.council).select_related(
        "device", "own_device", "person"
    )
    return render(
        request,
        "devices/loss_list.html",
        {
            "page_obj": Paginator(losses, 50).get_page(request.GET.get("page")),
            "now": timezone.now(),
        },
    )


@council_view(Action.VIEW_DEVICES)
@require_GET
def loss_detail(request, pk: int):
    loss = get_object_or_404(
        LossReport.objects.in_council(request.council).select_related(
            "device", "own_device", "person", "incident"
        ),
        pk=pk,
    )
    losses = LossReport.objects.filter(pk=loss.pk)
    return render(
        request,
        "devices/loss_detail.html",
        {
            "loss": loss,
            "now": timezone.now(),
            "tasks": loss.subject.tasks.filter(created_at__gte=loss.reported_at),
            "police_form": forms.PoliceNumberForm(initial={"loss": loss.pk}, losses=losses),
            "decision_form": forms.DecisionForm(
                initial={"decision": loss.reimbursement, "note": loss.reimbursement_note}
            ),
            "can_decide": request.membership.can(Action.DECIDE_DEVICE_CHARGES),
            "can_manage": request.membership.can(Action.MANAGE_DEVICES),
        },
    )


@council_view(Action.DECIDE_DEVICE_CHARGES)
@require_POST
def loss_decide(request, pk: int):
    loss = get_object_or_404(LossReport.objects.in_council(request.council), pk=pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_reimbursement(
                loss,
                form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                actor=Actor.for_request(request),
            )
        except DeviceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Decision recorded.")
    else:
        messages.error(request, "Choose a decision.")
    return _go(request, "loss_detail", pk=loss.pk)


@council_view(Action.REPORT_DEVICE_LOSS)
@require_GET_or_POST
def loss_report(request):
    """Short enough to fill in on a phone, straight after the loss. Offers the council devices
    issued to the person and their own devices used for council work (B 2.2.4); those who run
    the register may report anyone's."""
    devices = _devices(request).filter(status=DeviceStatus.ISSUED)
    own_devices = OwnDevice.objects.in_council(request.council).filter(retired_at__isnull=True)
    if not request.membership.can(Action.MANAGE_DEVICES):
        me = own_person(request.membership)
        devices = devices.filter(assignments__returned_at__isnull=True, assignments__person=me)
        own_devices = own_devices.filter(person=me)
    own_devices = own_devices.select_related("person")
    form = forms.LossForm(request.POST or None, devices=devices, own_devices=own_devices)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["device"]
        data = services.LossData(**{k: v for k, v in form.cleaned_data.items() if k != "device"})
        report = (
            services.report_own_device_loss
            if isinstance(chosen, OwnDevice)
            else services.report_loss
        )
        try:
            loss = report(chosen, data, actor=Actor.for_request(request))
        except DeviceError as exc:
            form.add_error(None, str(exc))
        else:
            late = _late_words(loss)
            if _someone_elses(request, loss):
                messages.success(
                    request,
                    f"The report is recorded and the clerks have been told. Add the police "
                    f"incident number here when {loss.person} has it.{late}"
                    if loss.police_due_at
                    else "The report is recorded and the clerks have been told.",
                )
                return _go(request, "loss_detail", pk=loss.pk)
            messages.success(
                request,
                "Thank you. The clerk has been told. Report it to the "
                f"police within 24 hours of the loss if you have not, and add the number here."
                f"{late}"
                if loss.police_due_at
                else "Thank you. The clerk has been told and will have the council's data "
                "wiped from it.",
            )
            return _go(request, "mine")
    nothing = not form._devices and not form._own
    return render(
        request,
        "devices/loss_report.html",
        {"form": form, "nothing_to_report": nothing},
    )


def _late_words(loss) -> str:
    """A late report is told at once that the police clock has already run out (A "Lost or
    Stolen": 24 hours from the loss)."""
    if loss.police_reference or not loss.reported_late:
        return ""
    due = timezone.localtime(loss.police_due_at)
    return (
        f" The 24 hours to tell the police ran out at {due:%H:%M} on {due:%-d %B %Y}: "
        "report it to the police now."
    )


def _someone_elses(request, loss) -> bool:
    """A loss reported for a colleague (by someone who keeps the register): the reporter goes
    on to the loss itself, which their own "My devices" would not list."""
    if not request.membership.can(Action.VIEW_DEVICES):
        return False
    me = person_of(request.membership)
    return me is None or loss.person_id != me.pk


@council_view(Action.REPORT_DEVICE_LOSS)
@require_POST
def loss_police(request):
    losses = LossReport.objects.in_council(request.council).filter(
        police_reference="", police_due_at__isnull=False
    )
    if not request.membership.can(Action.MANAGE_DEVICES):
        losses = losses.filter(person=own_person(request.membership))
    form = forms.PoliceNumberForm(request.POST, losses=losses)
    if form.is_valid():
        try:
            services.add_police_reference(
                form.cleaned_data["loss"],
                form.cleaned_data["police_reference"],
                actor=Actor.for_request(request),
            )
        except DeviceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Police incident number added.")
            if _someone_elses(request, form.cleaned_data["loss"]):
                return _go(request, "loss_detail", pk=form.cleaned_data["loss"].pk)
    else:
        messages.error(request, "Enter the police incident number for one of your reports.")
    return _go(request, "mine")


# --- a person's own devices (C6) ---


@council_view(Action.OWN_DEVICES)
@require_GET
def mine(request):
    me = person_of(request.membership)
    assignments = (
        Assignment.objects.filter(person=me, returned_at__isnull=True).select_related("device")
        if me
        else []
    )
    own = list(OwnDevice.objects.filter(person=me, retired_at__isnull=True)) if me else []
    return render(
        request,
        "devices/mine.html",
        {
            "me": me,
            "assignments": assignments,
            "own_devices": own,
            "own_standings": services.duties_due(own, now=timezone.now()),
            "findings": PostureFinding.objects.filter(
                task__person=me, resolved_at__isnull=True
            ).select_related("device", "own_device")
            if me
            else [],
            "tasks": Task.objects.filter(person=me, done_at__isnull=True) if me else [],
            "losses": LossReport.objects.filter(person=me).select_related("device", "own_device")
            if me
            else [],
            "now": timezone.now(),
        },
    )


def _pick(request, queryset):
    form = forms.PickForm(request.POST, queryset=queryset)
    return form.cleaned_data["item"] if form.is_valid() else None


@council_view(Action.OWN_DEVICES)
@require_POST
def accept_terms(request):
    assignment = _pick(
        request,
        Assignment.objects.in_council(request.council).filter(
            person=own_person(request.membership),
            returned_at__isnull=True,
            terms_accepted_at__isnull=True,
        ),
    )
    if assignment is None:
        messages.error(request, "Choose one of the devices issued to you.")
    else:
        services.accept_terms(assignment, actor=Actor.for_request(request))
        messages.success(request, f"You accepted the terms for {assignment.device}.")
    return _go(request, "mine")


@council_view(Action.OWN_DEVICES)
@require_POST
def task_done(request):
    tasks = Task.objects.in_council(request.council).filter(done_at__isnull=True)
    # Those who run the register close anyone's task; everyone else only their own, which
    # needs them on the people list (a task without a person is the clerk's, not theirs).
    if not request.membership.can(Action.MANAGE_DEVICES):
        tasks = tasks.filter(person=own_person(request.membership))
    task = _pick(request, tasks)
    if task is None:
        messages.error(request, "Choose one of your open tasks.")
    else:
        services.complete_task(task, actor=Actor.for_request(request))
        messages.success(request, f"Done: {task}.")
    return _go(request, "mine")


@council_view(Action.OWN_DEVICES)
@require_GET_or_POST
def own_device_create(request):
    me = own_person(request.membership)
    form = forms.OwnDeviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            own = services.register_own_device(
                me,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                imei=form.cleaned_data["imei"],
                sim_number=form.cleaned_data["sim_number"],
                actor=Actor.for_request(request),
            )
        except DeviceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"{own.description} registered. Now answer the security questions for it.",
            )
            return redirect(f"{_go(request, 'own_device_attest')['Location']}?own_device={own.pk}")
    return render(request, "devices/own_device_form.html", {"form": form})


@council_view(Action.OWN_DEVICES)
@require_GET_or_POST
def own_device_attest(request):
    own_devices = OwnDevice.objects.in_council(request.council).filter(
        person=own_person(request.membership), retired_at__isnull=True
    )
    form = forms.AttestationForm(
        request.POST or None,
        own_devices=own_devices,
        initial={"own_device": request.GET.get("own_device")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            posture = attest_own_device(
                form.cleaned_data["own_device"], form.answers(), actor=Actor.for_request(request)
            )
        except DeviceError as exc:
            form.add_error(None, str(exc))
        else:
            found = posture.findings.count()
            messages.success(
                request,
                f"Thank you. {found} thing{'s' if found != 1 else ''} to put right."
                if found
                else "Thank you. Everything meets the rules.",
            )
            return _go(request, "mine")
    return render(request, "devices/own_device_attest.html", {"form": form})


def _my_own_devices(request):
    return OwnDevice.objects.in_council(request.council).filter(
        person=own_person(request.membership), retired_at__isnull=True
    )


@council_view(Action.OWN_DEVICES)
@require_GET_or_POST
def own_device_numbers(request):
    """The IMEI and SIM number of one's own device, kept for blocking it if lost (B 2.2.4)."""
    own_devices = _my_own_devices(request)
    chosen = own_devices.filter(pk=request.GET.get("own_device") or 0).first()
    form = forms.OwnNumbersForm(
        request.POST or None,
        own_devices=own_devices,
        initial={
            "own_device": chosen,
            "imei": chosen.imei if chosen else "",
            "sim_number": chosen.sim_number if chosen else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_own_device_numbers(
                form.cleaned_data["own_device"],
                imei=form.cleaned_data["imei"],
                sim_number=form.cleaned_data["sim_number"],
                actor=Actor.for_request(request),
            )
        except DeviceError as exc:
            form.add_error(None, str(exc)[:1].upper() + str(exc)[1:])
        else:
            messages.success(request, "Numbers saved." if changed else "Nothing changed.")
            return _go(request, "mine")
    return render(
        request,
        "devices/_form_page.html",
        {
            "form": form,
            "heading": "IMEI and SIM number of my own device",
            "intro": "Keep these on file: if the device is lost or stolen, your provider needs "
            "them to block it.",
            "submit_label": "Save",
            "back_url": _go(request, "mine")["Location"],
        },
    )


@council_view(Action.OWN_DEVICES)
@require_GET_or_POST
def own_device_duties(request):
    """Confirm, dated, the duties of using one's own device for council work (B 2.2.4 to
    2.2.9); asked again when the council's renewal period runs out."""
    own_devices = _my_own_devices(request)
    form = forms.DutiesForm(
        request.POST or None,
        own_devices=own_devices,
        initial={"own_device": request.GET.get("own_device")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_duties(
                form.cleaned_data["own_device"],
                form.cleaned_data["duties"],
                actor=Actor.for_request(request),
            )
        except DeviceError as exc:
            form.add_error(None, str(exc)[:1].upper() + str(exc)[1:])
        else:
            left = len(OwnDeviceDuty.values) - len(form.cleaned_data["duties"])
            if not left:
                messages.success(request, "Thank you. Your confirmation is recorded.")
            else:
                duties = "1 duty" if left == 1 else f"{left} duties"
                messages.success(
                    request, f"Recorded. {duties} not confirmed: talk to the clerk about it."
                )
            return _go(request, "mine")
    renew = services.settings_for(request.council).duties_renew_days
    return render(
        request,
        "devices/_form_page.html",
        {
            "form": form,
            "heading": "Duties of using my own device",
            "intro": f"The council asks you to confirm these each time {renew} days have passed.",
            "submit_label": "Confirm",
            "back_url": _go(request, "mine")["Location"],
        },
    )
