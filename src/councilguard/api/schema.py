"""Describe the council token scheme in the OpenAPI schema."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class CouncilTokenScheme(OpenApiAuthenticationExtension):
    target_class = "councilguard.api.authentication.CouncilTokenAuthentication"
    name = "councilToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A council API token issued by the clerk (cg_...).",
        }
