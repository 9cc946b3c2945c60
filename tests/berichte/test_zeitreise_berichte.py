"""Reports are true at their Stichtag (issue 15): yesterday's report shows yesterday's values,
and a closed round's report stays the same text whatever is changed afterwards."""

import io
import re
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from berichte.data import AKTEUR, Berichtsauftrag, sammeln
from berichte.render import html_erzeugen, pdf_erzeugen
from measures import berichtsrunden, sachstaende
from measures.choices import Ampel, Status
from measures.models import Berichtsstand, Massnahme, Sachstand
from tests import builders as b
from tests.berichte.bericht_szenario import szenario_anlegen
from tests.zeitreise_szenario import (
    ALTER_WORTLAUT,
    AMT_ALT,
    AMT_NEU,
    NEUER_WORTLAUT,
    NEUES_AMT,
    VEREIN,
    gestern_um,
    heute_aendern,
    zeitreise_anlegen,
)
from tests.zwei_ausgaben import zwei_ausgaben_anlegen


def keine_grafiken(handlungsfelder):
    return {}


def _zeilen(bericht):
    return {z.massnahme.referenz: z for blk in bericht.handlungsfelder for z in blk.zeilen}


def _text(html):
    """The report's text without markup and without the line that says when it was made."""
    ohne_datum = re.sub(r"<dt>Erstellt am</dt>\s*<dd>[^<]*</dd>", "", html)
    ohne_datum = re.sub(r'<meta name="dcterms.created"[^>]*>', "", ohne_datum)
    return " ".join(re.sub(r"<[^>]+>", " ", ohne_datum).split())


def _pdf_text(bericht):
    reader = PdfReader(io.BytesIO(pdf_erzeugen(bericht).pdf))
    text = " ".join((seite.extract_text() or "") for seite in reader.pages)
    return re.sub(r"Erstellt am \S+ \S+ \d{4}", "", " ".join(text.split()))


def _kompakt(text):
    return "".join(text.split()).replace("\u2010", "")


@pytest.fixture
def z(db):
    return zeitreise_anlegen()


def test_bericht_von_gestern_zeigt_die_werte_von_gestern(z):
    heute_aendern(z)
    bericht = sammeln(Berichtsauftrag(stichtag=z.gestern), indikatoren=keine_grafiken)
    zeilen = _zeilen(bericht)
    a, bb = zeilen["5.2 / 1 a"], zeilen["5.2 / 1 b"]
    assert (a.status, a.fortschritt, a.text) == (Status.IN_PLANUNG, 30, ALTER_WORTLAUT)
    assert [x.name for x in a.federfuehrend] == [AMT_ALT]
    assert [x.name for x in a.beteiligt] == [VEREIN]
    assert [x.name for x in bb.federfuehrend] == [VEREIN]
    assert bericht.fortschritt == pytest.approx(45)  # (30 + 60) / 2, not today's 80
    assert dict(bericht.nach_status) == {Status.IN_PLANUNG: 1, Status.IN_UMSETZUNG: 1}

    html = html_erzeugen(bericht)
    assert ALTER_WORTLAUT in html and NEUER_WORTLAUT not in html
    assert AMT_NEU not in html and NEUES_AMT not in html
    pdf = _kompakt(_pdf_text(bericht))
    assert _kompakt(ALTER_WORTLAUT) in pdf
    assert _kompakt(NEUER_WORTLAUT) not in pdf
    assert _kompakt(AMT_NEU) not in pdf

    heute = _zeilen(sammeln(Berichtsauftrag(), indikatoren=keine_grafiken))["5.2 / 1 a"]
    assert (heute.status, heute.text) == (Status.UMGESETZT, NEUER_WORTLAUT)
    assert [x.name for x in heute.federfuehrend] == [AMT_NEU, NEUES_AMT]


def test_akteur_bericht_von_gestern_nach_den_zustaendigkeiten_von_gestern(z):
    heute_aendern(z)
    gestern = sammeln(
        Berichtsauftrag(art=AKTEUR, akteur=z.verein.slug, stichtag=z.gestern),
        indikatoren=keine_grafiken,
    )
    heute = sammeln(Berichtsauftrag(art=AKTEUR, akteur=z.verein.slug), indikatoren=keine_grafiken)
    assert set(_zeilen(gestern)) == {"5.2 / 1 a", "5.2 / 1 b"}
    assert set(_zeilen(heute)) == {"5.2 / 1 b"}
    amt = sammeln(
        Berichtsauftrag(art=AKTEUR, akteur=z.amt.slug, stichtag=z.gestern),
        indikatoren=keine_grafiken,
    )
    assert amt.untertitel == AMT_ALT
    assert [a.name for a, _zeilen in amt.akteure] == [AMT_ALT]


def test_stichtag_vor_dem_anlegen_zeigt_keine_massnahmen(z):
    vorgestern = date.fromordinal(z.gestern.toordinal() - 1)
    bericht = sammeln(Berichtsauftrag(stichtag=vorgestern), indikatoren=keine_grafiken)
    assert _zeilen(bericht) == {}
    assert bericht.fortschritt is None


@pytest.fixture
def s(personen):
    return szenario_anlegen(personen)


def test_stichtag_juni_2025_zeigt_juni_und_vergleicht_mit_der_runde_davor(s):
    bericht = sammeln(Berichtsauftrag(stichtag=date(2025, 6, 30)), indikatoren=keine_grafiken)
    zeile = _zeilen(bericht)["5.2 / 1 a"]
    assert (zeile.status, zeile.ampel, zeile.fortschritt) == (
        Status.IN_UMSETZUNG,
        Ampel.GEFAEHRDET,
        50,
    )
    # Compared with the round before the Stichtag (31.12.2024), not with today.
    assert bericht.vergleichsrunde == s.runde_2024
    [aenderung] = bericht.aenderungen
    assert aenderung.zuwachs == 40
    zeile_html = _zeilen_html(html_erzeugen(bericht), "5.2 / 1 a")
    assert "in Umsetzung" in zeile_html and "umgesetzt" not in zeile_html
    assert "50" in zeile_html and "100" not in zeile_html


def _zeilen_html(html, referenz):
    start = html.index(f'<th scope="row">{referenz}</th>')
    return html[start : html.index("</tr>", start)]


def _runde_gestern_geschlossen(z):
    with time_machine.travel(gestern_um(11), tick=False):
        runde = b.berichtsrunde("Berichtsrunde gestern", stichtag=z.gestern, faellig_am=z.gestern)
        berichtsrunden.oeffnen(runde, mails=False)
    with time_machine.travel(gestern_um(12), tick=False):
        berichtsrunden.schliessen(runde)
    return runde


def test_bericht_einer_geschlossenen_runde_bleibt_derselbe_text(z):
    runde = _runde_gestern_geschlossen(z)
    auftrag = Berichtsauftrag(berichtsrunde=runde.pk)
    vorher = sammeln(auftrag, indikatoren=keine_grafiken)
    html_vorher, pdf_vorher = _text(html_erzeugen(vorher)), _pdf_text(vorher)
    assert ALTER_WORTLAUT in html_vorher and VEREIN in html_vorher

    heute_aendern(z)
    nachher = sammeln(auftrag, indikatoren=keine_grafiken)
    assert _text(html_erzeugen(nachher)) == html_vorher
    assert _pdf_text(nachher) == pdf_vorher
    assert NEUER_WORTLAUT not in html_vorher and AMT_NEU not in html_vorher


def test_alte_berichtsstaende_ohne_vollen_stand_kommen_aus_der_geschichte(z):
    runde = b.berichtsrunde("Alte Runde", stichtag=z.gestern, faellig_am=z.gestern)
    for m in Massnahme.objects.all():
        b.berichtsstand(runde, m, status=m.status, ampel=m.ampel, fortschritt=m.fortschritt)
    runde.status = "geschlossen"
    runde.save()
    assert not Berichtsstand.objects.filter(vollstaendig=True).exists()
    auftrag = Berichtsauftrag(berichtsrunde=runde.pk)
    vorher = _text(html_erzeugen(sammeln(auftrag, indikatoren=keine_grafiken)))
    heute_aendern(z)
    bericht = sammeln(auftrag, indikatoren=keine_grafiken)
    assert _text(html_erzeugen(bericht)) == vorher
    zeile = _zeilen(bericht)["5.2 / 1 a"]
    assert zeile.text == ALTER_WORTLAUT
    assert [x.name for x in zeile.federfuehrend] == [AMT_ALT]


def test_zwei_ausgaben_bericht_von_gestern_nur_die_aktuelle(personen):
    with time_machine.travel(gestern_um(10), tick=False):
        zwei = zwei_ausgaben_anlegen(personen)
    zwei.m_neu.text = "Heute geändert"
    zwei.m_neu.save()
    gestern = gestern_um().date()
    bericht = sammeln(Berichtsauftrag(stichtag=gestern), indikatoren=keine_grafiken)
    zeilen = _zeilen(bericht)
    assert set(zeilen) == {"5.2 / 1 a", "5.2 / 1 b"}
    assert zeilen["5.2 / 1 a"].massnahme == zwei.m_neu
    assert zeilen["5.2 / 1 a"].text == "Maßnahme von 2020"


def test_runde_zeigt_den_festgehaltenen_sachstand(personen):
    z = zeitreise_anlegen()
    with time_machine.travel(gestern_um(11), tick=False):
        runde = b.berichtsrunde("Runde", stichtag=z.gestern, faellig_am=z.gestern)
        berichtsrunden.oeffnen(runde, mails=False)
        b.zustaendigkeit(z.m_a, personen.akteur_a)
        s = sachstaende.einreichen(
            personen.partner_a,
            z.m_a,
            datum=z.gestern.isoformat(),
            status=Status.IN_PLANUNG,
            ampel=Ampel.IM_PLAN,
            fortschritt=30,
            text="Gemeldet zum Stichtag",
        )
        sachstaende.freigeben(s, personen.buero)
        berichtsrunden.schliessen(runde)
    # Even if the stored text is erased later (Art. 17), the round's report keeps its copy.
    Sachstand.objects.filter(pk=s.pk).update(text="")
    zeile = _zeilen(sammeln(Berichtsauftrag(berichtsrunde=runde.pk), indikatoren=keine_grafiken))[
        "5.2 / 1 a"
    ]
    assert (zeile.sachstand_text, zeile.sachstand_akteur) == ("Gemeldet zum Stichtag", "Amt A")


def _abfragen(auftrag):
    with CaptureQueriesContext(connection) as abfragen:
        sammeln(auftrag, indikatoren=keine_grafiken)
    return len(abfragen)


def test_bericht_zu_vergangenem_stichtag_in_festen_abfragen(z):
    auftraege = [
        Berichtsauftrag(stichtag=z.gestern),
        Berichtsauftrag(art=AKTEUR, akteur=z.verein.slug, stichtag=z.gestern),
    ]
    wenige = [_abfragen(a) for a in auftraege]
    with time_machine.travel(gestern_um(9), tick=False):
        tz2 = b.teilziel(z.hf, 2, "Noch ein Teilziel")
        for i in range(10):
            m = b.massnahme(tz2, f"z{i}", text=f"Mehr {i}")
            b.zustaendigkeit(m, z.verein, federfuehrend=True)
    assert [_abfragen(a) for a in auftraege] == wenige
