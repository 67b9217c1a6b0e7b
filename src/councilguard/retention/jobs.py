"""The nightly retention run, declared on RetentionConfig.schedules."""

from django_tasks import task


@task()
def run_retention() -> int:
    """C19, B 5.1.3: purge every kind of monitoring data past its period, keeping what a legal
    hold covers; one receipt per council."""
    from councilguard.audit.actors import Actor
    from councilguard.core.jobs import for_each_council
    from councilguard.retention.services import run

    actor = Actor.system("worker")
    return sum(for_each_council(lambda c: run(c, actor=actor).deleted).values())
