"""The OpenAPI schema (drf-spectacular): what the generator cannot see by itself."""


def nur_mit_schraegstrich(endpoints):
    """PREPROCESSING_HOOK: each address once, in its slashed form.

    Every route also answers without the trailing slash (integration_portal/api/urls.py);
    the schema names the form to link to.
    """
    return [endpoint for endpoint in endpoints if endpoint[0].endswith("/")]
