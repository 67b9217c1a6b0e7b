from __future__ import annotations

from django import forms

from councilguard.devices.models import (
    DUTY_CLAUSES,
    ChargeKind,
    ChargeStatus,
    Condition,
    DeviceKind,
    DeviceSettings,
    DeviceStatus,
    LossKind,
    OwnDeviceDuty,
    Reimbursement,
    ScanResult,
)
from councilguard.devices.services import SETTABLE_STATUSES, DeviceData

_DATE = forms.DateInput(attrs={"type": "date"})
_YES_NO = [("", "Not sure"), ("yes", "Yes"), ("no", "No")]


class DeviceForm(forms.Form):
    # No kind chosen in advance: an untouched form must not become a "Laptop".
    kind = forms.ChoiceField(
        label="Kind of device", choices=[("", "Choose the kind"), *DeviceKind.choices]
    )
    make = forms.CharField(required=False, max_length=100)
    model = forms.CharField(required=False, max_length=100)
    serial = forms.CharField(label="Serial number", required=False, max_length=100)
    host_name = forms.CharField(
        label="Host name",
        required=False,
        max_length=100,
        help_text="The name the computer has on the network, or the device name in Intune. "
        "Software scans find the device by it when they do not give the serial number.",
    )
    imei = forms.CharField(label="IMEI", required=False, max_length=20)
    sim_number = forms.CharField(label="SIM number", required=False, max_length=30)
    phone_number = forms.CharField(label="Phone number", required=False, max_length=30)
    purchased_on = forms.DateField(label="Bought on", required=False, widget=_DATE)
    purchase_cost = forms.DecimalField(
        label="Cost (£)", required=False, max_digits=10, decimal_places=2, min_value=0
    )
    condition = forms.ChoiceField(choices=Condition.choices, initial=Condition.GOOD)
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in SETTABLE_STATUSES],
        help_text="Issue, return or report a loss to mark a device issued, lost or stolen.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, device=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if device is not None and device.status not in SETTABLE_STATUSES:
            # Shown, not changeable: the status follows the assignment or the loss.
            self.fields["status"].choices = [(device.status, device.get_status_display())]

    def clean(self):
        data = super().clean()
        # A device the register cannot tell apart from the next is no record (C4): it needs
        # a serial number, an IMEI or at least its make or model.
        if not any(data.get(name) for name in ("serial", "imei", "make", "model")):
            raise forms.ValidationError(
                "Give the serial number, the IMEI, or the make and model, so this device can "
                "be told apart from the others"
            )
        return data

    @classmethod
    def initial_for(cls, device) -> dict:
        return {name: getattr(device, name) for name in cls.base_fields}

    def to_data(self) -> DeviceData:
        values = dict(self.cleaned_data)
        return DeviceData(**values)


class DevicesImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        error_messages={"required": "Choose a CSV file to import", "empty": "The file is empty"},
        help_text="Columns, headed as in the export: Kind, Serial, and optionally Make, Model, "
        "IMEI, SIM number, Phone number, Purchased on, Purchase cost, Condition, Status, Notes.",
    )


class MdmImportForm(forms.Form):
    file = forms.FileField(
        label="MDM export",
        error_messages={"required": "Choose the export file", "empty": "The file is empty"},
        help_text="Intune's device export as CSV (any of its export shapes) or Graph JSON. "
        "Devices are matched on serial number or IMEI.",
    )


class IssueForm(forms.Form):
    person = forms.ModelChoiceField(label="Issue to", queryset=None)
    condition = forms.ChoiceField(label="Condition when issued", choices=Condition.choices)
    terms_recorded_by_clerk = forms.BooleanField(
        label="They have accepted the device terms on paper or in person",
        required=False,
        help_text="Leave unticked and they accept the terms themselves in councilguard.",
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ReturnForm(forms.Form):
    condition = forms.ChoiceField(label="Condition when returned", choices=Condition.choices)
    status = forms.ChoiceField(
        label="Goes to",
        choices=[(s.value, s.label) for s in SETTABLE_STATUSES],
        initial=DeviceStatus.IN_STOCK,
    )
    charge_amount = forms.DecimalField(
        label="Charge the person for the repair (£)",
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=0,
        help_text="Only for a damaged or faulty return, beyond fair wear and tear.",
    )


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DeviceSettings
        fields = [
            "max_lock_minutes",
            "stale_after_days",
            "patch_max_age_days",
            "grace_days",
            "insurance_excess",
            "duties_renew_days",
            "scan_max_age_days",
            "store_apps_allowed",
        ]
        labels = {
            "max_lock_minutes": "Lock after at most (minutes)",
            "stale_after_days": "A device is unverified after this many days without checking in",
            "patch_max_age_days": "Security updates may be at most this many days old",
            "grace_days": "Days to put a finding right before the clerk is told",
            "insurance_excess": "Insurance excess for a lost or stolen device (£)",
            "duties_renew_days": "Own-device duties are confirmed again every (days)",
            "scan_max_age_days": "Every device is scanned for software and viruses at least "
            "every (days)",
            "store_apps_allowed": "Allow apps from the recognised stores without a catalogue entry",
        }
        help_texts = {
            "scan_max_age_days": "The policy says all computers are periodically checked and "
            "scanned for unauthorised programmes and viruses (B 5.1.8). A laptop, desktop, "
            "phone or tablet with no software scan for longer than this is listed as a problem "
            "for the clerk. 35 days allows a monthly scan with a week to spare.",
            "store_apps_allowed": "Tick this only if the council's policy allows apps from a "
            "reputable source (some say \u201cDownloading Apps is permitted where the App is "
            "considered to be from a reputable source\u201d). Software a scan shows came "
            "from the Microsoft Store, Apple's App Store or Google Play is then allowed without "
            "a catalogue entry; personal apps and versions the catalogue does not allow are "
            "still problems. Left unticked, everything not in the catalogue needs approval.",
        }


class PickForm(forms.Form):
    """One of the person's own things, by id: anything else is simply not a choice."""

    item = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, queryset, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = queryset


class OwnDeviceForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of device",
        choices=[
            (k.value, k.label)
            for k in (DeviceKind.PHONE, DeviceKind.TABLET, DeviceKind.LAPTOP, DeviceKind.DESKTOP)
        ],
    )
    description = forms.CharField(
        label="Which device", max_length=200, help_text="e.g. my iPhone 13"
    )
    imei = forms.CharField(
        label="IMEI",
        required=False,
        max_length=20,
        help_text="A phone or tablet's 15-digit number, shown in its settings under About. "
        "Your provider needs it, with the SIM number, to block the device if it is lost.",
    )
    sim_number = forms.CharField(
        label="SIM number", required=False, max_length=30, help_text="Printed on the SIM card."
    )
    accept = forms.BooleanField(
        label="I have read and accept the council's rules for using my own device (B 2.2)",
        error_messages={"required": "Accept the own-device rules to register a device"},
    )


class OwnNumbersForm(forms.Form):
    own_device = forms.ModelChoiceField(label="Device", queryset=None)
    imei = forms.CharField(label="IMEI", required=False, max_length=20)
    sim_number = forms.CharField(label="SIM number", required=False, max_length=30)

    def __init__(self, *args, own_devices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["own_device"].queryset = own_devices


class DutiesForm(forms.Form):
    own_device = forms.ModelChoiceField(label="Device", queryset=None)
    duties = forms.MultipleChoiceField(
        label="I confirm that, when I use this device for council work:",
        choices=[(duty.value, f"{duty.label} ({DUTY_CLAUSES[duty]})") for duty in OwnDeviceDuty],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick the duties you keep"},
        help_text="Tick only what you do. Anything you cannot tick, talk to the clerk about.",
    )

    def __init__(self, *args, own_devices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["own_device"].queryset = own_devices


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=_YES_NO,
        required=False,
        widget=forms.RadioSelect,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        help_text=help_text,
    )


class AttestationForm(forms.Form):
    own_device = forms.ModelChoiceField(label="Device", queryset=None)
    encrypted = _yes_no("Is the device encrypted?")
    passcode = _yes_no("Does it need a PIN, password, fingerprint or face to unlock?")
    lock_after_minutes = forms.IntegerField(
        label="After how many minutes without use does it lock?", required=False, min_value=0
    )
    wipe_after_failures = _yes_no("Does it erase itself after repeated wrong PINs?")
    remote_wipe = _yes_no("Can it be wiped remotely if lost?")
    work_profile = _yes_no("Do you use a work profile or separate apps for council work?")
    security_intact = _yes_no("Is the device free of jailbreaking or rooting?")
    os = forms.CharField(label="Operating system", required=False, max_length=60)
    os_version = forms.CharField(label="Version", required=False, max_length=60)
    patch_date = forms.DateField(
        label="Date of the last security update", required=False, widget=_DATE
    )

    def __init__(self, *args, own_devices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["own_device"].queryset = own_devices

    def answers(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "own_device"}


class LossForm(forms.Form):
    """A council device issued to the person, or one of their own used for council work
    (B 2.2.4): one list, so nobody meets an empty choice while holding a device."""

    device = forms.ChoiceField(label="Which device")
    kind = forms.ChoiceField(
        label="What happened to it?", choices=LossKind.choices, widget=forms.RadioSelect
    )
    what_happened = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 3}))
    # A "Lost or Stolen": the 24 hours to tell the police run from the loss, so ask for it.
    occurred_at = forms.DateTimeField(
        label="When was it lost, or when did you last see it?",
        help_text="Your best guess if you are not sure. If it was accessed, when that happened.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"required": "Enter when it was lost or last seen"},
    )
    where = forms.CharField(label="Where", required=False, max_length=200)
    police_reference = forms.CharField(
        label="Police incident number, if you have it",
        required=False,
        max_length=60,
        help_text="Report a loss or theft to the police within 24 hours of the loss; you can add "
        "the number later.",
    )

    def __init__(self, *args, devices, own_devices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._devices = {str(d.pk): d for d in devices}
        self._own = {f"own-{o.pk}": o for o in own_devices}
        # One flat list (the select partial shows no option groups): own devices say so.
        choices: list = [("", "Choose the device")]
        choices += [(key, str(d)) for key, d in self._devices.items()]
        choices += [
            (key, f"{o.description}: own device of {o.person}") for key, o in self._own.items()
        ]
        self.fields["device"].choices = choices

    def clean_device(self):
        key = self.cleaned_data["device"]
        chosen = self._devices.get(key) or self._own.get(key)
        if chosen is None:
            raise forms.ValidationError("Choose one of the devices listed")
        return chosen

    def clean(self):
        from django.utils import timezone

        from councilguard.devices.models import Device
        from councilguard.devices.services import DeviceError, check_loss_time

        data = super().clean()
        chosen, when = data.get("device"), data.get("occurred_at")
        if chosen is not None and when is not None:
            try:
                if isinstance(chosen, Device):
                    check_loss_time(chosen, when, timezone.now())
                elif when > timezone.now():
                    raise DeviceError("the time it was lost or last seen cannot be in the future")
            except DeviceError as exc:
                self.add_error("occurred_at", str(exc)[:1].upper() + str(exc)[1:])
        return data


class PoliceNumberForm(forms.Form):
    loss = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    police_reference = forms.CharField(label="Police incident number", max_length=60)

    def __init__(self, *args, losses, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["loss"].queryset = losses


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Reimbursement", choices=Reimbursement.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 3}))


# --- approvals (C9) ---

_APPROVAL_FIELDS = {
    "software_name": forms.CharField(label="Software or app", max_length=200),
    "publisher": forms.CharField(label="Publisher", max_length=200, required=False),
    "version": forms.CharField(label="Version", max_length=60, required=False),
    "source_url": forms.URLField(
        label="Where it comes from (web address)",
        max_length=500,
        required=False,
        assume_scheme="https",
    ),
    "media_description": forms.CharField(
        label="Which media", max_length=200, help_text="e.g. my red SanDisk USB stick"
    ),
    "media_serial": forms.CharField(
        label="Serial number, if you know it",
        max_length=100,
        required=False,
        help_text="The IT provider can read it for you; it lets scans recognise the media.",
    ),
    "meeting": forms.CharField(label="Which meeting or conversation", max_length=200),
    "meeting_on": forms.DateField(label="On", widget=_DATE),
    "url": forms.URLField(
        label="Address of the outside site", max_length=500, assume_scheme="https"
    ),
    "name_to_register": forms.CharField(label="Domain name or trademark", max_length=200),
    "cctv_aim": forms.ModelChoiceField(
        label="Which legitimate aim", queryset=None, widget=forms.RadioSelect
    ),
    "footage": forms.CharField(
        label="Which footage", max_length=200, help_text="Camera, date and times"
    ),
}


class ApprovalForm(forms.Form):
    summary = forms.CharField(label="What for, in a few words", max_length=200)
    reason = forms.CharField(label="Why it is needed", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, kind: str, fields: tuple[str, ...], council, people, **kwargs):
        super().__init__(*args, **kwargs)
        for name in fields:
            self.fields[name] = _APPROVAL_FIELDS[name].__deepcopy__({})
        if "cctv_aim" in self.fields:
            from councilguard.devices.models import CctvAim

            self.fields["cctv_aim"].queryset = CctvAim.objects.in_council(council).filter(
                retired_at__isnull=True
            )
        if kind == "recording":
            self.fields["attendees"] = forms.ModelMultipleChoiceField(
                label="Who will be present (from the council's list)",
                queryset=people,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["others"] = forms.CharField(
                label="Anyone else present, one name a line",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def details(self) -> dict:
        skip = {"summary", "reason", "attendees", "others"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def attendees(self) -> list:
        people = list(self.cleaned_data.get("attendees") or [])
        others = [n.strip() for n in (self.cleaned_data.get("others") or "").splitlines()]
        return people + [n for n in others if n]


class VirusCheckForm(forms.Form):
    sha256 = forms.CharField(label="SHA-256 of the installer", min_length=64, max_length=64)
    scanner = forms.CharField(label="Virus scanner used", max_length=100)
    result = forms.ChoiceField(label="Result", choices=ScanResult.choices, widget=forms.RadioSelect)


class ApprovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    note.needed_when = "you refuse"  # includes/field.html says so in the label


class ConsentForm(forms.Form):
    consent = forms.ModelChoiceField(label="Who", queryset=None)
    agreed = forms.TypedChoiceField(
        label="Agrees to the recording?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, consents, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = consents


class CctvAimForm(forms.Form):
    text = forms.CharField(label="Add a legitimate aim", max_length=200)


class CatalogueForm(forms.Form):
    name = forms.CharField(
        label="Software name",
        max_length=200,
        help_text='As it appears in scans; * matches anything, e.g. "Microsoft Visual C++ *".',
    )
    publisher = forms.CharField(max_length=200, required=False)
    versions = forms.CharField(
        label="Versions allowed",
        max_length=300,
        required=False,
        help_text='Comma-separated; "124.*" allows every 124 version; empty allows any.',
    )
    personal = forms.BooleanField(
        label="Personal software: a finding on any council device", required=False
    )
    licences = forms.IntegerField(
        label="Licences the council holds",
        required=False,
        min_value=0,
        max_value=100000,
        help_text="Leave empty for free software or a licence without a limit. Installed on "
        "more of the council's devices than this is a finding: copying software beyond its "
        "licences breaks copyright (B 8.1.1).",
    )


class InventoryImportForm(forms.Form):
    file = forms.FileField(
        label="Inventory file",
        error_messages={"required": "Choose the inventory file", "empty": "The file is empty"},
        help_text="osquery JSON (its programs, Debian packages, apps, USB devices or Windows "
        "Security Center), a Fleet per-host software export, Intune's discovered apps export, "
        "or a CSV of device serial or host name, name, version, publisher.",
    )
    device = forms.ModelChoiceField(
        label="Device (if the file does not name it by serial or host name)",
        queryset=None,
        required=False,
    )

    def __init__(self, *args, devices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices


# --- charges (C8) ---


class ChargeForm(forms.Form):
    person = forms.ModelChoiceField(label="Charge to", queryset=None)
    kind = forms.ChoiceField(label="Kind", choices=ChargeKind.choices)
    amount = forms.DecimalField(label="Amount (£)", max_digits=10, decimal_places=2, min_value=0)
    description = forms.CharField(max_length=300)
    source_reference = forms.CharField(
        label="Where it comes from", max_length=200, help_text="e.g. repair invoice 4411"
    )
    device = forms.ModelChoiceField(queryset=None, required=False)
    evidence = forms.CharField(
        label="Evidence",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What shows it is owed, e.g. the store's receipt number, date and amount.",
    )
    evidence.needed_when = "it is a personal app or content purchase"

    def __init__(self, *args, people, devices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["device"].queryset = devices


class ChargeChangeForm(forms.Form):
    amount = forms.DecimalField(label="Amount (£)", max_digits=10, decimal_places=2, min_value=0)
    status = forms.ChoiceField(choices=ChargeStatus.choices)
    note = forms.CharField(label="Note", max_length=300, required=False)
    note.needed_when = "you waive it"  # includes/field.html says so in the label


# --- leavers (C24) ---


class StartLeavingForm(forms.Form):
    person = forms.ModelChoiceField(label="Who is leaving", queryset=None)
    leave_date = forms.DateField(label="Leaving on", widget=_DATE)

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class RestoreLeaverForm(forms.Form):
    reason = forms.CharField(
        label="Why are they not leaving?",
        max_length=300,
        error_messages={"required": "Say why they are not leaving"},
    )


class TickForm(forms.Form):
    item = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    note = forms.CharField(label="How it was done", max_length=300)

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
