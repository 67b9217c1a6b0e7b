"""Phone-bill background jobs, declared on PhonesConfig.schedules."""

from django_tasks import task


@task()
def analyse_phone_bills() -> dict[str, int]:
    """C13, DESIGN 12: analyse every council's phone bills again each month, so a corrected
    identity, directory or working pattern reaches the findings without a new bill."""
    from councilguard.audit.actors import Actor
    from councilguard.core.jobs import for_each_council
    from councilguard.core.models import Council
    from councilguard.monitoring.models import BatchStatus, IngestBatch, SourceKind
    from councilguard.phones.services import analyse_council

    councils = Council.objects.order_by("pk").filter(
        pk__in=IngestBatch.objects.filter(
            source__kind=SourceKind.PHONE, status=BatchStatus.COMMITTED
        ).values("council")
    )
    actor = Actor.system("worker")
    return for_each_council(lambda c: analyse_council(c, actor=actor).created, councils)
