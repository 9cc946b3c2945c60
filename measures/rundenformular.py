"""The round form: everything an Akteur owes in the open round, on one page (issue 14).

One row per Berichtsanfrage of the Akteur. A row already answered shows what was sent; a row
whose last Sachstand was sent back starts from that Sachstand and shows the Büro's comment; the
others start from the Maßnahme's current state. What is typed can be kept as a draft
(``RundenEntwurf``, without files) or submitted at once through
``sachstaende.runde_einreichen`` (all rows or none). Who fills it in is a ``Meldende``: a
member's account or a contact's personal link; the page is the same for both.
"""

import re
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from concept.textlaengen import NOTIZ, SACHSTAND
from measures import sachstaende, sachstand_zusaetze
from measures.berichtsrunden import ANTWORT_STATUS
from measures.choices import Ampel, Pruefstatus, Status
from measures.forms import MeilensteinFelderMixin, ZusatzFelderMixin
from measures.models import Berichtsanfrage, RundenEntwurf, Sachstand
from measures.permissions import akteure_von
from measures.rundenzugaenge import rundenformular_url  # noqa: F401 (the helper for other pages)


@dataclass
class Meldende:
    """Who fills in the form: an account (``user``) or a personal link (``zugang``)."""

    user: object = None
    zugang: object = None

    def darf(self, akteur):
        """May report for ``akteur`` (a link: only for its own Akteur, checked when opened)."""
        if self.zugang is not None:
            return self.zugang.akteur_id == akteur.pk
        return akteure_von(self.user).filter(pk=akteur.pk).exists()

    @property
    def ansprechperson(self):
        return self.zugang.ansprechperson if self.zugang is not None else None


class MehrereDateien(forms.ClearableFileInput):
    allow_multiple_selected = True


class MehrereDateienFeld(forms.FileField):
    """Several files in one input (Django docs, "Uploading multiple files")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MehrereDateien())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MehrereDateienFeld, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


# The row's typed fields, kept in a draft (files are not).
ENTWURF_FELDER = {"status": 40, "ampel": 40, "fortschritt": 10, "text": SACHSTAND}
ENTWURF_FELDER["notiz_an_buero"] = NOTIZ
# The row's milestone fields (MeilensteinFelderMixin) are kept in a draft too.
ENTWURF_MEILENSTEIN_RE = re.compile(r"^(meilenstein_\d+|neu_\d+_titel|neu_\d+_faellig_am)$")
ENTWURF_MEILENSTEIN_LAENGE = 200


class ZeilenForm(ZusatzFelderMixin, MeilensteinFelderMixin, forms.Form):
    """One row. Its rules are the model's: the service runs ``full_clean`` on each Sachstand.

    ``meilensteine``: the measure's Meilensteine; ``gemeldet``: what a sent-back Sachstand
    reported on them (the row starts from it). ``zahlfelder``/``gemeldete_zahlen``: the
    measure's figures (Leistung indicators) and what the sent-back Sachstand reported.
    """

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    ampel = forms.ChoiceField(label=_("Ampel"), choices=Ampel.choices)
    fortschritt = forms.IntegerField(
        label=_("Fortschritt (%)"),
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
    )
    text = forms.CharField(
        label=_("Sachstand"),
        required=False,
        max_length=SACHSTAND,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wird nach der Freigabe öffentlich angezeigt."),
    )
    notiz_an_buero = forms.CharField(
        label=_("Notiz an das Büro"),
        required=False,
        max_length=NOTIZ,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nur für das Büro für Integration; wird nie veröffentlicht."),
    )
    anhaenge = MehrereDateienFeld(
        label=_("Anhänge"),
        required=False,
        help_text=_(
            "PDF, Bilder oder Office-Dokumente, höchstens 5 Dateien. Anhänge werden erst beim "
            "Einreichen gespeichert, nicht im Entwurf."
        ),
    )

    def __init__(
        self, *args, meilensteine=(), gemeldet=(), zahlfelder=(), gemeldete_zahlen=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.meilenstein_felder_anlegen(meilensteine, gemeldet)
        self.zusatz_felder_anlegen(zahlfelder, gemeldete_zahlen)

    def clean(self):
        cleaned = super().clean()
        cleaned["meilenstein_meldungen"] = self.clean_meilensteine()
        cleaned["zusaetze"] = self.clean_zusaetze()
        return cleaned

    def hauptfelder(self):
        eigene = {*self.meilenstein_feldnamen, *self.zusatz_feldnamen}
        return [f for f in self if f.name not in eigene]

    def ist_ausgefuellt(self):
        """Filled: something typed or attached, a milestone reported, or status/Ampel/progress
        changed."""
        daten = self.cleaned_data
        if any(daten.get(f) for f in ("text", "notiz_an_buero", "anhaenge")):
            return True
        if daten.get("meilenstein_meldungen"):
            return True
        if any(daten.get("zusaetze", {}).values()):
            return True
        return any(f in self.changed_data for f in ("status", "ampel", "fortschritt"))

    def eintrag(self, anfrage_id):
        d = self.cleaned_data
        return sachstaende.RundenEintrag(
            anfrage_id=anfrage_id,
            status=d["status"],
            ampel=d["ampel"],
            fortschritt=d["fortschritt"],
            text=d["text"],
            notiz_an_buero=d["notiz_an_buero"],
            anhaenge=d["anhaenge"],
            meilenstein_meldungen=d["meilenstein_meldungen"],
            zusaetze=d["zusaetze"],
        )


@dataclass
class Zeile:
    anfrage: Berichtsanfrage
    antwort: Sachstand | None = None  # sent in this round and not returned: read-only
    zurueck: Sachstand | None = None  # the last one sent back: the new one starts from it
    form: ZeilenForm | None = None

    @property
    def massnahme(self):
        return self.anfrage.massnahme

    @property
    def prefix(self):
        return f"z{self.anfrage.pk}"

    def startwerte(self):
        if self.zurueck is not None:
            quelle = self.zurueck
            return {f: getattr(quelle, f) for f in ENTWURF_FELDER}
        m = self.massnahme
        return {"status": m.status, "ampel": m.ampel, "fortschritt": m.fortschritt}


def zeilen(runde, akteur):
    """The Akteur's rows in the round, in the concept's order (two queries and the files)."""
    anfragen = list(
        Berichtsanfrage.objects.filter(berichtsrunde=runde, akteur=akteur)
        .select_related("massnahme__teilziel__handlungsfeld")
        # One query for every row's milestones, however many rows.
        .prefetch_related("massnahme__meilensteine")
        .order_by(
            "massnahme__teilziel__handlungsfeld__sortierung",
            "massnahme__teilziel__nummer",
            "massnahme__kennung",
            "pk",
        )
    )
    letzte = {}
    for s in (
        Sachstand.objects.filter(
            berichtsrunde=runde, akteur=akteur, massnahme__in=[a.massnahme_id for a in anfragen]
        )
        .prefetch_related("anhaenge")
        .order_by("eingereicht_am", "pk")
    ):
        letzte[s.massnahme_id] = s  # the latest wins
    ergebnis = []
    for anfrage in anfragen:
        s = letzte.get(anfrage.massnahme_id)
        zeile = Zeile(anfrage)
        if s is not None and s.pruefstatus in ANTWORT_STATUS:
            zeile.antwort = s
        elif s is not None and s.pruefstatus == Pruefstatus.ZURUECKGEGEBEN:
            zeile.zurueck = s
        ergebnis.append(zeile)
    return ergebnis


def entwurf(runde, akteur):
    return RundenEntwurf.objects.filter(berichtsrunde=runde, akteur=akteur).first()


def formulare_anlegen(offene, *, daten=None, dateien=None, gespeichert=None):
    """Give each open row its form: bound to the POST, else starting from the draft if any."""
    entwurfsdaten = gespeichert.daten if gespeichert is not None else {}
    # One query each for every row's figures and what sent-back rows reported.
    zahlfelder = sachstand_zusaetze.zahlfelder([z.massnahme.pk for z in offene])
    zurueck = [
        z.zurueck.pk for z in offene if z.zurueck is not None and zahlfelder.get(z.massnahme.pk)
    ]
    gemeldete_zahlen = sachstand_zusaetze.gemeldet(zurueck) if zurueck else {}
    for zeile in offene:
        initial = zeile.startwerte()
        initial.update(entwurfsdaten.get(str(zeile.anfrage.pk), {}))
        # A row the POST does not mention at all stays unbound: not filled, not checked.
        erwaehnt = daten is not None and any(
            k.startswith(f"{zeile.prefix}-") for k in [*daten, *(dateien or {})]
        )
        zeile.form = ZeilenForm(
            daten if erwaehnt else None,
            dateien if erwaehnt else None,
            prefix=zeile.prefix,
            initial=initial,
            meilensteine=zeile.massnahme.meilensteine.all(),
            gemeldet=zeile.zurueck.meilenstein_meldungen if zeile.zurueck is not None else (),
            zahlfelder=zahlfelder.get(zeile.massnahme.pk, ()),
            gemeldete_zahlen=gemeldete_zahlen.get(zeile.zurueck.pk if zeile.zurueck else None),
        )


def entwurf_speichern(runde, akteur, offene, daten, meldende):
    """Keep what was typed in the open rows (as typed, unchecked, cut to the fields' lengths).

    Only fields the POST carries: a missing one keeps its starting value when the draft opens.
    """
    inhalt = {str(z.anfrage.pk): _entwurf_der_zeile(z, daten) for z in offene}
    RundenEntwurf.objects.update_or_create(
        berichtsrunde=runde,
        akteur=akteur,
        defaults={
            "daten": inhalt,
            "geaendert_von": meldende.user,
            "ansprechperson": meldende.ansprechperson,
        },
    )


def _entwurf_der_zeile(zeile, daten):
    werte = {
        feld: str(daten[f"{zeile.prefix}-{feld}"])[:laenge]
        for feld, laenge in ENTWURF_FELDER.items()
        if f"{zeile.prefix}-{feld}" in daten
    }
    for schluessel in daten:
        feld = schluessel.removeprefix(f"{zeile.prefix}-")
        if feld != schluessel and (
            ENTWURF_MEILENSTEIN_RE.match(feld) or sachstand_zusaetze.ist_formularname(feld)
        ):
            werte[feld] = str(daten[schluessel])[:ENTWURF_MEILENSTEIN_LAENGE]
    return werte


def einreichen(runde, akteur, offene, meldende):
    """Submit the filled rows: ``(sachstände, [])``, or ``(None, page messages)`` with each
    row's errors on its form (every row is checked, so all errors show at once)."""
    gebunden = [z for z in offene if z.form.is_bound]
    gueltig = [z.form.is_valid() for z in gebunden]
    if not all(gueltig):
        return None, [_("Bitte korrigieren Sie die markierten Zeilen.")]
    eintraege = [z.form.eintrag(z.anfrage.pk) for z in gebunden if z.form.ist_ausgefuellt()]
    try:
        ergebnis = sachstaende.runde_einreichen(
            runde, akteur, eintraege, user=meldende.user, zugang=meldende.zugang
        )
    except sachstaende.RundenFehler as fehler:
        for zeile in offene:
            if zeile.anfrage.pk in fehler.je_zeile:
                _fehler_an_form(zeile.form, fehler.je_zeile[zeile.anfrage.pk])
        meldungen = list(fehler.allgemein)
        if fehler.je_zeile:
            meldungen.insert(0, _("Bitte korrigieren Sie die markierten Zeilen."))
        return None, meldungen
    return ergebnis, []


def _fehler_an_form(form, fehler):
    je_feld = fehler.error_dict if hasattr(fehler, "error_dict") else {None: fehler.error_list}
    for feld, meldungen in je_feld.items():
        ziel = feld if feld in form.fields else None
        for meldung in meldungen:
            form.add_error(ziel, meldung)
