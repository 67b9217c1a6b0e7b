"""The CCTV register's personal data about a person: the viewings they made. (Footage itself is
on the recorders, not here; a request for it is a subject access request of its own.)"""

from __future__ import annotations

from django.utils import timezone

from councilguard.cctv.models import Viewing
from councilguard.core.personal_data import Section, Subject


def provide(subject: Subject) -> list[Section]:
    if subject.person is None:
        return []
    viewings = (
        Viewing.objects.in_council(subject.council)
        .filter(viewer=subject.person)
        .select_related("request__camera")
    )
    return [
        Section(
            key="cctv-viewings",
            title="CCTV footage you viewed",
            columns=["When", "Camera", "Footage", "What was seen", "Outcome"],
            rows=[
                (timezone.localtime(v.viewed_at), v.request.camera.name, v.footage, v.seen,
                 v.get_outcome_display())
                for v in viewings
            ],
            purpose="To show that CCTV footage is viewed only for the council's legitimate "
            "aims, once approved (the council's CCTV policy).",
            recipients="The clerk, the data protection lead and managers who view footage.",
            retention="Six years after the viewing.",
            origin="You, or the clerk from what you reported.",
        )
    ]  # fmt: skip
