"""Forms of the partner pages. Rules on who may submit live in sachstaende.py and permissions.py."""

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.defaultfilters import date as datum_format
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from integration_portal.sprachen import deutsch
from measures import anhaenge, meilenstein_meldungen, sachstand_zusaetze
from measures.models import Akteur, Sachstand


class MehrereDateienInput(forms.FileInput):
    # Django's documented way to take several files through one field.
    allow_multiple_selected = True


class MehrereDateienField(forms.FileField):
    """A list of uploads (possibly empty); each one checked by ``measures.anhaenge``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MehrereDateienInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        einzeln = super().clean
        if isinstance(data, list | tuple):
            return [einzeln(d, initial) for d in data if d]
        return [einzeln(data, initial)] if data else []


DATUM_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeilensteinFelderMixin:
    """The measure's milestones in a Sachstand form: mark an open one done, propose new ones.

    ``meilensteine``: the measure's Meilensteine; ``gemeldet``: the entries reported so far
    (when correcting). Adds one date field ``meilenstein_<pk>`` per open milestone and
    ``neu_<n>_titel``/``neu_<n>_faellig_am`` pairs; ``clean_meilensteine()`` checks them with the
    rules of measures/meilenstein_meldungen.py and returns the entries for the Sachstand.
    Shared by the Sachstand page and the round form (measures/rundenformular.py).
    """

    NEUE_ZEILEN = 1

    def meilenstein_felder_anlegen(self, meilensteine, gemeldet=()):
        self.meilensteine = list(meilensteine)
        self.meilenstein_feldnamen = []
        erledigt = {}
        neue = []
        for meldung in gemeldet or ():
            if "meilenstein" in meldung:
                erledigt[meldung["meilenstein"]] = meldung["erledigt_am"]
            else:
                neue.append(meldung)
        heute = timezone.localdate()
        for meilenstein in self.offene_meilensteine:
            name = f"meilenstein_{meilenstein.pk}"
            self.fields[name] = forms.DateField(
                # The milestone's own words stay German on English pages (lang="de").
                label=mark_safe(
                    conditional_escape(_("„%(titel)s“ erledigt am"))
                    % {"titel": deutsch(meilenstein.titel)}
                ),
                required=False,
                widget=DATUM_WIDGET,
                help_text=_("fällig am %(datum)s; leer lassen, solange er nicht erledigt ist.")
                % {"datum": datum_format(meilenstein.faellig_am, "DATE_FORMAT")},
                initial=erledigt.get(meilenstein.pk),
            )
            self.fields[name].widget.attrs["max"] = heute.isoformat()
            self.meilenstein_feldnamen.append(name)
        for n in range(max(self.NEUE_ZEILEN, len(neue))):
            vorher = neue[n] if n < len(neue) else {}
            self.fields[f"neu_{n}_titel"] = forms.CharField(
                label=_("Neuer Meilenstein: Titel"),
                required=False,
                max_length=meilenstein_meldungen.TITEL_LAENGE,
                help_text=_("Optional: ein weiterer Schritt, den das Büro übernehmen soll."),
                initial=vorher.get("titel"),
            )
            self.fields[f"neu_{n}_faellig_am"] = forms.DateField(
                label=_("Neuer Meilenstein: fällig am"),
                required=False,
                widget=DATUM_WIDGET,
                initial=vorher.get("faellig_am"),
            )
            self.meilenstein_feldnamen += [f"neu_{n}_titel", f"neu_{n}_faellig_am"]

    @property
    def offene_meilensteine(self):
        return [m for m in self.meilensteine if m.erledigt_am is None]

    @property
    def erledigte_meilensteine(self):
        return [m for m in self.meilensteine if m.erledigt_am is not None]

    def meilenstein_felder(self):
        return [self[name] for name in self.meilenstein_feldnamen]

    def meilensteine_ausgefuellt(self):
        return any(self.cleaned_data.get(name) for name in self.meilenstein_feldnamen)

    def clean_meilensteine(self):
        """The entries for ``Sachstand.meilenstein_meldungen``; errors go to their fields."""
        daten = self.cleaned_data
        meldungen = []
        for meilenstein in self.offene_meilensteine:
            name = f"meilenstein_{meilenstein.pk}"
            erledigt_am = daten.get(name)
            if not erledigt_am:
                continue
            fehler = meilenstein_meldungen.erledigt_fehler(meilenstein, erledigt_am)
            if fehler:
                self.add_error(name, fehler)
            else:
                meldungen.append(
                    {"meilenstein": meilenstein.pk, "erledigt_am": erledigt_am.isoformat()}
                )
        for name in self.meilenstein_feldnamen:
            if not (name.startswith("neu_") and name.endswith("_titel")):
                continue
            datum_name = name.removesuffix("_titel") + "_faellig_am"
            titel = (daten.get(name) or "").strip()
            faellig_am = daten.get(datum_name)
            if not titel and not faellig_am:
                continue
            fehler = meilenstein_meldungen.neu_fehler(titel, faellig_am)
            if fehler:
                self.add_error(datum_name if titel else name, fehler)
            else:
                meldungen.append({"titel": titel, "faellig_am": faellig_am.isoformat()})
        return meldungen

    def add_error(self, field, error):
        # The service's message about the entries as a whole (measures/sachstaende.py) belongs
        # to the form, not to a field of that name.
        if (
            field is None
            and hasattr(error, "error_dict")
            and meilenstein_meldungen.FELD in (error.error_dict)
        ):
            error = ValidationError(
                {
                    (NON_FIELD_ERRORS if k == meilenstein_meldungen.FELD else k): v
                    for k, v in error.error_dict.items()
                }
            )
        super().add_error(field, error)


class ZusatzFelderMixin:
    """Figures asked with a Sachstand for the apps above (measures/sachstand_zusaetze.py), e.g.
    a measure's Leistung indicators: one text field ``<feld>_<schluessel>`` per Zahlfeld.

    Text, not a number input: German writes ``12,5``, and the Zusatz's own rule reads it.
    ``clean_zusaetze()`` returns ``{feld: {schluessel: Decimal}}`` for the services; a bad value
    is an error at its field. Shared by the Sachstand page and the round form.
    """

    def zusatz_felder_anlegen(self, zahlfelder, gemeldet=None):
        self.zahlfelder = list(zahlfelder)
        gemeldet = gemeldet or {}
        for zahlfeld in self.zahlfelder:
            vorher = gemeldet.get(zahlfeld.feld, {}).get(zahlfeld.schluessel)
            self.fields[zahlfeld.formularname] = forms.CharField(
                label=zahlfeld.label,
                help_text=zahlfeld.hilfe,
                required=False,
                max_length=30,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 12}),
                initial=None if vorher is None else number_format(vorher.normalize()),
            )

    @property
    def zusatz_feldnamen(self):
        return [z.formularname for z in self.zahlfelder]

    def zusatz_felder(self):
        return [self[name] for name in self.zusatz_feldnamen]

    def clean_zusaetze(self):
        ergebnis = {z.feld: {} for z in self.zahlfelder}
        for zahlfeld in self.zahlfelder:
            roh = (self.cleaned_data.get(zahlfeld.formularname) or "").strip()
            if not roh:
                continue
            wert, fehler = sachstand_zusaetze.zahl(zahlfeld, roh)
            if fehler:
                self.add_error(zahlfeld.formularname, fehler)
            else:
                ergebnis[zahlfeld.feld][zahlfeld.schluessel] = wert
        return ergebnis


class SachstandForm(ZusatzFelderMixin, MeilensteinFelderMixin, forms.ModelForm):
    """Status, Ampel, progress, text and date of one Sachstand.

    ``akteure``: the Akteure the user may report for on this measure. With more than one the form
    asks which one the Sachstand is for; with one it is implied. Left out when correcting.
    The date, range and length rules are the model's (``Sachstand.clean`` and the field
    validators, run by the ModelForm); pass ``instance=Sachstand(massnahme=…)`` for a new one
    so that the rules that depend on the measure apply here too.
    """

    akteur = forms.ModelChoiceField(
        queryset=Akteur.objects.none(),
        label=_("Für welchen Akteur melden Sie?"),
        empty_label=None,
        required=False,
    )
    anhaenge = MehrereDateienField(
        label=_("Anhänge"),
    )
    ANHANG_HILFE = _(
        "Optional, höchstens %(anzahl)d Dateien zu je höchstens %(groesse)s: PDF, Bilder (PNG, "
        "JPEG, GIF, WebP) oder Office-Dokumente. Anhänge sieht nur das Büro für Integration und "
        "Ihr Akteur; sie werden nicht veröffentlicht."
    )

    class Meta:
        model = Sachstand
        fields = ["datum", "status", "ampel", "fortschritt", "text", "notiz_an_buero"]
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fortschritt": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "text": forms.Textarea(attrs={"rows": 8}),
            "notiz_an_buero": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"notiz_an_buero": _("Notiz an das Büro (wird nicht veröffentlicht)")}
        help_texts = {
            "datum": _("Auf welchen Tag bezieht sich der Sachstand?"),
            "ampel": _(
                "im Plan: läuft wie vorgesehen; gefährdet: Ziel oder Termin wackelt; "
                "kritisch: ohne Hilfe nicht zu schaffen."
            ),
            "fortschritt": _("Geschätzter Umsetzungsstand in Prozent (0 bis 100)."),
            "text": _(
                "Was ist seit dem letzten Sachstand geschehen, was ist als Nächstes geplant, "
                "wo hakt es? Der Text wird nach der Freigabe öffentlich angezeigt."
            ),
            "notiz_an_buero": _(
                "Was das Büro wissen sollte, aber nicht öffentlich werden soll, z. B. eine "
                "Rückfrage oder ein Hinweis zum Anhang."
            ),
        }

    # What a new Sachstand takes over from a sent-back one (measures/views/partner.py).
    VORLAGE_FELDER = ("status", "ampel", "fortschritt", "text", "notiz_an_buero")

    def __init__(
        self,
        *args,
        akteure=None,
        vorhandene_anhaenge=0,
        meilensteine=(),
        zahlfelder=(),
        gemeldete_zahlen=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.meilenstein_felder_anlegen(meilensteine, self.instance.meilenstein_meldungen)
        # ``zahlfelder``: sachstand_zusaetze.zahlfelder() of the measure; ``gemeldete_zahlen``:
        # what the corrected or sent-back Sachstand reported (sachstand_zusaetze.gemeldet()).
        self.zusatz_felder_anlegen(zahlfelder, gemeldete_zahlen)
        # Files already kept with the Sachstand count towards the limit when correcting.
        self.vorhandene_anhaenge = vorhandene_anhaenge
        self.fields["anhaenge"].help_text = self.ANHANG_HILFE % {
            "anzahl": anhaenge.HOECHSTZAHL,
            "groesse": filesizeformat(settings.ANHANG_MAX_BYTES),
        }
        akteure = list(akteure or [])
        if len(akteure) > 1:
            self.fields["akteur"].queryset = Akteur.objects.filter(pk__in=[a.pk for a in akteure])
            self.fields["akteur"].required = True
        else:
            del self.fields["akteur"]

    def clean_anhaenge(self):
        # Checked here, before anything is saved: a bad file leaves no Sachstand behind.
        uploads = self.cleaned_data["anhaenge"]
        frei = anhaenge.HOECHSTZAHL - self.vorhandene_anhaenge
        if len(uploads) > frei:
            raise ValidationError(
                _(
                    "Ein Sachstand hat höchstens %(anzahl)d Anhänge; Sie können noch "
                    "%(frei)d anhängen."
                )
                % {"anzahl": anhaenge.HOECHSTZAHL, "frei": max(frei, 0)}
            )
        anhaenge.pruefen(uploads)
        return uploads

    def clean(self):
        cleaned = super().clean()
        cleaned["meilenstein_meldungen"] = self.clean_meilensteine()
        cleaned["zusaetze"] = self.clean_zusaetze()
        return cleaned

    def hauptfelder(self):
        """The visible fields without the milestone and figure ones (groups of their own)."""
        eigene = {*self.meilenstein_feldnamen, *self.zusatz_feldnamen}
        return [f for f in self.visible_fields() if f.name not in eigene]

    def daten(self):
        """The fields for ``sachstaende.einreichen``/``aendern`` (without Akteur and files)."""
        daten = {feld: self.cleaned_data[feld] for feld in self.Meta.fields}
        daten["meilenstein_meldungen"] = self.cleaned_data["meilenstein_meldungen"]
        daten.update(self.cleaned_data["zusaetze"])
        return daten
