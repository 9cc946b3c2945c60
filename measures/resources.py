"""Export and import of the Maßnahmen list (django-import-export).

Export: one row per Maßnahme with reference, wording, state and the federführende Akteure, as
the list is currently filtered. Import: the staff fill in status, Ampel, progress and dates in a
spreadsheet (usually an earlier export) and load it back. Only those five columns are read; the
Maßnahme is found by its reference (``5.2 / 1 a`` or ``5.2-1a``) and never created.

Every row is validated like a form (``full_clean``); the admin first shows a preview (a dry run
in a transaction that is rolled back) with each bad row by number, and applies the file only as
a whole. Saving goes through ``measures.locking`` so an import bumps the version (no lost update
for someone editing at the same time) and writes a history record with the file as the reason.
"""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from measures import locking
from measures.choices import Ampel, Status
from measures.models import Massnahme

REFERENZ_RE = re.compile(
    r"^\s*(?P<handlungsfeld>\d+(?:\.\d+)*)\s*(?:/\s*|-)(?P<teilziel>\d+)\s*(?P<buchstabe>[a-z]+)\s*$",
    re.IGNORECASE,
)


class AuswahlWidget(widgets.Widget):
    """A choice field written as its German label; the stored value is accepted too."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        for wert, bezeichnung in self.choices:
            if text == wert or text.casefold() == str(bezeichnung).casefold():
                return wert
        raise ValueError(
            _("„%(wert)s“ ist kein gültiger Wert. Erlaubt: %(erlaubt)s.")
            % {"wert": text, "erlaubt": ", ".join(str(b) for _w, b in self.choices)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class DatumWidget(widgets.DateWidget):
    """German dates (31.12.2025) and ISO dates (2025-12-31); spreadsheet dates as they are."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.formats = ("%d.%m.%Y", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("„%(wert)s“ ist kein Datum (TT.MM.JJJJ).") % {"wert": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if isinstance(value, date) and not kwargs.get("force_native_type"):
            return value.strftime("%d.%m.%Y")
        return super().render(value, obj, **kwargs)


def massnahme_zur_referenz(referenz):
    """The Maßnahme a reference names, or a German ValidationError."""
    teile = REFERENZ_RE.match(str(referenz or ""))
    if not teile:
        raise ValidationError(
            _("„%(referenz)s“ ist keine Referenz wie „5.2 / 1 a“.") % {"referenz": referenz}
        )
    treffer = list(
        Massnahme.objects.im_aktuellen_konzept().filter(
            teilziel__handlungsfeld__nummer=teile["handlungsfeld"],
            teilziel__nummer=int(teile["teilziel"]),
            kennung=teile["buchstabe"].lower(),
        )[:2]
    )
    if not treffer:
        raise ValidationError(
            _("Keine Maßnahme mit der Referenz „%(referenz)s“.") % {"referenz": referenz}
        )
    if len(treffer) > 1:
        raise ValidationError(
            _("Die Referenz „%(referenz)s“ ist mehrdeutig (mehrere Konzepte).")
            % {"referenz": referenz}
        )
    return treffer[0]


class MassnahmeResource(resources.ModelResource):
    # Set per import run in ``before_import``.
    _grund = ""
    _benutzer = None

    referenz = fields.Field(
        attribute="referenz", column_name=gettext_lazy("Referenz"), readonly=True
    )
    handlungsfeld = fields.Field(
        attribute="teilziel__handlungsfeld__titel",
        column_name=gettext_lazy("Handlungsfeld"),
        readonly=True,
    )
    text = fields.Field(attribute="text", column_name=gettext_lazy("Maßnahme"), readonly=True)
    status = fields.Field(
        attribute="status", column_name=gettext_lazy("Status"), widget=AuswahlWidget(Status.choices)
    )
    ampel = fields.Field(
        attribute="ampel", column_name=gettext_lazy("Ampel"), widget=AuswahlWidget(Ampel.choices)
    )
    fortschritt = fields.Field(
        attribute="fortschritt",
        column_name=gettext_lazy("Fortschritt (%)"),
        widget=widgets.IntegerWidget(),
    )
    beginn = fields.Field(
        attribute="beginn", column_name=gettext_lazy("Beginn"), widget=DatumWidget()
    )
    zieldatum = fields.Field(
        attribute="zieldatum", column_name=gettext_lazy("Zieldatum"), widget=DatumWidget()
    )
    federfuehrend = fields.Field(column_name=gettext_lazy("federführend"), readonly=True)
    geaendert_am = fields.Field(
        attribute="geaendert_am",
        column_name=gettext_lazy("zuletzt geändert"),
        readonly=True,
        widget=widgets.DateTimeWidget(format="%d.%m.%Y %H:%M"),
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
        ]
        export_order = fields
        # All or nothing: the whole file runs in one transaction; the admin's preview is the
        # same run rolled back.
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_column_name_for_import(self):
        return str(self.fields["referenz"].column_name)

    def get_or_init_instance(self, instance_loader, row):
        # The import only updates: a row must name an existing Maßnahme.
        spalte = self.get_column_name_for_import()
        if spalte not in row:
            raise ValidationError(_("Die Spalte „%(spalte)s“ fehlt.") % {"spalte": spalte})
        return massnahme_zur_referenz(row[spalte]), False

    def dehydrate_federfuehrend(self, massnahme):
        # Uses the list's prefetch when exporting from the admin (see MassnahmeAdmin).
        federfuehrende = getattr(massnahme, "federfuehrende", None)
        if federfuehrende is None:
            federfuehrende = massnahme.zustaendigkeiten.filter(federfuehrend=True)
        return "; ".join(z.akteur.name for z in federfuehrende)

    def before_import(self, dataset, **kwargs):
        self._grund = _("Import aus „%(datei)s“") % {"datei": kwargs.get("file_name") or _("Datei")}
        self._benutzer = kwargs.get("user")

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        if self._benutzer is not None and self._benutzer.is_authenticated:
            instance._history_user = self._benutzer
        # The version read a moment ago in this transaction: a concurrent save makes the row
        # fail (and with it the whole import) instead of being overwritten.
        locking.speichern(instance, instance.version, grund=self._grund)
        self.after_save_instance(instance, row, **kwargs)
