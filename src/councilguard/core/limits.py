"""Settings a council changes within limits (monitoring and phone thresholds): each value is
read by its model field, checked against its (low, high) limits and set when it differs. The
caller saves and writes its own audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


def apply_within_limits(
    current: models.Model,
    values: dict[str, Any],
    limits: dict[str, tuple[Any, Any]],
    error: type[Exception],
) -> dict[str, tuple[Any, Any]]:
    """Sets the ``values`` that differ on ``current`` and returns them as name -> (before,
    after); raises ``error`` naming the first unknown setting or value out of its limits,
    having set nothing the caller will save."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in values.items():
        if name not in limits:
            raise error(f"unknown setting {name!r}")
        low, high = limits[name]
        field = current._meta.get_field(name)
        try:
            value = field.to_python(value)
        except ValidationError:
            value = None
        if value is None or not low <= value <= high:
            raise error(f"{field.verbose_name} is between {low} and {high}")
        before = field.to_python(getattr(current, name))
        if before != value:
            changes[name] = (before, value)
            setattr(current, name, value)
    return changes
