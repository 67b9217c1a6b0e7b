"""Demo devices: one in every state, an issued phone with its terms accepted, an open loss with
its police clock running, and findings from an MDM export and an own-device attestation; then
approvals waiting (a software request with one of its two approvals), the software catalogue
with a licence count, a software scan with findings and antivirus switched off, charges, and a
leaver part-way through the checklist. All serial numbers, IMEIs, hashes and numbers are
invented."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from councilguard.accounts.models import User
from councilguard.audit.actors import Actor
from councilguard.core.models import Council
from councilguard.devices.approvals import (
    add_cctv_aim,
    decide,
    record_consent,
    record_virus_check,
    request_approval,
    set_catalogue_entry,
)
from councilguard.devices.charges import ChargeKind, add_charge
from councilguard.devices.models import Device, OwnDeviceDuty
from councilguard.devices.posture import attest_own_device, import_mdm_export
from councilguard.devices.services import (
    DeviceData,
    LossData,
    accept_terms,
    confirm_duties,
    create_device,
    issue_device,
    register_own_device,
    report_loss,
    return_device,
    update_settings,
)
from councilguard.devices.software import import_inventory
from councilguard.people.models import Person
from councilguard.people.services import PersonData, update_person

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


# Host names, as the computer names itself on the network and Intune shows it: how scans that
# carry no serial find the device.
HOST_NAMES = {"PF3ABC12": "CLERK-LT01", "F2LXQ0ABCD": "Priya iPhone", "7XJ2KQ3": "OFFICE-PC"}


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
                host_name=HOST_NAMES.get(serial, ""),
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
        imei="356938035643809",
        sim_number="8944100000000000771",
        actor=actor,
    )
    # B 2.2.4 to 2.2.9: every duty but secure Wi-Fi confirmed, so the page shows one missing.
    confirm_duties(
        own,
        [d for d in OwnDeviceDuty.values if d != OwnDeviceDuty.SECURE_WIFI],
        actor=actor,
        now=now - timedelta(days=20),
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

    load_workflows_demo(council, people, devices, actor)


def load_workflows_demo(
    council: Council, people: dict[str, Person], devices: dict[str, Device], actor: Actor
) -> None:
    """Approvals (C9), a software scan (C10), charges (C8) and a leaver (C24)."""
    now = timezone.now()
    users = {u.email: u for u in User.objects.filter(email__endswith=".example")}
    clerk = Actor.for_user(users["clerk@ashcombe.example"])
    it_provider = Actor.for_user(users["jo@fixitsupport.example"])
    priya, sam = people["priya.nair@ashcombe.example"], people["sam.tully@ashcombe.example"]

    # The clerk's list of CCTV aims, and the catalogue.
    aims = [
        add_cctv_aim(council, text, actor=actor)
        for text in (
            "Prevention and detection of crime",
            "Safety of staff and visitors",
            "Protection of council property",
        )
    ]
    # Microsoft 365 is licensed per seat (B 8.1.1): the council holds five.
    for name, publisher, versions, personal, licences in (
        ("Microsoft 365 Apps for business*", "Microsoft Corporation", "", False, 5),
        ("Microsoft Visual C++ *", "Microsoft Corporation", "", False, None),
        ("Mozilla Firefox", "Mozilla", "128.*, 129.*", False, None),
        ("Adobe Acrobat Reader", "Adobe", "", False, None),
        ("Candy Crush Saga", "King", "", True, None),
    ):
        set_catalogue_entry(
            council,
            name=name,
            publisher=publisher,
            versions=versions,
            personal=personal,
            licences=licences,
            actor=actor,
        )

    # A software request virus-checked and approved by the IT provider: the clerk's (senior
    # manager's) approval is still to come.
    inkscape = request_approval(
        priya,
        "software",
        summary="Inkscape for the newsletter",
        reason="Drawing the allotments map for the spring newsletter.",
        details={
            "software_name": "Inkscape",
            "publisher": "Inkscape Project",
            "version": "1.3.2",
            "source_url": "https://inkscape.org/release/inkscape-1.3.2/",
        },
        actor=actor,
        now=now - timedelta(days=3),
    )
    record_virus_check(
        inkscape,
        sha256="3f1c9a7e5b2d4c6a8e0f1b3d5c7e9a2b4d6f8a0c2e4b6d8f0a1c3e5b7d9f1a2c",
        scanner="Microsoft Defender",
        result="clean",
        role="it_provider",
        actor=it_provider,
    )
    decide(inkscape, approve=True, note="Reputable source.", role="it_provider", actor=it_provider)
    request_approval(
        sam,
        "removable_media",
        summary="My USB stick for site photos",
        reason="Moving photos of the playground inspection to the office PC.",
        details={"media_description": "Blue SanDisk Ultra 64 GB", "media_serial": "4C5300012345"},
        actor=actor,
    )
    recording = request_approval(
        people["deputy@ashcombe.example"],
        "recording",
        summary="Record the staffing committee's closed session",
        reason="An accurate record of the restructure discussion.",
        details={"meeting": "Staffing committee (closed session)", "meeting_on": now.date()},
        attendees=[
            people["clerk@ashcombe.example"],
            people["m.oduya@ashcombe.example"],
            people["a.rahman@ashcombe.example"],
        ],
        actor=actor,
    )
    record_consent(
        recording.consents.get(person=people["clerk@ashcombe.example"]), agreed=True, actor=clerk
    )
    request_approval(
        people["operations@ashcombe.example"],
        "cctv_viewing",
        summary="Depot gate footage",
        reason="The depot gate was found forced on Monday morning.",
        details={"cctv_aim": aims[0], "footage": "Depot gate camera, Sunday 18:00 to Monday 07:00"},
        actor=actor,
    )
    link = request_approval(
        people["p.lowe@ashcombe.example"],
        "website_link",
        summary="Link to a bakery from the events page",
        reason="They sponsor the fete.",
        details={"url": "https://bakery.example/"},
        actor=actor,
    )
    decide(
        link,
        approve=False,
        note="The website does not link to businesses; list sponsors in the fete programme.",
        role="clerk",
        actor=clerk,
    )
    # Nobody decides their own request (B 1.1.6): the clerk's is decided by the deputy clerk.
    stick = request_approval(
        people["clerk@ashcombe.example"],
        "removable_media",
        summary="Encrypted memory stick for the internal auditor",
        reason="The internal auditor asks for the year's accounts on encrypted media.",
        details={"media_description": "Encrypted USB stick", "media_serial": "KS-0107"},
        actor=clerk,
    )
    decide(
        stick,
        approve=True,
        note="Encrypted, and wiped once the auditor has the papers (B 2.2.7).",
        role="deputy_clerk",
        actor=Actor.for_user(users["nadia.okafor@ashcombe.example"]),
    )

    # osquery's programs and usb_devices tables from the clerk's laptop.
    programs = [
        {"name": n, "version": v, "publisher": p, "install_date": "20250110"}
        for n, v, p in (
            ("Microsoft 365 Apps for business - en-gb", "16.0.17928.20156", "Microsoft"),
            ("Mozilla Firefox", "128.3.1", "Mozilla"),
            ("Microsoft Visual C++ 2015-2022 Redistributable (x64)", "14.40.33810", "Microsoft"),
            ("Zoom Workplace", "6.2.5", "Zoom Video Communications, Inc."),
            ("uTorrent", "3.6.0", "BitTorrent Inc."),
        )
    ]
    laptop = devices["PF3ABC12"]
    import_inventory(
        council, json.dumps(programs).encode(), device=laptop, actor=it_provider, now=now
    )
    usb = [
        {
            "vendor": "Kingston",
            "model": "IronKey D300",
            "serial": "KIK-00431",
            "vendor_id": "0951",
            "model_id": "1665",
            "class": "0",
        },
        {
            "vendor": "Generic",
            "model": "Mass Storage",
            "serial": "AA0000000001",
            "vendor_id": "058f",
            "model_id": "6387",
            "class": "0",
        },
    ]
    import_inventory(council, json.dumps(usb).encode(), device=laptop, actor=it_provider, now=now)
    # The laptop's Windows Security Center (B 5.1.8): Defender switched off, nothing else.
    security = {
        "windows_security_products": [
            {
                "type": "Antivirus",
                "name": "Microsoft Defender Antivirus",
                "state": "Off",
                "state_timestamp": "",
                "remediation_path": "windowsdefender://",
                "signatures_up_to_date": "1",
                "hostname": "CLERK-LT01",
            },
            {
                "type": "Firewall",
                "name": "Windows Firewall",
                "state": "On",
                "state_timestamp": "",
                "remediation_path": "windowsdefender://network",
                "signatures_up_to_date": "0",
                "hostname": "CLERK-LT01",
            },
        ]
    }
    import_inventory(council, json.dumps(security).encode(), actor=it_provider, now=now)

    # Charges: personal calls from a phone bill, and a repair.
    add_charge(
        sam,
        kind=ChargeKind.PERSONAL_PHONE_USE,
        amount=Decimal("14.20"),
        description="Personal calls beyond the allowance",
        source_reference="Phone bill, last month",
        actor=actor,
        device=devices["R58N123456"],
    )
    add_charge(
        priya,
        kind=ChargeKind.REPAIR,
        amount=Decimal("65.00"),
        description="Cracked screen on the iPad",
        source_reference="Repair invoice R-2231",
        actor=actor,
        device=devices["DMPXK1ABCD"],
    )

    # A councillor's personal app bought on a council tablet: invoiced, not deducted from pay.
    tom = people["t.bright@ashcombe.example"]
    issue_device(devices["DMPXK1ABCD"], tom, actor=actor, condition="fair")
    add_charge(
        tom,
        kind=ChargeKind.PERSONAL_PURCHASE,
        amount=Decimal("3.99"),
        description="Crossword app bought for personal use",
        source_reference="App Store purchase history, last month",
        evidence="App Store receipt MKX4471, £3.99",
        actor=actor,
        device=devices["DMPXK1ABCD"],
    )

    # Dan Kemp leaves in a fortnight: dashcam back already, tracker still out, own phone to
    # clear, account and passwords still to go.
    dan = people["dan.kemp@ashcombe.example"]
    for serial in ("NB622-0042", "SA-9911"):
        issue_device(devices[serial], dan, actor=actor, condition="good")
    register_own_device(dan, kind="phone", description="Dan's Motorola", actor=actor)
    update_person(
        dan,
        PersonData(
            full_name=dan.full_name,
            kind=dan.kind,
            emails=[e.address for e in dan.emails.all()],
            job_title=dan.job_title,
            line_manager=dan.line_manager,
            peer_group=dan.peer_group.name if dan.peer_group else "",
            start_date=dan.start_date,
            leave_date=timezone.localdate() + timedelta(days=14),
            working_pattern=dan.working_pattern,
        ),
        actor=actor,
    )
    return_device(devices["NB622-0042"], actor=actor, condition="good")
