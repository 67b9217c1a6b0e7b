"""The OpenAPI schema: the council token scheme, and the errors every operation can answer with.

drf-spectacular describes what a view returns when all goes well; the refusals come from DRF
and from ``CouncilScopedMixin``, the same for every operation, so ``CouncilAutoSchema`` adds
them here once rather than on each view. An operation that declares a status itself (an import's
400 with its list of problems) keeps its own.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer
from rest_framework import serializers

from councilguard.api.errors import ErrorSerializer, ValidationErrorSerializer
from councilguard.api.strict import KnownFieldsMixin, MoneyField


class CouncilTokenScheme(OpenApiAuthenticationExtension):
    target_class = "councilguard.api.authentication.CouncilTokenAuthentication"
    name = "councilToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A council API token issued by the clerk (cg_...).",
        }


class ValidationErrorScheme(OpenApiSerializerExtension):
    """A 400 body as DRF writes it: each field's problems, ``non_field_errors`` for the request
    as a whole, a list's problems by position, or ``detail`` when the body could not be read."""

    target_class = "councilguard.api.errors.ValidationErrorSerializer"

    def map_serializer(self, auto_schema, direction):
        messages = {"type": "array", "items": {"type": "string"}}
        return {
            "type": "object",
            "description": "Each field's problems by name, non_field_errors for the request "
            "as a whole, a list's problems by position, or detail when the body could not be "
            "read at all.",
            "properties": {"detail": {"type": "string"}, "non_field_errors": messages},
            "additionalProperties": {
                "anyOf": [
                    messages,
                    {"type": "object", "additionalProperties": messages},
                ]
            },
        }


def document() -> dict:
    """The schema as /api/schema/?format=json serves it, as plain JSON values."""
    import json

    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


UNAUTHENTICATED = _error("No token, or a token that is unknown or revoked.")
FORBIDDEN = _error("The role this token acts as may not do this.")
NOT_FOUND = _error(
    "No such council for this token, or nothing with this id that the role may see "
    "(another council's looks the same as none)."
)
UNSUPPORTED_MEDIA = _error("The request body is not in a media type this operation reads.")
TOO_LARGE = _error("The request body is over the size the server reads.")
INVALID = OpenApiResponse(
    ValidationErrorSerializer, description="The request does not match this schema."
)


def refused_whole(report, name: str) -> OpenApiResponse:
    """An import's 400: its report listing every problem (nothing was taken), or the upload
    itself refused (no file, a field out of range)."""
    return OpenApiResponse(
        PolymorphicProxySerializer(
            component_name=f"{name}Refused",
            serializers=[report, ValidationErrorSerializer],
            resource_type_field_name=None,
        ),
        description="Refused whole, with every problem; nothing was taken.",
    )


# DRF refuses a NUL character in any text (ProhibitNullCharactersValidator), and a text that must
# not be blank is refused when nothing is left after trimming the white space Python's strip()
# removes. Written out as classes so that Python and ECMAScript regular expressions agree.
_SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
ANY_TEXT = r"^[^\x00]*$"
# For a field that may be blank: drf-spectacular offers the blank text as a choice of its own
# (oneOf), so the pattern must not match it too.
SOME_TEXT = r"^[^\x00]+$"


def trimmed_at_least(n: int) -> str:
    """No NUL, and at least ``n`` characters once the white space around them is trimmed."""
    edge = rf"[^\x00{_SPACE}]"
    if n == 1:
        return rf"^[^\x00]*{edge}[^\x00]*$"
    return rf"^[{_SPACE}]*{edge}[^\x00]{{{n - 2},}}{edge}[{_SPACE}]*$"


class CouncilAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, with the refusals every operation can answer with, and
    text fields that say what DRF refuses in them."""

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and isinstance(serializer, KnownFieldsMixin):
            schema["additionalProperties"] = False  # api.strict: any other field is a 400
        return schema

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, MoneyField):
            schema["pattern"] = field.pattern  # what MoneyField reads, exactly
        if (
            direction == "request"
            and type(field) is serializers.CharField
            and schema.get("type") == "string"
            and "pattern" not in schema
        ):
            least = field.min_length or (0 if field.allow_blank else 1)
            if field.trim_whitespace and least > 0:
                schema["pattern"] = trimmed_at_least(least)
            else:
                schema["pattern"] = SOME_TEXT if field.allow_blank else ANY_TEXT
        return schema

    def _get_parameters(self):
        parameters = super()._get_parameters()
        filters = {p["name"] for p in self._get_filter_parameters()}
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if parameter["in"] != "query":
                continue
            if schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema):
                schema["pattern"] = ANY_TEXT  # a form field refuses a NUL as well
            if parameter["name"] in filters and "type" in schema:
                # django-filter reads an empty value as "any", whatever the filter's type.
                if "enum" in schema and "" not in schema["enum"]:
                    schema["enum"] = [*schema["enum"], ""]
                elif "enum" not in schema and (schema["type"] != "string" or "format" in schema):
                    parameter["schema"] = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
        return parameters

    def _get_request_for_media_type(self, serializer, direction="request"):
        schema, required = super()._get_request_for_media_type(serializer, direction)
        # A choice of bodies (a finding's review) has no top-level required fields, but each
        # choice has some: the body is required.
        if isinstance(serializer, PolymorphicProxySerializer):
            required = True
        return schema, required

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self._refusals().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return dict(sorted(responses.items()))

    def _refusals(self) -> dict[str, OpenApiResponse]:
        refusals = {"401": UNAUTHENTICATED}
        if "{council}" in self.path:
            # CouncilScopedMixin: a council the token is not for is 404, a role without the
            # action 403 (also a form post without its CSRF token, for a signed-in session).
            refusals |= {"403": FORBIDDEN, "404": NOT_FOUND}
        takes_body = self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer()
        if takes_body:
            refusals |= {"413": TOO_LARGE, "415": UNSUPPORTED_MEDIA}
        if takes_body or any(p["in"] == "query" for p in self._get_parameters()):
            refusals["400"] = INVALID
        return refusals
