"""The cases app's background job, declared on its app config (CasesConfig.schedules)."""

from __future__ import annotations

from django_tasks import task


@task()
def release_holds() -> int:
    """Daily: end the legal holds of cases closed longer ago than the council's appeal period."""
    from councilguard.audit.actors import Actor
    from councilguard.cases.services import release_expired_holds
    from councilguard.core.jobs import for_each_council

    actor = Actor.system("worker")
    return sum(for_each_council(lambda c: len(release_expired_holds(c, actor=actor))).values())
