"""Who sees a case (C17 item 3): the clerk, the data protection lead and the investigator
appointed to it, and nobody who is one of its subjects, whatever their role. Every case page
comes through ``case_for``; a member who may not see the case is refused (403), another
council's case is missing (404)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from councilguard.cases.models import Case
from councilguard.core.models import Membership
from councilguard.core.roles import Action
from councilguard.people.access import person_of


def cases_for(membership: Membership) -> QuerySet[Case]:
    """The cases a member works on: all for those who manage cases, else those they were
    appointed to investigate; never a case about themselves."""
    cases = Case.objects.in_council(membership.council)
    if not membership.can(Action.MANAGE_CASES):
        cases = cases.filter(investigator=membership)
    person = person_of(membership)
    if person is not None:
        cases = cases.exclude(Q(subjects__person=person))
    return cases


def may_work_on(membership: Membership, case: Case) -> bool:
    return cases_for(membership).filter(pk=case.pk).exists()


def case_for(request, pk: int) -> Case:
    case = get_object_or_404(Case.objects.in_council(request.council), pk=pk)
    if not may_work_on(request.membership, case):
        raise PermissionDenied
    return case
