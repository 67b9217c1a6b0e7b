"""Demo devices: one in every state, an issued phone with its terms accepted, an open loss with
its police clock running, and findings from an MDM export and an own-device attestation. All
serial numbers, IMEIs and numbers are invented."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.devices.posture import attest_own_device, import_mdm_export
from councilguard.devices.services import (
    DeviceData,
    LossData,
    accept_terms,
    create_device,
    issue_device,
    register_own_device,
    report_loss,
    return_device,
    update_settings,
)
from councilguard.people.models import Person

# (kind, make, model, serial, imei, sim, number, cost, status)
DEVICES = [
    ("laptop", "Lenovo", "ThinkPad E14", "PF3ABC12", "", "", "", "749.00", "in_stock"),
    (
        "phone",
        "Apple",
        "iPhone 15",
        "F2LXQ0ABCD",
        "352099001761481",
        "8944110000000000001",
        "07700 900101",
        "599.00",
        "in_stock",
    ),
    (
        "phone",
        "Samsung",
        "Galaxy A35",
        "R58N123456",
        "356938035643809",
        "8944110000000000002",
        "07700 900102",
        "249.00",
        "in_stock",
    ),
    ("tablet", "Apple", "iPad 10th gen", "DMPXK1ABCD", "", "", "", "349.00", "in_stock"),
    ("desktop", "Dell", "OptiPlex 7010", "7XJ2KQ3", "", "", "", "689.00", "in_repair"),
    ("removable_media", "Kingston", "IronKey D300", "KIK-00431", "", "", "", "89.00", "in_stock"),
    ("dashcam", "Nextbase", "622GW", "NB622-0042", "", "", "", "199.00", "in_stock"),
    ("tracker", "StayAlive", "Lone worker fob", "SA-9911", "", "", "", "120.00", "in_stock"),
    ("cctv_camera", "Hikvision", "DS-2CD2387", "HIK-CAM-01", "", "", "", "179.00", "in_stock"),
    ("laptop", "HP", "ProBook 440 G5", "5CD8123XYZ", "", "", "", "520.00", "retired"),
]


def load_devices_demo(council: Council, people: dict[str, Person], actor: Actor) -> None:
    now = timezone.now()
    update_settings(council, {"insurance_excess": Decimal("50.00")}, actor=actor)
    devices = {}
    for kind, make, model, serial, imei, sim, number, cost, status in DEVICES:
        devices[serial] = create_device(
            council,
            DeviceData(
                kind=kind,
                make=make,
                model=model,
                serial=serial,
                imei=imei,
                sim_number=sim,
                phone_number=number,
                purchase_cost=Decimal(cost),
                status=status,
            ),
            actor=actor,
        )
    clerk = people["clerk@ashcombe.example"]
    sam = people["sam.tully@ashcombe.example"]
    priya = people["priya.nair@ashcombe.example"]
    # The clerk's laptop, terms accepted in the app.
    laptop = issue_device(
        devices["PF3ABC12"], clerk, actor=actor, condition="good", now=now - timedelta(days=200)
    )
    accept_terms(laptop, actor=actor, now=now - timedelta(days=199))
    # Sam's phone: issued, terms recorded by the clerk; lost yesterday, no police number yet.
    issue_device(
        devices["R58N123456"],
        sam,
        actor=actor,
        condition="new",
        terms_recorded_by_clerk=True,
        now=now - timedelta(days=90),
    )
    report_loss(
        devices["R58N123456"],
        LossData(
            kind="lost",
            what_happened="Left on the bench by the pavilion.",
            where="Recreation ground",
            occurred_at=now - timedelta(hours=20),
        ),
        actor=actor,
        now=now - timedelta(hours=18),
    )
    # Priya's iPhone: issued, terms still to accept; a tablet issued and returned.
    issue_device(devices["F2LXQ0ABCD"], priya, actor=actor, condition="new")
    issue_device(
        devices["DMPXK1ABCD"], priya, actor=actor, condition="good", now=now - timedelta(days=60)
    )
    return_device(
        devices["DMPXK1ABCD"], actor=actor, condition="fair", now=now - timedelta(days=10)
    )
    # An Intune export: the iPhone unencrypted, the laptop last seen two months ago.
    seen = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    old = (now - timedelta(days=60)).strftime("%Y-%m-%dT%H:%M:%SZ")
    export = (
        "DeviceName,CompliantState,OS,OSVersion,LastContact,SerialNumber,EncryptionStatusString\n"
        f"CLERK-LT01,Compliant,Windows,10.0.26100,{old},PF3ABC12,Encrypted\n"
        f"Priya iPhone,Noncompliant,iOS,17.6,{seen},F2LXQ0ABCD,Not encrypted\n"
    )
    import_mdm_export(council, export.encode(), actor=actor, now=now)
    # A councillor's own phone, locking after too long.
    own = register_own_device(
        people["a.rahman@ashcombe.example"],
        kind="phone",
        description="Personal Pixel 7",
        actor=actor,
    )
    attest_own_device(
        own,
        {
            "encrypted": True,
            "passcode": True,
            "lock_after_minutes": 15,
            "wipe_after_failures": True,
            "work_profile": True,
            "security_intact": True,
        },
        actor=actor,
    )
