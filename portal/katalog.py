"""What the portal offers as open data, once: for the page /offene-daten/, the zip and the
DCAT-AP.de catalogue (portal/katalog_rdf.py).

Each ``Datensatz`` (dcat:Dataset) lists its ``Verteilung``en (dcat:Distribution) by URL name,
so that the page, the catalogue and the zip can never name different files. ``zeitangaben()``
takes the dates of the catalogue from the data themselves: ``dct:modified`` is the newest
change in the history (or the ``geaendert_am`` stamps of models without history), ``dct:issued``
the oldest; never "now", which would make every harvest look like a change.
"""

from dataclasses import dataclass, field

from django.db.models import Max, Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from concept.models import Handlungsfeld, Teilziel
from measures.models import Massnahme, Zustaendigkeit
from monitoring.models import Indikator, Messwert

HERAUSGEBER = "Hanse- und Universitätsstadt Rostock, Büro für Integration"
KONTAKT_EMAIL = "integration@rostock.de"  # as in the Impressum

# Formats: EU file-type vocabulary (DCAT-AP.de K32) and the IANA media type.
CSV = ("CSV", "text/csv")
XLSX = ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
JSON = ("JSON", "application/json")
ZIP = ("ZIP", "application/zip")
TURTLE = ("RDF_TURTLE", "text/turtle")
JSON_LD = ("JSON_LD", "application/ld+json")


@dataclass
class Verteilung:
    titel: str
    url_name: str
    format: tuple
    beschreibung: str = ""
    # A file to download (dcat:downloadURL); False for an API endpoint (only dcat:accessURL).
    datei: bool = True
    url_query: str = ""

    @property
    def url(self):
        return reverse(self.url_name) + self.url_query

    @property
    def format_name(self):
        return self.format[0].replace("_", "-")


@dataclass
class Datensatz:
    kennung: str  # also the anchor on the page and the fragment of the dataset's IRI
    titel: str
    beschreibung: str
    schlagworte: list
    themen: list  # EU data themes
    verteilungen: list = field(default_factory=list)


def datensaetze():
    """The datasets of the open-data offer, in the order of the page."""
    return [
        Datensatz(
            "konzept",
            _("Integrationskonzept der Hanse- und Universitätsstadt Rostock"),
            _(
                "Das beschlossene Integrationskonzept als Daten: Kapitel, Handlungsfelder, "
                "Leitziele, Teilziele, Maßnahmen mit Zuständigkeiten und Best-Practice-Beispiele, "
                "mit dem Fortschritt jeder Ebene."
            ),
            [_("Integration"), _("Integrationskonzept"), _("Migration"), _("Teilhabe")],
            ["SOCI", "GOVE"],
            [
                Verteilung(
                    _("Integrationskonzept (JSON)"),
                    "api-konzept",
                    JSON,
                    _("Das ganze Konzept in einer Datei."),
                    url_query="?download=1",
                ),
            ],
        ),
        Datensatz(
            "massnahmen",
            _("Maßnahmen des Integrationskonzepts mit Umsetzungsstand"),
            _(
                "Eine Zeile je Maßnahme: Referenz, Handlungsfeld, Teilziel, Text, Status, Ampel, "
                "Fortschritt, Zieldatum, federführende und alle zuständigen Akteure."
            ),
            [_("Integration"), _("Maßnahmen"), _("Umsetzungsstand")],
            ["SOCI", "GOVE"],
            [
                Verteilung(_("Maßnahmen (CSV)"), "measures:offene-daten-massnahmen-csv", CSV),
                Verteilung(
                    _("Maßnahmen (CSV für deutsches Excel)"),
                    "measures:offene-daten-massnahmen-csv-excel",
                    CSV,
                    _("Semikolon, Dezimalkomma, UTF-8 mit BOM."),
                ),
                Verteilung(_("Maßnahmen (XLSX)"), "measures:offene-daten-massnahmen-xlsx", XLSX),
                Verteilung(
                    _("Maßnahmen (REST-API)"),
                    "massnahme-list",
                    JSON,
                    _("Filterbar und seitenweise, siehe API-Dokumentation."),
                    datei=False,
                ),
            ],
        ),
        Datensatz(
            "zustaendigkeiten",
            _("Zuständigkeiten für die Maßnahmen des Integrationskonzepts"),
            _(
                "Eine Zeile je Zuständigkeit: welcher Akteur (verwaltungsintern oder "
                "verwaltungsextern) für welche Maßnahme zuständig ist und ob federführend."
            ),
            [_("Integration"), _("Zuständigkeiten"), _("Akteure")],
            ["SOCI", "GOVE"],
            [
                Verteilung(
                    _("Zuständigkeiten (CSV)"), "measures:offene-daten-zustaendigkeiten-csv", CSV
                ),
                Verteilung(
                    _("Zuständigkeiten (CSV für deutsches Excel)"),
                    "measures:offene-daten-zustaendigkeiten-csv-excel",
                    CSV,
                    _("Semikolon, Dezimalkomma, UTF-8 mit BOM."),
                ),
                Verteilung(
                    _("Zuständigkeiten (XLSX)"), "measures:offene-daten-zustaendigkeiten-xlsx", XLSX
                ),
            ],
        ),
        Datensatz(
            "indikatoren",
            _("Indikatoren und Messwerte des Integrationsmonitorings"),
            _(
                "Die öffentlichen Indikatoren des Monitorings (Kapitel 7 des Konzepts) mit allen "
                "Messwerten, auch aufgeschlüsselt, mit Einheit, Quelle und Datumsart."
            ),
            [_("Integration"), _("Monitoring"), _("Indikatoren"), _("Statistik")],
            ["SOCI"],
            [
                Verteilung(_("Messwerte (CSV)"), "monitoring:alle-csv", CSV),
                Verteilung(
                    _("Messwerte (CSV für deutsches Excel)"),
                    "monitoring:alle-csv-excel",
                    CSV,
                    _("Semikolon, Dezimalkomma, UTF-8 mit BOM."),
                ),
                Verteilung(
                    _("Indikatoren und Messwerte (JSON)"),
                    "monitoring:alle-json",
                    JSON,
                    _("Mit den Metadaten der Indikatoren und Dimensionen."),
                ),
                Verteilung(
                    _("Messwerte (REST-API)"),
                    "messwert-list",
                    JSON,
                    _("Filterbar und seitenweise, siehe API-Dokumentation."),
                    datei=False,
                ),
            ],
        ),
    ]


ALLE_DATEN = Verteilung(
    _("Alle Daten (ZIP)"),
    "measures:offene-daten-zip",
    ZIP,
    _("Alle CSV-Dateien, die XLSX-Datei, das Konzept als JSON, der Katalog und die Lizenz."),
)
KATALOG = [
    Verteilung(_("Katalog (DCAT-AP.de, Turtle)"), "measures:offene-daten-katalog-ttl", TURTLE),
    Verteilung(_("Katalog (DCAT-AP.de, JSON-LD)"), "measures:offene-daten-katalog-jsonld", JSON_LD),
]


@dataclass
class Zeitangaben:
    erstellt: object = None  # dct:issued
    geaendert: object = None  # dct:modified
    von: object = None  # dct:temporal (Messwerte)
    bis: object = None


def _spanne(queryset, feld):
    werte = queryset.aggregate(erst=Min(feld), zuletzt=Max(feld))
    return werte["erst"], werte["zuletzt"]


def _neuestes(*werte):
    werte = [w for w in werte if w is not None]
    return max(werte) if werte else None


def zeitangaben(konzept):
    """``{dataset kennung: Zeitangaben}`` from history and data (a fixed number of queries)."""
    if konzept is None:
        return {}
    im_konzept = {"handlungsfeld__konzept": konzept}
    teilziele = _spanne(Teilziel.history.filter(**im_konzept), "history_date")
    handlungsfelder = _spanne(Handlungsfeld.objects.filter(konzept=konzept), "geaendert_am")
    massnahmen = _spanne(
        Massnahme.history.filter(teilziel__handlungsfeld__konzept=konzept), "history_date"
    )
    zustaendigkeiten = _spanne(
        Zustaendigkeit.history.filter(massnahme__teilziel__handlungsfeld__konzept=konzept),
        "history_date",
    )
    oeffentlich = {"indikator__in": Indikator.objects.oeffentlich()}
    messwerte = _spanne(Messwert.history.filter(**oeffentlich), "history_date")
    zeitraum = _spanne(Messwert.objects.filter(**oeffentlich), "datum")
    beschlossen = konzept.beschlossen_am
    return {
        "konzept": Zeitangaben(
            beschlossen,
            _neuestes(konzept.geaendert_am, handlungsfelder[1], teilziele[1], massnahmen[1]),
        ),
        "massnahmen": Zeitangaben(beschlossen, massnahmen[1] or konzept.geaendert_am),
        "zustaendigkeiten": Zeitangaben(beschlossen, zustaendigkeiten[1] or konzept.geaendert_am),
        "indikatoren": Zeitangaben(messwerte[0], messwerte[1], *zeitraum),
    }
