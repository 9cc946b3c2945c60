"""/api/v1/: one router for every app's API, the OpenAPI schema and its offline docs.

Every address works with and without its trailing slash, for every method: a redirect to the
slashed form (Django's APPEND_SLASH) would turn a client's POST into a GET and lose the
Sachstand, and under DEBUG it is a 500.

Swagger UI only: ReDoc loads web fonts from elsewhere and injects styles at run time, which
neither the offline rule nor the Content Security Policy allows.
"""

from django.urls import URLPattern, include, path, re_path
from drf_spectacular.drainage import isolate_view_method
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from integration_portal.api.wurzel import APIWurzel
from integration_portal.seitencache import mit_cache
from konten import schema  # noqa: F401 - describes our API token before the schema is made
from measures.api import urls as measures_api
from measures.api.views import KonzeptView
from monitoring.api import urls as monitoring_api


class Router(DefaultRouter):
    """DRF's router; each of its routes also answers without the trailing slash.

    The copies have no name, so ``reverse()``, the API's start page and the schema keep the
    slashed form as the one to link to.
    """

    def get_urls(self):
        muster = []
        for route in super().get_urls():
            muster.append(route)
            regex = route.pattern.regex.pattern if isinstance(route, URLPattern) else ""
            if regex.endswith("/$"):
                # Right after its original, before the format suffixes: ".../5.2" is
                # Handlungsfeld 5.2, not 5 as format "2".
                muster.append(re_path(regex.removesuffix("/$") + "$", route.callback))
        return muster


def zwischengespeichert(viewklasse):
    """``mit_cache(viewklasse)`` with the schema overrides of its methods kept.

    mit_cache's subclass overrides list/retrieve/get, which hid their ``@extend_schema`` (the
    ``stichtag`` parameter, the Konzept's answer) from the schema; copies of its methods carry
    them again (drf-spectacular's own way of annotating derived methods).
    """
    verpackt = mit_cache(viewklasse)
    for name in ("list", "retrieve", "get"):
        kwargs = getattr(getattr(viewklasse, name, None), "kwargs", None)
        if kwargs and "schema" in kwargs:
            isolate_view_method(verpackt, name).kwargs = dict(kwargs)
    return verpackt


router = Router()
router.APIRootView = APIWurzel  # the root names the licence and the open-data page
measures_api.register(router)
monitoring_api.register(router)
# Every anonymous GET of the API is the same for all until the Datenstand changes: answered
# from the cache after DRF's authentication, permissions and throttling
# (integration_portal/seitencache.py).
router.registry[:] = [
    (prefix, zwischengespeichert(viewset), basename)
    for prefix, viewset, basename in router.registry
]


def mit_und_ohne_schraegstrich(route, view, name):
    """``route`` (ending in "/") under ``name``, and the same view without the slash."""
    return [path(route, view, name=name), path(route.removesuffix("/"), view)]


urlpatterns = [
    *mit_und_ohne_schraegstrich(
        "konzept/", zwischengespeichert(KonzeptView).as_view(), "api-konzept"
    ),
    *mit_und_ohne_schraegstrich("schema/", SpectacularAPIView.as_view(), "api-schema"),
    # The split view serves Swagger UI's script from a URL, not inline (Content Security Policy).
    *mit_und_ohne_schraegstrich(
        "docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), "api-docs"
    ),
    path("", include(router.urls)),
]
# The API's start page, also at /api/v1 without the slash (integration_portal/urls.py).
wurzel = router.get_api_root_view()
