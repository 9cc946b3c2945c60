"""The data behind „Auf einen Blick“, the Ampel mix, the Teilziel values and the contents page."""

import pytest

from berichte.data import AKTEUR, HANDLUNGSFELD, Berichtsauftrag, sammeln
from berichte.veraenderungen import NEU_UMGESETZT, VERBESSERT, VERSCHLECHTERT
from measures.choices import Ampel
from tests.berichte.inhalt_szenario import EINSCHAETZUNG_ARBEIT, inhalt_anlegen


def keine_grafiken(handlungsfelder):
    return {}


@pytest.fixture
def s(s, personen):
    inhalt_anlegen(s, personen.buero)
    return s


def _bericht(**kwargs):
    return sammeln(Berichtsauftrag(**kwargs), indikatoren=keine_grafiken)


def _referenzen(zeilen):
    return [z.massnahme.referenz for z in zeilen]


def test_auf_einen_blick_heute(s):
    bericht = _bericht()
    blick = bericht.blick
    assert _referenzen(blick.kritisch) == ["5.2 / 2 a"]
    assert _referenzen(blick.ueberfaellig) == ["5.2 / 1 b"]
    assert blick.kritisch[0].kurztitel == "Anerkennungsberatung bündeln"
    assert [(b.handlungsfeld.nummer, round(b.zuwachs, 1)) for b in blick.bewegt] == [
        ("5.3", -20.0),
        ("5.2", 15.0),
    ]
    assert "Sorgenkind" in blick.einschaetzung.text
    assert [a.value for a in blick.legende_ampel] == list(Ampel.values)


def test_gruppen_der_veraenderungen(s):
    v = _bericht().veraenderungen
    assert _referenzen(a.zeile for a in v.gruppe(VERSCHLECHTERT).aenderungen) == ["5.3 / 1 a"]
    assert _referenzen(a.zeile for a in v.gruppe(VERBESSERT).aenderungen) == ["5.2 / 1 b"]
    assert _referenzen(a.zeile for a in v.gruppe(NEU_UMGESETZT).aenderungen) == ["5.2 / 1 a"]


def test_ampel_mix_und_einschaetzung_je_handlungsfeld(s):
    bericht = _bericht()
    arbeit = bericht.handlungsfelder[0]
    assert arbeit.handlungsfeld == s.hf_arbeit
    assert arbeit.ampel_mix == [(Ampel.IM_PLAN, 1), (Ampel.KRITISCH, 1), (Ampel.UNBEWERTET, 2)]
    assert EINSCHAETZUNG_ARBEIT in arbeit.einschaetzung.text
    assert bericht.handlungsfelder[1].einschaetzung is None  # submitted, not approved
    balken = {b.handlungsfeld.nummer: b for b in bericht.balken}
    assert balken["4.1.1"].ampel_mix == [] and balken["5.2"].anzahl == 4
    assert balken["5.2"].ampel_mix == arbeit.ampel_mix


def test_akteur_bericht_teilziel_gesamt_auch_in_einer_berichtsrunde(s):
    heute = _bericht(art=AKTEUR, akteur=s.verein_b.slug)
    [tz] = heute.handlungsfelder[0].teilziele
    assert (tz.fortschritt, tz.fortschritt_gesamt) == (30, pytest.approx(65))
    # Berichtsrunde 2025: 1 a stood at 50 %, 1 b at 20 %.
    runde = _bericht(art=AKTEUR, akteur=s.verein_b.slug, berichtsrunde=s.runde_2025.pk)
    [tz] = runde.handlungsfelder[0].teilziele
    assert (tz.fortschritt, tz.fortschritt_gesamt) == (20, pytest.approx(35))
    # Only the Akteur-Bericht needs the second value.
    assert _bericht().handlungsfelder[0].teilziele[0].fortschritt_gesamt is None


def test_inhaltsverzeichnis_erst_ab_sechs_eintraegen(s):
    assert _bericht().mit_inhaltsverzeichnis  # 2 + 2 sections + annex C + 2 = 7
    klein = _bericht(art=AKTEUR, akteur=s.amt_a.slug, berichtsrunde=s.runde_2024.pk)
    assert klein.anzahl_inhaltseintraege == 5 and not klein.mit_inhaltsverzeichnis
    hf = _bericht(art=HANDLUNGSFELD, handlungsfeld="5.3")
    assert hf.anzahl_inhaltseintraege == 6 and hf.mit_inhaltsverzeichnis  # with annex C
