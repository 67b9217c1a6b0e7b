"""The API's one pagination: limit and offset, bounded, and refused rather than guessed at."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 500
# OFFSET and LIMIT become 64-bit integers in SQL: far past any list here, far below the point
# where the database refuses the number (an uncaught error, not a 400).
MAX_OFFSET = 2**31 - 1


class _Page(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, required=False)
    offset = serializers.IntegerField(min_value=0, max_value=MAX_OFFSET, required=False)


class CouncilPagination(LimitOffsetPagination):
    """DRF's limit-offset pagination, with a largest page. DRF falls back to the default for a
    limit or offset it cannot read and quietly cuts one past the largest; here either is a 400
    that says why, as the schema says, so a script learns it asked for something else."""

    max_limit = MAX_LIMIT

    def paginate_queryset(self, queryset, request, view=None):
        page = _Page(
            data={
                name: request.query_params[name]
                for name in (self.limit_query_param, self.offset_query_param)
                if name in request.query_params
            }
        )
        page.is_valid(raise_exception=True)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {
                "minimum": 1,
                "maximum": MAX_LIMIT,
                "default": self.default_limit,
            },
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET, "default": 0},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        parameters[0]["description"] = (
            f"How many results a page holds: {self.default_limit} unless asked, "
            f"at most {MAX_LIMIT}."
        )
        return parameters
