"""/api/v1/: one router for every app's API, the OpenAPI schema and its offline docs.

Swagger UI only: ReDoc loads web fonts from elsewhere and injects styles at run time, which
neither the offline rule nor the Content Security Policy allows.
"""

from django.urls import include, path
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

router = DefaultRouter()
router.APIRootView = APIWurzel  # the root names the licence and the open-data page
measures_api.register(router)
monitoring_api.register(router)
# Every anonymous GET of the API is the same for all until the Datenstand changes: answered
# from the cache after DRF's authentication, permissions and throttling
# (integration_portal/seitencache.py).
router.registry[:] = [
    (prefix, mit_cache(viewset), basename) for prefix, viewset, basename in router.registry
]

urlpatterns = [
    path("konzept/", mit_cache(KonzeptView).as_view(), name="api-konzept"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's script from a URL, not inline (Content Security Policy).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
