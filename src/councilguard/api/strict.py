"""JSON values of the type the schema says, not whatever DRF can coerce."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

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


NOT_A_FIELD = "Not a field of this request."
NOT_A_PARAMETER = "Not a parameter of this request."


class KnownFieldsMixin:
    """Refuse (400) a body naming a field the serializer does not have, or one it only shows
    (read-only), rather than dropping it unread: a misspelt "note" must not pass for a missing
    one. The schema says so (``additionalProperties: false``, api.schema)."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError({name: [NOT_A_FIELD] for name in unknown})
        return super().to_internal_value(data)


def refuse_unknown_parameters(query: QueryDict, known: Iterable[str]) -> None:
    """Refuse (400) a query string naming a parameter the operation does not read."""
    unknown = sorted(set(query) - set(known))
    if unknown:
        raise serializers.ValidationError({name: [NOT_A_PARAMETER] for name in unknown})


MONEY_AS_TEXT = 'Give the amount in pounds as text, e.g. "12.50", not as a number.'
MONEY_SHAPE = 'Give the amount in pounds and pence, e.g. "12.50".'


class MoneyField(serializers.DecimalField):
    """An amount of money in pounds and pence, as text ("12.50"). A JSON number is refused
    (400): it is a binary fraction to most languages, and 0.1 + 0.2 is not 0.30. The text is
    digits, with at most two after the point (``pattern``, which the schema states)."""

    default_error_messages = {"not_text": MONEY_AS_TEXT, "not_money": MONEY_SHAPE}

    def __init__(self, *, max_value: Decimal, **kwargs) -> None:
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("coerce_to_string", True)
        digits = len(str(int(max_value)))
        self.pattern = rf"^[0-9]{{1,{digits}}}(\.[0-9]{{1,2}})?$"
        super().__init__(max_digits=digits + 2, decimal_places=2, max_value=max_value, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text")
        if not re.fullmatch(self.pattern, data):
            self.fail("not_money")
        return super().to_internal_value(data)
