"""The nightly retention run, declared on RetentionConfig.schedules."""

from django_tasks import task


@task()
def run_retention() -> int:
    """C19, B 5.1.3: purge every kind of monitoring data past its period, keeping what a legal
    hold covers; one receipt per council."""
    from councilguard.audit.actors import Actor
    from councilguard.core.models import Council
    from councilguard.retention.services import run

    actor = Actor.system("worker")
    return sum(run(c, actor=actor).deleted for c in Council.objects.all())
