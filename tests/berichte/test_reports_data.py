"""What a report collects: state at a Stichtag or Berichtsrunde, changes, subsets, queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from berichte import abkuerzungen
from berichte.data import (
    AKTEUR,
    HANDLUNGSFELD,
    BerichtFehler,
    Berichtsauftrag,
    mittel_der_mittel,
    sammeln,
)
from concept.models import Handlungsfeld, Konzept
from measures.choices import Ampel, RundenStatus, Status
from measures.rollup import handlungsfeld_fortschritt, konzept_fortschritt
from tests import builders as b
from tests.berichte.bericht_szenario import (
    INTERNE_NOTIZ,
    SACHSTAND_ENTWURF,
    SACHSTAND_JUNI,
    SACHSTAND_SEPTEMBER,
    szenario_anlegen,
)


def keine_grafiken(handlungsfelder):
    return {}


@pytest.fixture
def s(personen):
    return szenario_anlegen(personen)


def _zeilen(bericht):
    return {z.massnahme.referenz: z for block in bericht.handlungsfelder for z in block.zeilen}


def test_gesamtbericht_zeigt_alle_handlungsfelder_und_den_heutigen_stand(s):
    bericht = sammeln(Berichtsauftrag(), indikatoren=keine_grafiken)

    assert [hf.nummer for hf, _f, _n in bericht.uebersicht] == ["4.1.1", "5.2", "5.3"]
    # Sections only for Handlungsfelder with goals.
    assert [blk.handlungsfeld.nummer for blk in bericht.handlungsfelder] == ["5.2", "5.3"]
    zeilen = _zeilen(bericht)
    assert zeilen["5.2 / 1 a"].status == Status.UMGESETZT
    assert [a.name for a in zeilen["5.2 / 1 b"].federfuehrend] == ["Verein B"]
    assert [a.name for a in zeilen["5.2 / 1 b"].beteiligt] == ["Amt A"]
    assert bericht.stichtag == date.today() or bericht.stichtag.year >= 2025
    assert dict(bericht.nach_status) == {
        Status.IN_PLANUNG: 1,
        Status.IN_UMSETZUNG: 1,
        Status.UMGESETZT: 1,
        Status.VERZOEGERT: 1,
        Status.ENTFALLEN: 1,
    }


def test_fortschritt_kommt_aus_dem_rollup_und_die_python_regel_stimmt_damit_ueberein(s):
    bericht = sammeln(Berichtsauftrag(), indikatoren=keine_grafiken)
    erwartet_konzept = Konzept.objects.annotate(f=konzept_fortschritt()).get(pk=s.konzept.pk).f
    erwartet_hf = dict(
        Handlungsfeld.objects.annotate(f=handlungsfeld_fortschritt()).values_list("pk", "f")
    )
    assert bericht.fortschritt == pytest.approx(erwartet_konzept)
    # 5.2: Teilziel 1 = (100 + 20) / 2 = 60, Teilziel 2 = 0 (entfallen does not count) → 30.
    assert bericht.handlungsfelder[0].fortschritt == pytest.approx(30)
    _tz, je_hf, gesamt = mittel_der_mittel(
        [z for blk in bericht.handlungsfelder for z in blk.zeilen]
    )
    assert gesamt == pytest.approx(erwartet_konzept)
    assert je_hf[s.hf_arbeit.pk] == pytest.approx(erwartet_hf[s.hf_arbeit.pk])


def test_letzter_freigegebener_sachstand_bis_zum_stichtag(s):
    heute = _zeilen(sammeln(Berichtsauftrag(), indikatoren=keine_grafiken))["5.2 / 1 a"]
    assert heute.sachstand_text == SACHSTAND_SEPTEMBER
    assert heute.sachstand_akteur == "Amt A"

    juli = _zeilen(sammeln(Berichtsauftrag(stichtag=date(2025, 7, 1)), indikatoren=keine_grafiken))
    assert juli["5.2 / 1 a"].sachstand_text == SACHSTAND_JUNI
    assert juli["5.2 / 1 a"].sachstand_datum == date(2025, 6, 15)
    # Never the unapproved one, and nothing before the first approval.
    mai = _zeilen(sammeln(Berichtsauftrag(stichtag=date(2025, 5, 1)), indikatoren=keine_grafiken))
    assert mai["5.2 / 1 a"].sachstand_text == ""
    assert SACHSTAND_ENTWURF not in {z.sachstand_text for z in juli.values()}


def test_berichtsrunde_zeigt_die_berichtsstaende_und_vergleicht_mit_der_vorigen(s):
    bericht = sammeln(Berichtsauftrag(berichtsrunde=s.runde_2025.pk), indikatoren=keine_grafiken)

    assert bericht.stichtag == date(2025, 6, 30)
    assert bericht.berichtsrunde == s.runde_2025
    assert bericht.vergleichsrunde == s.runde_2024
    zeile = _zeilen(bericht)["5.2 / 1 a"]
    assert (zeile.status, zeile.ampel, zeile.fortschritt) == (
        Status.IN_UMSETZUNG,
        Ampel.GEFAEHRDET,
        50,
    )
    assert zeile.sachstand_text == SACHSTAND_JUNI
    [aenderung] = bericht.aenderungen
    assert aenderung.zeile.massnahme == s.m_1a
    assert aenderung.status_vorher == Status.IN_PLANUNG
    assert aenderung.status_geaendert and aenderung.ampel_geaendert
    assert aenderung.zuwachs == 40
    # 5.2 went from (10+20)/2=15 and 0 → 7.5 to (50+20)/2=35 and 0 → 17.5; 5.3 stayed at 60.
    assert bericht.fortschritt_vorher == pytest.approx((7.5 + 60) / 2)
    assert bericht.fortschritt == pytest.approx((17.5 + 60) / 2)
    assert bericht.zuwachs == pytest.approx(5)


def test_heutiger_stand_wird_mit_der_letzten_geschlossenen_runde_verglichen(s):
    bericht = sammeln(Berichtsauftrag(), indikatoren=keine_grafiken)

    assert bericht.vergleichsrunde == s.runde_2025
    [aenderung] = bericht.aenderungen
    assert aenderung.status_vorher == Status.IN_UMSETZUNG
    assert aenderung.zeile.status == Status.UMGESETZT


def test_offene_berichtsrunde_ergibt_keinen_bericht(s):
    offen = b.berichtsrunde("Berichtsrunde 2026", status=RundenStatus.OFFEN)
    with pytest.raises(BerichtFehler):
        sammeln(Berichtsauftrag(berichtsrunde=offen.pk))


def test_akteur_bericht_enthaelt_genau_die_massnahmen_des_akteurs(s):
    bericht = sammeln(Berichtsauftrag(art=AKTEUR, akteur="Amt A"), indikatoren=keine_grafiken)

    assert set(_zeilen(bericht)) == {"5.2 / 1 a", "5.2 / 1 b"}
    assert [blk.handlungsfeld.nummer for blk in bericht.handlungsfelder] == ["5.2"]
    assert [blk.teilziel.nummer for blk in bericht.handlungsfelder[0].teilziele] == [1]
    [(akteur, zeilen)] = bericht.akteure
    assert (akteur.pk, akteur.name) == (s.amt_a.pk, "Amt A")
    assert [(z.massnahme.referenz, ffd) for z, ffd in zeilen] == [
        ("5.2 / 1 a", True),
        ("5.2 / 1 b", False),
    ]
    # Progress of the Akteur's own measures: (100 + 20) / 2.
    assert bericht.fortschritt == pytest.approx(60)
    assert bericht.dateiname.startswith("Fortschrittsbericht_Akteur_amt-a_")


def test_handlungsfeld_bericht_und_unbekanntes_handlungsfeld(s):
    bericht = sammeln(
        Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="5.3"), indikatoren=keine_grafiken
    )
    assert set(_zeilen(bericht)) == {"5.3 / 1 a"}
    assert bericht.fortschritt == pytest.approx(60)
    with pytest.raises(BerichtFehler):
        sammeln(Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="9.9"))


def test_handlungsfeld_bericht_ohne_eigene_ziele(s):
    bericht = sammeln(
        Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="4.1.1", stichtag=date(2025, 6, 30)),
        indikatoren=keine_grafiken,
    )
    [block] = bericht.handlungsfelder
    assert block.handlungsfeld == s.hf_ohne_ziele
    assert block.teilziele == []
    assert bericht.fortschritt is None
    assert bericht.dateiname == "Fortschrittsbericht_Handlungsfeld_4.1.1_2025-06-30.pdf"


def test_interne_notizen_nur_im_internen_bericht(s):
    oeffentlich = _zeilen(sammeln(Berichtsauftrag(), indikatoren=keine_grafiken))
    intern = _zeilen(sammeln(Berichtsauftrag(intern=True), indikatoren=keine_grafiken))
    assert oeffentlich["5.2 / 1 a"].interne_notiz == ""
    assert intern["5.2 / 1 a"].interne_notiz == INTERNE_NOTIZ


def test_dateiname_sagt_was_und_wann(s):
    bericht = sammeln(Berichtsauftrag(stichtag=date(2025, 6, 30)), indikatoren=keine_grafiken)
    assert bericht.dateiname == "Fortschrittsbericht_Integrationskonzept_2025-06-30.pdf"


def test_abkuerzungen_nur_die_vorkommenden():
    gefunden = abkuerzungen.gefundene(["Kurse des BAMF im SBZ", "EUROPA und GUVO M-V"])
    assert [k for k, _bedeutung in gefunden] == ["BAMF", "GUVO M-V", "SBZ"]


def _anzahl_abfragen(auftrag):
    with CaptureQueriesContext(connection) as abfragen:
        sammeln(auftrag, indikatoren=keine_grafiken)
    return len(abfragen)


@pytest.mark.parametrize(
    "auftrag",
    [
        Berichtsauftrag(),
        Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="5.1"),
        Berichtsauftrag(art=AKTEUR, akteur="plan-amt"),
    ],
    ids=["gesamt", "handlungsfeld", "akteur"],
)
def test_abfragen_wachsen_nicht_mit_den_daten(db, auftrag):
    amt = b.akteur("Plan-Amt", slug="plan-amt")
    verein = b.akteur("Plan-Verein")
    massnahmen = b.plan_mit_massnahmen(9, akteure=[amt, verein])
    runde = b.berichtsrunde(status=RundenStatus.GESCHLOSSEN)
    for m in massnahmen:
        b.berichtsstand(runde, m)
    klein = _anzahl_abfragen(auftrag)

    massnahmen = b.plan_mit_massnahmen(90, akteure=[amt, verein])
    # The ten times larger plan becomes the current Konzept (the most recently adopted).
    Konzept.objects.filter(pk=massnahmen[0].teilziel.handlungsfeld.konzept_id).update(
        beschlossen_am=date(2030, 1, 1)
    )
    for m in massnahmen:
        b.berichtsstand(runde, m)
    assert _anzahl_abfragen(auftrag) == klein
    # About ten for the report itself, plus the Büro's assessments (2), lateness (1) and the
    # comparison round per Handlungsfeld (1); an Akteur-Bericht also rolls up its Teilziele over
    # all their measures (4, berichte.data._teilziele_gesamt_eintragen).
    assert klein <= (18 if auftrag.art == AKTEUR else 14)
