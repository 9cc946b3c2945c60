"""``/sitemap.xml`` (django.contrib.sitemaps): every public page of the current Konzept, with
``lastmod`` from the data where the data say when a page last changed.

One query per section (two where the list is counted for paging), however large the plan.
"""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import F, Max
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from concept.models import Handlungsfeld, im_aktuellen_konzept_q
from measures.models import Akteur, Massnahme
from monitoring.models import Indikator

# Pages of templates only: their date is the last deployment, which the data do not know.
STATISCHE_SEITEN = (
    "measures:best-practice",
    "measures:berichte",
    "measures:barrierefreiheit",
    "measures:leichte-sprache",
    "measures:kontakt",
    "measures:impressum",
    "datenschutz:erklaerung",
)
# Lists whose content changes with any measure: their date is the plan's latest change.
LISTEN = (
    "measures:overview",
    "measures:massnahmen",
    "measures:akteure",
    "monitoring:uebersicht",
    "monitoring:datenlage",
)


class Sitemap(DjangoSitemap):
    """Each page once per language with ``hreflang`` alternates – once the pages have language
    prefixes (``i18n_patterns``); until then each page once, in German."""

    alternates = True
    x_default = True

    @property
    def i18n(self):
        return is_language_prefix_patterns_used(settings.ROOT_URLCONF)[0]


def letzte_aenderung_des_plans():
    """The latest change of a measure of the current Konzept, or of the Konzept itself."""
    werte = Massnahme.objects.im_aktuellen_konzept().aggregate(
        massnahme=Max("geaendert_am"), konzept=Max("teilziel__handlungsfeld__konzept__geaendert_am")
    )
    return max((w for w in werte.values() if w), default=None)


class SeitenSitemap(Sitemap):
    """The overview, the lists and the pages of text."""

    def items(self):
        stand = letzte_aenderung_des_plans()
        return [(name, stand) for name in LISTEN] + [(name, None) for name in STATISCHE_SEITEN]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


class HandlungsfeldSitemap(Sitemap):
    def items(self):
        return (
            Handlungsfeld.objects.im_aktuellen_konzept()
            .annotate(
                zuletzt=Greatest(
                    F("geaendert_am"),
                    Coalesce(Max("teilziele__massnahmen__geaendert_am"), F("geaendert_am")),
                )
            )
            .order_by("sortierung", "pk")
        )

    def location(self, handlungsfeld):
        return reverse("measures:handlungsfeld", kwargs={"nummer": handlungsfeld.nummer})

    def lastmod(self, handlungsfeld):
        return handlungsfeld.zuletzt


class MassnahmeSitemap(Sitemap):
    def items(self):
        return (
            Massnahme.objects.im_aktuellen_konzept()
            .select_related("teilziel__handlungsfeld")
            .only("kennung", "geaendert_am", "teilziel__nummer", "teilziel__handlungsfeld__nummer")
            .in_konzeptreihenfolge()
        )

    def lastmod(self, massnahme):
        return massnahme.geaendert_am


class AkteurSitemap(Sitemap):
    def items(self):
        pfad = "zustaendigkeiten__massnahme__teilziel__handlungsfeld__konzept"
        return Akteur.objects.annotate(
            zuletzt=Max(
                "zustaendigkeiten__massnahme__geaendert_am", filter=im_aktuellen_konzept_q(pfad)
            )
        ).order_by("name", "pk")

    def lastmod(self, akteur):
        return akteur.zuletzt


class IndikatorSitemap(Sitemap):
    """Public indicators only (internal ones are for the Büro)."""

    def items(self):
        return (
            Indikator.objects.oeffentlich()
            .annotate(zuletzt=Max("messwerte__geaendert_am"))
            .order_by("sortierung", "name", "pk")
        )

    def lastmod(self, indikator):
        return indikator.zuletzt


SITEMAPS = {
    "seiten": SeitenSitemap,
    "handlungsfelder": HandlungsfeldSitemap,
    "massnahmen": MassnahmeSitemap,
    "akteure": AkteurSitemap,
    "indikatoren": IndikatorSitemap,
}
