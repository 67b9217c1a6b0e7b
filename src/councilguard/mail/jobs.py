"""E-mail and sign-in background jobs, declared on MailConfig.schedules."""

from django_tasks import task


@task()
def analyse_mail() -> dict[str, int]:
    """Run the e-mail and sign-in rules again every week for each council with stored
    exports, so a corrected identity, contact or threshold reaches the findings."""
    from councilguard.audit.actors import Actor
    from councilguard.core.jobs import for_each_council
    from councilguard.core.models import Council
    from councilguard.mail.services import SOURCES, analyse_council
    from councilguard.monitoring.models import BatchStatus, IngestBatch

    councils = Council.objects.order_by("pk").filter(
        pk__in=IngestBatch.objects.filter(
            source__kind__in=SOURCES, status=BatchStatus.COMMITTED
        ).values("council")
    )
    actor = Actor.system("worker")
    return for_each_council(lambda c: analyse_council(c, actor=actor).created, councils)
