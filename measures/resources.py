"""Export of the Maßnahmen list (django-import-export's admin export page, our own writers).

One row per Maßnahme with reference, wording, state, the federführende Akteure and the
**Version** (``Massnahme.version``, the optimistic-locking counter of measures/locking.py), as
the list is currently filtered. The import (measures/importing.py) reads this file back and uses
the version to tell what changed since the export.

Three formats: CSV (comma, UTF-8), „CSV für Excel“ (what German Excel opens with a double
click: semicolon, decimal comma, UTF-8 with byte order mark) and XLSX. All are written by
integration_portal/tabellen.py, which neutralises cells that a spreadsheet would run as a formula.
"""

from datetime import date

from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from integration_portal import tabellen
from measures.choices import Ampel, Status
from measures.importing import SPALTE_REFERENZ, SPALTE_VERSION, SPALTEN
from measures.models import Massnahme


class AuswahlWidget(widgets.Widget):
    """A choice field written as its German label."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class DatumWidget(widgets.DateWidget):
    """German dates (31.12.2025) in CSV; real dates in XLSX."""

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, date) and not kwargs.get("force_native_type"):
            return value.strftime("%d.%m.%Y")
        return super().render(value, obj, **kwargs)


class MassnahmeResource(resources.ModelResource):
    referenz = fields.Field(attribute="referenz", column_name=SPALTE_REFERENZ, readonly=True)
    handlungsfeld = fields.Field(
        attribute="teilziel__handlungsfeld__titel",
        column_name=gettext_lazy("Handlungsfeld"),
        readonly=True,
    )
    text = fields.Field(attribute="text", column_name=gettext_lazy("Maßnahme"), readonly=True)
    status = fields.Field(
        attribute="status", column_name=SPALTEN["status"], widget=AuswahlWidget(Status.choices)
    )
    ampel = fields.Field(
        attribute="ampel", column_name=SPALTEN["ampel"], widget=AuswahlWidget(Ampel.choices)
    )
    fortschritt = fields.Field(
        attribute="fortschritt",
        column_name=SPALTEN["fortschritt"],
        widget=widgets.IntegerWidget(),
    )
    beginn = fields.Field(attribute="beginn", column_name=SPALTEN["beginn"], widget=DatumWidget())
    zieldatum = fields.Field(
        attribute="zieldatum", column_name=SPALTEN["zieldatum"], widget=DatumWidget()
    )
    federfuehrend = fields.Field(column_name=gettext_lazy("federführend"), readonly=True)
    geaendert_am = fields.Field(
        attribute="geaendert_am",
        column_name=gettext_lazy("zuletzt geändert"),
        readonly=True,
        widget=widgets.DateTimeWidget(format="%d.%m.%Y %H:%M"),
    )
    version = fields.Field(
        attribute="version",
        column_name=SPALTE_VERSION,
        readonly=True,
        widget=widgets.IntegerWidget(),
    )

    class Meta:
        model = Massnahme
        fields = [
            "referenz",
            "handlungsfeld",
            "text",
            "status",
            "ampel",
            "fortschritt",
            "beginn",
            "zieldatum",
            "federfuehrend",
            "geaendert_am",
            "version",
        ]
        export_order = fields

    def dehydrate_federfuehrend(self, massnahme):
        # Uses the list's prefetch when exporting from the admin (see MassnahmeAdmin).
        federfuehrende = getattr(massnahme, "federfuehrende", None)
        if federfuehrende is None:
            federfuehrende = massnahme.zustaendigkeiten.filter(federfuehrend=True)
        return "; ".join(z.akteur.name for z in federfuehrende)


# --- Formats of the export page -------------------------------------------------------------


class _Format(base_formats.Format):
    titel = ""
    endung = ""
    inhaltstyp = ""
    nativ = False  # XLSX keeps numbers and dates as such

    def get_title(self):
        return str(self.titel)

    def get_extension(self):
        return self.endung

    def get_content_type(self):
        return self.inhaltstyp

    def can_export(self):
        return True

    def is_binary(self):
        return True


class CSVFormat(_Format):
    titel = gettext_lazy("CSV (Komma, UTF-8)")
    endung = "csv"
    inhaltstyp = "text/csv; charset=utf-8"

    def export_data(self, dataset, **kwargs):
        return tabellen.csv_text(dataset.headers, dataset).encode("utf-8")


class CSVExcelFormat(CSVFormat):
    titel = gettext_lazy("CSV für Excel (Semikolon, Dezimalkomma)")

    def export_data(self, dataset, **kwargs):
        return tabellen.csv_text(dataset.headers, dataset, excel_deutsch=True).encode("utf-8")


class XLSXFormat(_Format):
    titel = gettext_lazy("XLSX (Excel)")
    endung = "xlsx"
    inhaltstyp = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    nativ = True

    def export_data(self, dataset, **kwargs):
        titel = str(Massnahme._meta.verbose_name_plural)
        return tabellen.xlsx_inhalt(dataset.headers, dataset, titel=titel)


EXPORTFORMATE = [CSVFormat, CSVExcelFormat, XLSXFormat]
