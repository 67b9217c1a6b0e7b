"""The bodies of the API's refusals, for the schema (DRF writes them; these describe them)."""

from __future__ import annotations

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """A refusal in one sentence (401, 403, 404, 413, 415, 429, 500)."""

    detail = serializers.CharField(help_text="What went wrong, in words.")


class ValidationErrorSerializer(serializers.Serializer):
    """A 400: each field's problems, ``non_field_errors`` for the request as a whole, a list's
    problems by position, or ``detail`` when the body could not be read at all.

    Described by ``schema.ValidationErrorScheme``: its keys are the request's own fields."""


class LineProblemSerializer(serializers.Serializer):
    """One problem with an imported file, by its line (0 for the file as a whole)."""

    line = serializers.IntegerField()
    message = serializers.CharField()
