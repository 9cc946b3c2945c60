"""/offene-daten/: the page of the open-data offer, its downloads, the zip and the catalogue.

Only public data of the current Konzept (``Konzept.objects.aktuell()``), the same for everyone:
the rows come from measures/export.py, the indicator CSVs from monitoring/views.py, every CSV
through the one writer ``tabellen.csv_zeilen`` (formula cells neutralised). Each download names
its licence in a ``Link`` header (rel="license"); the zip carries it as LIZENZ.txt.
"""

import json
import tempfile
import zipfile

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from concept import lizenz
from integration_portal import tabellen
from measures.export import (
    konzept_export,
    massnahmen_des_konzepts,
    massnahmen_tabelle,
    zustaendigkeiten_tabelle,
)
from monitoring.models import Indikator
from monitoring.views import csv_antwort, download_kopf, json_antwort, oeffentliche_messwerte
from portal import katalog, katalog_rdf

XLSX_TYP = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABELLEN = {"massnahmen": massnahmen_tabelle, "zustaendigkeiten": zustaendigkeiten_tabelle}

# What the data offer changed, newest first; shown on the page (a short, honest list, from the
# commits that changed it).
AENDERUNGEN = [
    (
        "2026-12-01",
        gettext_lazy(
            "Seite „Offene Daten“; Lizenz dl-by-de/2.0 in jedem Download, in der API und im "
            "OpenAPI-Schema; Katalog nach DCAT-AP.de; Maßnahmen und Zuständigkeiten als CSV und "
            "XLSX; jede CSV auch für deutsches Excel; alle Daten als ZIP. Die Messwert-CSV hat "
            "neue Spalten (indikator_name, einheit, datumsart, zeitraum); „datum“ ist jetzt immer "
            "ein ganzes Datum."
        ),
    ),
    (
        "2026-12-01",
        gettext_lazy(
            "Messwert-Downloads: Text, der wie eine Formel beginnt, wird mit einem Apostroph "
            "entschärft."
        ),
    ),
    (
        "2026-11-25",
        gettext_lazy(
            "REST-API /api/v1/ mit OpenAPI-Schema, das ganze Konzept als JSON, Messwerte der "
            "Indikatoren als CSV und JSON (wieder importierbar)."
        ),
    ),
]


def _lizenz_blatt():
    """The second sheet of an XLSX download: the licence, as in LIZENZ.txt."""
    return _("Lizenz"), lizenz.lizenz_text().splitlines()


class OffeneDatenView(TemplateView):
    template_name = "portal/offene_daten.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        absolut = self.request.build_absolute_uri
        context.update(
            datensaetze=katalog.datensaetze(),
            alle_daten=katalog.ALLE_DATEN,
            kataloge=katalog.KATALOG,
            lizenz=lizenz,
            aenderungen=AENDERUNGEN,
            api_basis=absolut("/api/v1/"),
            beispiel_massnahmen=absolut("/api/v1/massnahmen/?handlungsfeld=5.2&ampel=gefaehrdet"),
            beispiel_konzept=absolut("/api/v1/konzept/?download=1"),
            beispiel_messwerte=absolut("/api/v1/messwerte/?indikator=auslaenderanteil"),
            beispiel_csv=absolut(reverse("measures:offene-daten-massnahmen-csv")),
            beispiel_csv_excel=absolut(reverse("measures:offene-daten-massnahmen-csv-excel")),
            beispiel_indikatoren=absolut(reverse("monitoring:alle-csv")),
        )
        return context


class TabelleDownloadView(View):
    """``tabelle`` (massnahmen, zustaendigkeiten) as CSV, CSV for German Excel or XLSX."""

    tabelle = "massnahmen"
    format = "csv"  # "csv", "excel" (CSV for German Excel) or "xlsx"

    def get(self, request):
        kopf, zeilen = TABELLEN[self.tabelle]()
        if self.format == "xlsx":
            inhalt = tabellen.xlsx_inhalt(
                kopf, zeilen, titel=self.tabelle, hinweise=_lizenz_blatt()
            )
            return download_kopf(
                HttpResponse(inhalt, content_type=XLSX_TYP), f"{self.tabelle}.xlsx"
            )
        excel = self.format == "excel"
        text = tabellen.csv_zeilen(kopf, zeilen, excel_deutsch=excel)
        antwort = StreamingHttpResponse(text, content_type="text/csv; charset=utf-8")
        return download_kopf(antwort, f"{self.tabelle}{'-excel' if excel else ''}.csv")


def _inhalt(antwort):
    """The bytes of a (streaming) response, piece by piece."""
    if antwort.streaming:
        yield from antwort.streaming_content
    else:
        yield antwort.content


def _dateien(request):
    """``(name in the zip, byte pieces)`` of every file of „alle Daten“."""
    massnahmen = massnahmen_des_konzepts()  # read once for both tables
    for name, tabelle in TABELLEN.items():
        kopf, zeilen = tabelle(massnahmen)
        yield f"{name}.csv", (t.encode() for t in tabellen.csv_zeilen(kopf, zeilen))
        yield (
            f"{name}-excel.csv",
            (t.encode() for t in tabellen.csv_zeilen(kopf, zeilen, excel_deutsch=True)),
        )
        yield (
            f"{name}.xlsx",
            [tabellen.xlsx_inhalt(kopf, zeilen, titel=name, hinweise=_lizenz_blatt())],
        )
    yield "indikatoren.csv", _inhalt(csv_antwort(oeffentliche_messwerte(), "indikatoren"))
    yield (
        "indikatoren-excel.csv",
        _inhalt(csv_antwort(oeffentliche_messwerte(), "indikatoren", excel_deutsch=True)),
    )
    indikatoren = Indikator.objects.oeffentlich().select_related("verantwortlich")
    indikatoren = indikatoren.prefetch_related(
        "handlungsfelder", "teilziele__handlungsfeld", "ziele"
    )
    yield (
        "indikatoren.json",
        _inhalt(json_antwort(list(indikatoren), oeffentliche_messwerte(), "indikatoren")),
    )
    yield (
        "integrationskonzept.json",
        [json.dumps(konzept_export(), ensure_ascii=False, indent=1).encode()],
    )
    yield "katalog.ttl", [katalog_rdf.als_turtle(request).encode()]
    yield "LIZENZ.txt", [_liesmich().encode()]


ZIP_DATEIEN = [
    "massnahmen.csv",
    "massnahmen-excel.csv",
    "massnahmen.xlsx",
    "zustaendigkeiten.csv",
    "zustaendigkeiten-excel.csv",
    "zustaendigkeiten.xlsx",
    "indikatoren.csv",
    "indikatoren-excel.csv",
    "indikatoren.json",
    "integrationskonzept.json",
    "katalog.ttl",
    "LIZENZ.txt",
]


def _liesmich():
    zeilen = [
        _("Offene Daten des Integrationsportals Rostock"),
        "",
        lizenz.lizenz_text(),
        _("Dateien:"),
        *(f"- {name}" for name in ZIP_DATEIEN),
        "",
        _(
            "Dateien mit -excel.csv: Semikolon, Dezimalkomma, UTF-8 mit BOM (für deutsches "
            "Excel). Die anderen CSV-Dateien: Komma, Dezimalpunkt, ISO-Daten."
        ),
    ]
    return "\n".join(zeilen) + "\n"


class AlleDatenView(View):
    """Every file of the offer in one zip, written to a temporary file (memory stays bounded:
    the indicator CSV streams row by row into the zip) and sent from there."""

    def get(self, request):
        # Closed by FileResponse when the last byte is sent, hence no ``with``.
        datei = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        with zipfile.ZipFile(datei, "w", compression=zipfile.ZIP_DEFLATED) as archiv:
            for name, stuecke in _dateien(request):
                with archiv.open(name, "w") as ziel:
                    for stueck in stuecke:
                        ziel.write(stueck if isinstance(stueck, bytes) else stueck.encode())
        datei.seek(0)
        antwort = FileResponse(datei, content_type="application/zip")
        return download_kopf(antwort, "integrationsportal-rostock-daten.zip")


class KatalogView(View):
    """The DCAT-AP.de catalogue as Turtle or JSON-LD."""

    format = "ttl"

    def get(self, request):
        if self.format == "jsonld":
            inhalt, typ = katalog_rdf.als_jsonld(request), "application/ld+json"
        else:
            inhalt, typ = katalog_rdf.als_turtle(request), "text/turtle"
        antwort = HttpResponse(inhalt, content_type=f"{typ}; charset=utf-8")
        antwort["Link"] = lizenz.link_kopf()
        return antwort
