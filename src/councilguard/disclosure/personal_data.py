"""The disclosure engine's own personal data about a person: the bundles made about them."""

from __future__ import annotations

from councilguard.core.personal_data import Section, Subject
from councilguard.disclosure.models import Disclosure


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    made = Disclosure.objects.in_council(subject.council).filter(subject=subject.person)
    return [
        Section(
            key="disclosures",
            title="Copies of your data the council has prepared",
            columns=["For", "Prepared", "Files", "Fingerprint (SHA-256)"],
            rows=[
                (d.purpose, d.built_at, len(d.manifest.get("files", [])), d.sha256) for d in made
            ],
            purpose="To answer requests for your data and prove what was sent (UK GDPR Art 15).",
            recipients="You; the clerk and the data protection lead.",
            retention="Six years after the request is closed.",
            origin="The council's systems.",
        )
    ]
