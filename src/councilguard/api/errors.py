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


class ReceiptLineSerializer(serializers.Serializer):
    """A line of a log or bill that was not taken, and why."""

    line = serializers.IntegerField()
    reason = serializers.CharField()


class LineProblemSerializer(serializers.Serializer):
    """One problem with an imported file, by its line (0 for the file as a whole)."""

    line = serializers.IntegerField()
    message = serializers.CharField()


def exception_handler(exc, context):
    """DRF's handler, and a body over Django's size limits as a 413 in the API's own shape
    (Django's own answer is a 400 page of HTML, which no script expects)."""
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
    from rest_framework import status
    from rest_framework.response import Response
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return Response(
            {"detail": "The request is too large; send less at a time."},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    return drf_exception_handler(exc, context)
