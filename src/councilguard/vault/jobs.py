"""Vault background jobs, declared on VaultConfig.schedules and fired by the worker."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from councilguard.audit.actors import Actor
from councilguard.people.models import Person

logger = logging.getLogger(__name__)


@task()
def revoke_leavers_access() -> list[int]:
    """Issue 7 part 5: everyone whose leaving date has passed loses vault access without
    waiting for the clerk, and what they revealed or owned is marked to be changed. Returns the
    ids of the people whose access was removed."""
    from councilguard.vault.services import revoke_access_of

    today = timezone.localdate()
    leavers = (
        Person.objects.filter(leave_date__lt=today, vault_revocations__isnull=True)
        .select_related("council", "user")
        .order_by("pk")
    )
    done = []
    for person in leavers:
        try:
            revoke_access_of(person, actor=Actor.system("leaver check"))
        except Exception:  # one failure must not leave the other leavers with access
            logger.exception("could not remove the vault access of person %s", person.pk)
        else:
            done.append(person.pk)
    return done
