"""JSON values of the type the schema says, not whatever DRF can coerce."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import QueryDict
from rest_framework import serializers

_TEXT = (
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.TimeField,
    serializers.UUIDField,
)


def _wrong_type(field: serializers.Field, value: object) -> str:
    """Why ``value`` is not of the JSON type the schema gives ``field``, or ''."""
    if value is None:
        return ""  # the field's own allow_null decides
    if isinstance(field, serializers.ListField | serializers.ManyRelatedField):
        if not isinstance(value, list):
            return "Expected a list."
        child = getattr(field, "child", None) or getattr(field, "child_relation", None)
        return next(filter(None, (_wrong_type(child, item) for item in value)), "")
    if isinstance(field, serializers.BooleanField):
        return "" if isinstance(value, bool) else "Expected true or false."
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        return "" if type(value) is int else "Expected a whole number."
    if isinstance(field, serializers.FloatField):
        return "" if type(value) in (int, float) else "Expected a number."
    if isinstance(field, _TEXT):
        return "" if isinstance(value, str) else "Expected text."
    return ""


class JSONTypesMixin:
    """Refuse a JSON value of another type than the schema gives (0 for a text, "true" or 1 for
    a yes or no), where DRF would quietly convert it: a script sending one has a bug to hear
    about, and the schema says what is accepted. Form-encoded bodies carry only text and are
    left to the fields."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping) and not isinstance(data, QueryDict):
            errors = {
                name: [problem]
                for name, field in self.fields.items()
                if not field.read_only
                and name in data
                and (problem := _wrong_type(field, data[name]))
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
