"""What a council member reads first, read back from the PDFs (pypdf).

„Auf einen Blick“ (kritisch and überfällig measures with titles, the Büro's summary, the
Handlungsfelder that moved most), assessments and Ampel mix per Handlungsfeld, the changes annex
in its groups, German order in Anhang A, the internal variant's title, no contents page for a
small report, both Teilziel values in an Akteur-Bericht, indicators as figures or charts.
"""

import re

import pytest
from django.db import transaction

from berichte.data import AKTEUR, Berichtsauftrag, sammeln
from berichte.render import pdf_erzeugen
from tests.berichte.bericht_szenario import szenario_anlegen
from tests.berichte.inhalt_szenario import (
    AKTEURE_DEUTSCH,
    EINSCHAETZUNG_ARBEIT,
    EINSCHAETZUNG_GESAMT,
    inhalt_anlegen,
)
from tests.berichte.test_reports_pdf import Pdf
from tests.people import personen_anlegen

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pdfs(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        personen = personen_anlegen()
        s = szenario_anlegen(personen)
        inhalt_anlegen(s, personen.buero)
        auftraege = {
            "gesamt": Berichtsauftrag(),
            "intern": Berichtsauftrag(intern=True),
            "verein": Berichtsauftrag(art=AKTEUR, akteur=s.verein_b.slug),
            "klein": Berichtsauftrag(
                art=AKTEUR, akteur=s.amt_a.slug, berichtsrunde=s.runde_2024.pk
            ),
        }
        ergebnisse = {name: Pdf(pdf_erzeugen(sammeln(a)).pdf) for name, a in auftraege.items()}
        transaction.set_rollback(True)
    return ergebnisse


def _seite_mit(pdf, text):
    return next(i for i, seite in enumerate(pdf.seiten) if text in seite)


def _abschnitt(pdf, ueberschrift):
    """The text (whitespace collapsed) of the pages from the one headed ``ueberschrift`` on."""
    erste = next(i for i, s in enumerate(pdf.seiten) if s.lstrip().startswith(ueberschrift))
    return " ".join(" ".join(pdf.seiten[erste:]).split())


def _blick(pdf):
    nummer = _seite_mit(pdf, "Auf einen Blick")
    assert nummer in (1, 2)  # page 2 or 3
    return " ".join(pdf.seiten[nummer].split())


def test_auf_einen_blick_nennt_kritische_und_ueberfaellige_massnahmen_mit_titel(pdfs):
    blick = _blick(pdfs["gesamt"])
    kritisch = blick[blick.index("Ampel „kritisch“: 1 Maßnahme") : blick.index("Überfällig")]
    assert "5.2 / 2 a Anerkennungsberatung bündeln" in kritisch
    ueberfaellig = blick[blick.index("Überfällig: 1 Maßnahme") :]
    assert "5.2 / 1 b Mentoring für Neuzugewanderte" in ueberfaellig
    assert "5.2 / 2 a" not in ueberfaellig


def test_auf_einen_blick_fortschritt_bewegung_legende_und_einschaetzung(pdfs):
    blick = _blick(pdfs["gesamt"])
    assert re.search(
        r"Fortschritt insgesamt: \d+ % \([+−±]\d+ Prozentpunkte seit Berichtsrunde 2025\)", blick
    )
    bewegt = blick[blick.index("Am stärksten verändert seit Berichtsrunde 2025") :]
    # 5.3 fell by 20 points, 5.2 rose by 15: the larger move first, with its sign.
    assert re.search(
        r"5\.3 Integration durch Sprache: −20 Prozentpunkte \(von 60 % auf 40 %\)", bewegt
    )
    assert re.search(r"5\.2 Arbeit und Qualifizierung: \+15 Prozentpunkte", bewegt)
    assert bewegt.index("5.3 Integration") < bewegt.index("5.2 Arbeit")
    assert "Einschätzung des Büros für Integration" in blick
    assert EINSCHAETZUNG_GESAMT in blick
    assert "alert" not in pdfs["gesamt"].text  # the stored script is gone
    for wort in ("✓ im Plan", "! gefährdet", "✕ kritisch", "○ nicht begonnen", "● umgesetzt"):
        assert wort in blick


def test_einschaetzung_und_ampel_mix_je_handlungsfeld(pdfs):
    gesamt = pdfs["gesamt"]
    arbeit = " ".join(gesamt.seiten[_seite_mit(gesamt, "Leitziel")].split())
    assert "Einschätzung des Büros" in arbeit and EINSCHAETZUNG_ARBEIT in arbeit
    # 5.2: 1 a im Plan, 1 b unbewertet, 2 a kritisch, 2 b unbewertet (entfallen).
    assert "Ampeln der Maßnahmen: 1 ✓ im Plan, 1 ✕ kritisch, 2 – unbewertet" in arbeit
    # The unapproved assessment of 5.3 is not shown.
    assert not gesamt.enthaelt("Noch nicht freigegeben.")
    seite = gesamt.seiten[_seite_mit(gesamt, "Fortschritt und Ampeln je")]
    zusammenfassung = " ".join(seite.split())
    assert re.search(r"5\.3 Integration durch Sprache 1 40 % 1 ✓ im Plan", zusammenfassung)


def test_veraenderungen_stehen_gruppiert_im_anhang_mit_titel(pdfs):
    gesamt = pdfs["gesamt"]
    zusammenfassung = _abschnitt(gesamt, "Zusammenfassung")
    zusammenfassung = zusammenfassung[: zusammenfassung.index("Fortschritt des Handlungsfelds")]
    assert "verschlechtert: 1 verbessert: 1 neu umgesetzt: 1" in zusammenfassung
    assert "Anhang C: Veränderungen im Einzelnen" in zusammenfassung
    assert "5.2 / 1 a" not in zusammenfassung  # the rows are in the annex

    anhang = _abschnitt(gesamt, "Anhang C: Veränderungen im Einzelnen")
    verschlechtert = anhang[anhang.index("verschlechtert (1)") : anhang.index("verbessert (1)")]
    verbessert = anhang[anhang.index("verbessert (1)") : anhang.index("neu umgesetzt (1)")]
    neu = anhang[anhang.index("neu umgesetzt (1)") :]
    assert "5.3 / 1 a Sprachkitas ausbauen" in verschlechtert
    assert "60 % → 40 % (−20 Prozentpunkte)" in verschlechtert
    assert "5.2 / 1 b Mentoring für Neuzugewanderte" in verbessert
    assert "5.2 / 1 a Berufssprachkurse in allen Stadtteilen anbieten" in neu
    assert "in Umsetzung → umgesetzt" in neu
    assert "Anhang C: Veränderungen im Einzelnen" in gesamt.lesezeichen()


def test_anhang_a_in_deutscher_reihenfolge(pdfs):
    anhang = _abschnitt(pdfs["gesamt"], "Anhang A: Akteure und ihre Maßnahmen")
    anhang = anhang[: anhang.index("Anhang B")]
    namen = ["Amt A", *AKTEURE_DEUTSCH, "Verein B"]
    positionen = [anhang.index(f"{name} 5.") for name in namen]
    assert positionen == sorted(positionen), namen
    assert anhang.index("Ärztekammer") < anhang.index("Hanse-Jobcenter")


def test_interne_fassung_sagt_es_im_titel(pdfs):
    assert "(intern)" in pdfs["intern"].reader.metadata.title
    assert "interne Fassung" in pdfs["intern"].seiten[0]
    assert "intern" not in pdfs["gesamt"].reader.metadata.title
    assert "interne Fassung" not in pdfs["gesamt"].seiten[0]


def test_kleiner_bericht_ohne_inhaltsverzeichnis(pdfs):
    klein, gesamt = pdfs["klein"], pdfs["gesamt"]
    assert "Inhalt" in [z.strip() for z in gesamt.seiten[2].splitlines()]
    assert not any("Inhalt" in [z.strip() for z in seite.splitlines()] for seite in klein.seiten)
    # Title, Auf einen Blick, Zusammenfassung, 5.2, Anhang A, Anhang B: one page each.
    assert len(klein.seiten) == 6
    assert "Auf einen Blick" in klein.seiten[1]


def test_akteur_bericht_zeigt_teilziel_gesamt_und_die_massnahmen_des_akteurs(pdfs):
    text = pdfs["verein"].fliesstext
    tabelle = text[text.index("Teilziele des Handlungsfelds 5.2 mit Fortschritt") :]
    assert tabelle.startswith(
        "Teilziele des Handlungsfelds 5.2 mit Fortschritt Nr. Teilziel Teilziel gesamt "
        "Maßnahmen dieses Akteurs"
    )
    # Teilziel 1: 1 a (100 %) and 1 b (30 %) → 65 %; Verein B has only 1 b.
    assert "1 Berufsbezogene Sprachförderung ausbauen 65 % 30 %" in tabelle


def test_indikator_mit_einem_wert_als_kennzahl_mit_quelle_und_warnung(pdfs):
    text = pdfs["gesamt"].fliesstext
    assert "Einbürgerungen 412 Personen (2017) – Quelle: Standesamt Rostock" in text
    assert "Achtung: letzter Wert von 2017" in text
    # The course indicator is a chart (an image with its description), the single value not.
    assert "Sprachkurse in Kitas" in text
