"""Refusals checked at the service itself (issue 12): the service raises its error with the
clerk's words, and nothing at all was written: no row of any table changed, no audit entry."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps

from councilguard.audit.models import AuditEntry


def database_state() -> dict[str, list[tuple]]:
    """Every row of every table the project's models own, in primary-key order."""
    state: dict[str, list[tuple]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        columns = [field.attname for field in meta.concrete_fields]
        state[meta.label] = list(model._base_manager.order_by("pk").values_list(*columns))
    return state


def assert_refused(
    call: Callable[[], Any], error: type[BaseException], match: str
) -> BaseException:
    """Call ``call``; it must raise ``error`` whose message contains ``match`` (literally),
    and leave every table as it was."""
    before = database_state()
    entries = AuditEntry.objects.count()
    with pytest.raises(error, match=re.escape(match)) as raised:
        call()
    assert AuditEntry.objects.count() == entries, "a refusal wrote an audit entry"
    after = database_state()
    changed = sorted(label for label in before if before[label] != after[label])
    assert changed == [], f"a refusal changed rows of {changed}"
    return raised.value


_CSRF = re.compile(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')


def same_answer(response) -> tuple[int, bytes]:
    """A response's status and body with its CSRF tokens blanked: Django masks the token anew
    on every page, so two answers that tell a person exactly the same differ only there."""
    return response.status_code, _CSRF.sub(rb"\1", response.content)
