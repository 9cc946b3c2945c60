"""Leistung figures reported with a Sachstand, and the Messwerte they become (issue 18).

A Maßnahme's Leistung indicators (``Wirkung`` → ``Indikator`` with ``art=leistung``) are asked
as number fields wherever a partner reports on the measure: the Sachstand page, the round form
and the API. ``measures`` may not import this app, so ``Leistungen`` is registered with
measures/sachstand_zusaetze.py in ``MonitoringConfig.ready()``; the figures are stored as
``Leistungsmeldung`` rows of the Sachstand and touch nothing else while it waits for review.

When the Büro approves the Sachstand (``measures.signale.sachstand_geprueft``), each
Leistungsmeldung becomes exactly one total ``Messwert`` of its indicator, dated the Stichtag of
the Sachstand's Berichtsrunde – a Sachstand outside any round is dated its own ``datum`` – with
the reporting Akteur as source. A later approved figure for the same indicator and date updates
that Messwert (its history keeps the old value). Sending the signal again changes nothing; a
returned Sachstand creates nothing.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from measures import sachstand_zusaetze, signale
from measures.choices import Pruefstatus
from monitoring.choices import Indikatorart, Zeitart
from monitoring.formatierung import GRENZE, datum_anzeige, einheit_text, wert_anzeige, zahl_parsen
from monitoring.models import Indikator, Leistungsmeldung, Messwert, Wirkung

FELD = "leistungen"


def leistungsindikatoren(massnahme_ids):
    """``{massnahme_id: [Indikator]}``: the public Leistung indicators the measures move.

    Internal indicators (``oeffentlich=False``) are the Büro's alone, so they are never asked
    of a partner.
    """
    ergebnis = {pk: [] for pk in massnahme_ids}
    wirkungen = (
        Wirkung.objects.filter(
            massnahme_id__in=massnahme_ids,
            indikator__art=Indikatorart.LEISTUNG,
            indikator__in=Indikator.objects.oeffentlich(),
        )
        .select_related("indikator")
        .order_by("indikator__sortierung", "indikator__name", "indikator_id")
    )
    for wirkung in wirkungen:
        ergebnis.setdefault(wirkung.massnahme_id, []).append(wirkung.indikator)
    return ergebnis


def zahl(stellen, roh):
    """A reported figure as a Decimal: not negative, at most ``stellen`` decimal places (the
    indicator's).

    Typed text follows the import's rule (``3,5`` and ``3.5``; monitoring/formatierung.py); a
    JSON number from the API is taken as it is. ValueError with a German message otherwise.
    """
    if isinstance(roh, bool) or not isinstance(roh, str | int | float | Decimal):
        raise ValueError(_("Bitte geben Sie eine Zahl an."))
    if isinstance(roh, str):
        wert = zahl_parsen(roh, nachkommastellen=stellen)
    else:
        try:
            wert = Decimal(str(roh))
        except InvalidOperation as exc:  # pragma: no cover - str() of a number is a number
            raise ValueError(_("Bitte geben Sie eine Zahl an.")) from exc
        if not wert.is_finite():
            raise ValueError(_("Bitte geben Sie eine Zahl an."))
        if -wert.normalize().as_tuple().exponent > stellen:
            raise ValueError(_("Die Zahl hat mehr als %(n)s Nachkommastellen.") % {"n": stellen})
        if abs(wert) >= GRENZE:
            raise ValueError(_("Die Zahl ist zu groß."))
    if wert < 0:
        raise ValueError(_("Die Zahl kann nicht negativ sein."))
    return wert


class Leistungen:
    """The Zusatz of measures/sachstand_zusaetze.py for Leistung indicators."""

    feld = FELD
    api_hilfe = _l(
        "Optional: Leistungszahlen der Maßnahme zum Stichtag der Berichtsrunde, ein Objekt aus "
        'Indikator-ID und Wert, z. B. {"12": 25} oder {"12": "12,5"}. Nur die '
        "Leistungsindikatoren der Maßnahme (/api/v1/indikatoren/?massnahme=…&art=leistung); "
        "wirksam erst mit der Freigabe durch das Büro."
    )

    def zahlfelder(self, massnahme_ids):
        ergebnis = {}
        for massnahme_id, indikatoren in leistungsindikatoren(massnahme_ids).items():
            ergebnis[massnahme_id] = [self._zahlfeld(i) for i in indikatoren]
        return ergebnis

    def _zahlfeld(self, indikator):
        einheit = einheit_text(indikator)
        label = f"{indikator.name} ({einheit})" if einheit else indikator.name
        return sachstand_zusaetze.Zahlfeld(
            feld=FELD,
            schluessel=indikator.pk,
            label=label,
            nachkommastellen=indikator.nachkommastellen,
            hilfe=_(
                "Leistungszahl zum Stichtag der Berichtsrunde: %(definition)s Leer lassen, wenn "
                "Sie sie nicht kennen. Sie wird nach der Freigabe im Monitoring veröffentlicht."
            )
            % {"definition": indikator.kurzdefinition},
        )

    def wert(self, zahlfeld, roh):
        return zahl(zahlfeld.nachkommastellen, roh)

    def speichern(self, paare):
        """Replace the figures of each Sachstand by the given ones (one DELETE, one INSERT)."""
        Leistungsmeldung.objects.filter(sachstand__in=[s for s, _w in paare]).delete()
        Leistungsmeldung.objects.bulk_create(
            [
                Leistungsmeldung(sachstand=sachstand, indikator_id=indikator_id, wert=wert)
                for sachstand, werte in paare
                for indikator_id, wert in werte.items()
            ]
        )

    def gemeldet(self, sachstand_ids):
        ergebnis = {}
        for meldung in Leistungsmeldung.objects.filter(sachstand_id__in=sachstand_ids):
            ergebnis.setdefault(meldung.sachstand_id, {})[meldung.indikator_id] = meldung.wert
        return ergebnis

    def pruefzeilen(self, sachstand):
        """Each figure with what approval does to the monitoring (new value or replacement)."""
        meldungen = list(
            sachstand.leistungsmeldungen.select_related("indikator", "messwert").order_by(
                "indikator__sortierung", "indikator__name"
            )
        )
        if not meldungen:
            return []
        datum = messdatum(sachstand)
        vorhanden = {
            m.indikator_id: m
            for m in Messwert.objects.filter(
                indikator__in=[m.indikator_id for m in meldungen], datum=datum, aufschluesselung=""
            ).select_related("indikator")
        }
        zeilen = []
        for meldung in meldungen:
            indikator = meldung.indikator
            wert = wert_anzeige(meldung.wert, indikator)
            tag = datum_anzeige(datum, Zeitart.STICHTAG)
            eigener = getattr(meldung, "messwert", None)
            alt = vorhanden.get(meldung.indikator_id)
            if eigener is not None:
                hinweis = _("als Messwert zum %(datum)s übernommen") % {
                    "datum": datum_anzeige(eigener.datum, eigener.zeitart)
                }
            elif alt is not None:
                hinweis = _(
                    "ersetzt mit der Freigabe den Messwert zum %(datum)s: %(alt)s (%(quelle)s)"
                ) % {
                    "datum": tag,
                    "alt": wert_anzeige(alt.wert, indikator, alt.genauigkeit),
                    "quelle": alt.quelle or "–",
                }
            else:
                hinweis = _("wird mit der Freigabe Messwert zum %(datum)s") % {"datum": tag}
            zeilen.append((indikator.name, wert, hinweis))
        return zeilen


def messdatum(sachstand):
    """The date a Sachstand's figures count for: its round's Stichtag, else its own date."""
    if sachstand.berichtsrunde_id:
        return sachstand.berichtsrunde.stichtag
    return sachstand.datum


@transaction.atomic
def uebernehmen(sachstand):
    """Turn an approved Sachstand's Leistungsmeldungen into Messwerte; returns those written.

    Idempotent: a Leistungsmeldung that already has its Messwert is left alone.
    """
    if sachstand.pruefstatus != Pruefstatus.FREIGEGEBEN:
        return []
    meldungen = list(
        sachstand.leistungsmeldungen.filter(messwert__isnull=True).select_related("indikator")
    )
    if not meldungen:
        return []
    datum = messdatum(sachstand)
    vorhanden = {
        m.indikator_id: m
        for m in Messwert.objects.select_for_update().filter(
            indikator__in=[m.indikator_id for m in meldungen], datum=datum, aufschluesselung=""
        )
    }
    akteur = sachstand.akteur
    grund = _("Leistungszahl aus dem Sachstand vom %(datum)s (%(akteur)s)") % {
        "datum": sachstand.datum.strftime("%d.%m.%Y"),
        "akteur": akteur,
    }
    geschrieben = []
    for meldung in meldungen:
        messwert = vorhanden.get(meldung.indikator_id) or Messwert(
            indikator=meldung.indikator, datum=datum, aufschluesselung=""
        )
        messwert.zeitart = Zeitart.STICHTAG
        messwert.wert = meldung.wert
        messwert.quelle_akteur = akteur
        messwert.quelle = akteur.name[: Messwert._meta.get_field("quelle").max_length]
        messwert.leistungsmeldung = meldung
        messwert._change_reason = grund
        messwert._history_user = sachstand.geprueft_von
        messwert.save()
        geschrieben.append(messwert)
    return geschrieben


@receiver(signale.sachstand_geprueft, dispatch_uid="monitoring_leistungen_uebernehmen")
def sachstand_geprueft(sender, sachstand, **kwargs):
    uebernehmen(sachstand)
