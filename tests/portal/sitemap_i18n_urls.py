"""The root URLconf with the pages under ``i18n_patterns`` (German unprefixed, ``/en/…``), as the
English URLs of issue 17 will have them: the sitemap then lists every page per language."""

from django.conf.urls.i18n import i18n_patterns

from integration_portal import urls

WURZEL = ("healthz", "robots", "sitemap")

urlpatterns = [p for p in urls.urlpatterns if getattr(p, "name", None) in WURZEL] + i18n_patterns(
    *[p for p in urls.urlpatterns if getattr(p, "name", None) not in WURZEL],
    prefix_default_language=False,
)
