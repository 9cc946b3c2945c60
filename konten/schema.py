"""The API token in the OpenAPI schema (drf-spectacular knows knox's class, not our subclass)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "konten.tokens.ApiTokenAuthentication"
    name = "tokenAuth"  # as before the switch to knox

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )
