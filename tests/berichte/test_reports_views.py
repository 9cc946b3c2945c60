"""Downloading reports: who may have which, parameters, cache, and the page with the links.

The people of tests/people.py: everyone may download public reports; internal ones (with the
measures' internal notes) only the Bürgerschaft and the Büro — not the partners, not anonymous.
"""

import contextlib
import io
import time
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from berichte import cache as bericht_cache
from measures import sachstaende
from measures.choices import Ampel, Pruefstatus, Status
from tests import builders as b
from tests.berichte.bericht_szenario import INTERNE_NOTIZ

GESAMT = reverse("measures:bericht-gesamt")


def test_oeffentlicher_gesamtbericht_fuer_alle_als_echtes_pdf(client, s):
    # The Stichtag of a closed Berichtsrunde: public (test_reports_zugang.py).
    antwort = client.get(GESAMT, {"stichtag": "2025-06-30"})

    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "application/pdf"
    assert antwort["Content-Disposition"] == (
        'attachment; filename="Fortschrittsbericht_Integrationskonzept_2025-06-30.pdf"'
    )
    text = "".join(PdfReader(io.BytesIO(antwort.content)).pages[0].extract_text().split())
    assert "Fortschrittsbericht" in text
    assert "".join(INTERNE_NOTIZ.split()) not in text


def test_interner_bericht_anonym_zur_anmeldung(client, s, gerendert):
    antwort = client.get(GESAMT, {"intern": "1"})
    assert antwort.status_code == 302
    assert reverse("login") in antwort["Location"]
    assert gerendert == []


@pytest.mark.parametrize("wer", ["partner_a", "kollegin_a", "partner_b"])
def test_interner_bericht_nicht_fuer_netzwerkpartner(client, s, personen, gerendert, wer):
    client.force_login(getattr(personen, wer))
    assert client.get(GESAMT, {"intern": "1"}).status_code == 403
    assert gerendert == []


@pytest.mark.parametrize("wer", ["buergerschaft", "buero"])
def test_interner_bericht_fuer_buergerschaft_und_buero(client, s, personen, gerendert, wer):
    client.force_login(getattr(personen, wer))
    antwort = client.get(GESAMT, {"intern": "1"})

    assert antwort.status_code == 200
    assert antwort["Cache-Control"] == "private, no-store"
    [bericht] = gerendert
    assert bericht.auftrag.intern
    zeilen = [z for blk in bericht.handlungsfelder for z in blk.zeilen]
    assert INTERNE_NOTIZ in {z.interne_notiz for z in zeilen}


def test_handlungsfeld_und_akteur_bericht(client, s, gerendert):
    antwort = client.get(reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "5.3"}))
    assert antwort.status_code == 200
    assert "Fortschrittsbericht_Handlungsfeld_5.3_" in antwort["Content-Disposition"]

    antwort = client.get(reverse("measures:bericht-akteur", kwargs={"slug": s.amt_a.slug}))
    assert antwort.status_code == 200
    assert "Fortschrittsbericht_Akteur_amt-a_" in antwort["Content-Disposition"]

    auswahl = client.get(reverse("measures:bericht-akteur-auswahl"), {"akteur": s.verein_b.slug})
    assert auswahl.status_code == 200
    assert [b.akteur for b in gerendert[1:]] == [s.amt_a, s.verein_b]


def test_berichtsrunde_als_parameter(client, s, gerendert):
    antwort = client.get(GESAMT, {"berichtsrunde": s.runde_2024.pk})
    assert antwort.status_code == 200
    assert gerendert[0].berichtsrunde == s.runde_2024
    assert antwort["Content-Disposition"].endswith('_2024-12-31.pdf"')


@pytest.mark.parametrize(
    ("url", "parameter", "status"),
    [
        (GESAMT, {"stichtag": "morgen"}, 400),
        (GESAMT, {"stichtag": "2025-06-30", "berichtsrunde": "1"}, 400),
        (GESAMT, {"berichtsrunde": "999"}, 400),
        (reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "9.9"}), {}, 404),
        (reverse("measures:bericht-akteur", kwargs={"slug": "gibt-es-nicht"}), {}, 404),
        (reverse("measures:bericht-akteur-auswahl"), {}, 404),
    ],
)
def test_ungueltige_anfragen(client, s, gerendert, url, parameter, status):
    assert client.get(url, parameter).status_code == status
    assert gerendert == []


def test_unveraenderte_daten_kommen_aus_dem_cache(client, s, gerendert):
    assert client.get(GESAMT).status_code == 200
    assert client.get(GESAMT).status_code == 200
    assert len(gerendert) == 1

    s.m_1b.fortschritt = 30
    s.m_1b.save()
    assert client.get(GESAMT).status_code == 200
    assert len(gerendert) == 2


def test_neuer_sachstand_oder_berichtsstand_erneuert_den_cache(client, s, personen, gerendert):
    client.get(GESAMT)
    b.sachstand(
        s.m_sprache,
        s.verein_b,
        personen.partner_b,
        datum=date(2025, 1, 1),
        pruefstatus=Pruefstatus.FREIGEGEBEN,
        geprueft_von=personen.buero,
        geprueft_am=timezone.now(),
    )
    client.get(GESAMT)
    neu = b.massnahme(s.m_1a.teilziel, "c")
    client.get(GESAMT)
    # Berichtsstand rows have no history; their number and highest id join the data version.
    b.berichtsstand(s.runde_2024, neu)
    client.get(GESAMT)
    client.get(GESAMT)
    assert len(gerendert) == 4


def test_eingereichter_sachstand_laesst_den_bericht_gueltig_freigabe_nicht(
    client, s, personen, gerendert
):
    """During a Berichtsrunde partners submit all day: only approvals change what reports show."""
    assert client.get(GESAMT).status_code == 200
    sachstand = sachstaende.einreichen(
        personen.partner_b,
        s.m_sprache,
        datum=date(2025, 1, 1),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.GEFAEHRDET,
        fortschritt=70,
        text="Neu eingereicht, noch nicht geprüft.",
    )
    sachstaende.aendern(personen.partner_b, sachstand, text="Korrigiert vor der Prüfung.")
    assert client.get(GESAMT).status_code == 200
    assert len(gerendert) == 1  # still the cached copy

    sachstaende.freigeben(sachstand, personen.buero)
    assert client.get(GESAMT).status_code == 200
    assert len(gerendert) == 2
    neu = [
        z for blk in gerendert[1].handlungsfelder for z in blk.zeilen if z.massnahme == s.m_sprache
    ]
    assert neu[0].sachstand_text == "Korrigiert vor der Prüfung."


def test_ausgelastet_antwortet_503_mit_retry_after(client, s, monkeypatch):
    def ausgelastet(auftrag, kontingent=None):
        raise bericht_cache.Ausgelastet

    monkeypatch.setattr("berichte.views.bericht_pdf", ausgelastet)
    antwort = client.get(GESAMT)
    assert antwort.status_code == 503
    assert int(antwort["Retry-After"]) <= 10


@pytest.fixture
def _alle_plaetze_belegt(settings, tmp_path):
    """Calling it takes every rendering slot (as another request would) until the test ends."""
    settings.BERICHT_PLATZ_ORDNER = str(tmp_path / "plaetze")
    with contextlib.ExitStack() as stapel:

        def belegen():
            assert stapel.enter_context(bericht_cache._plaetze.belegen(0))
            settings.BERICHT_WARTEZEIT = 0.05

        yield belegen


def test_belegter_platz_liefert_rasch_die_letzte_kopie(
    client, s, personen, gerendert, _alle_plaetze_belegt
):
    assert client.get(GESAMT).status_code == 200
    erste = client.get(GESAMT).content
    sachstand = b.sachstand(s.m_sprache, s.verein_b, personen.partner_b, datum=date(2025, 1, 1))
    sachstaende.freigeben(sachstand, personen.buero)
    _alle_plaetze_belegt()

    start = time.monotonic()
    antwort = client.get(GESAMT)
    assert time.monotonic() - start < 2
    assert antwort.status_code == 200
    assert antwort.content == erste  # the older copy, not rendered again …
    assert antwort["Cache-Control"] == "private, no-store"  # … and not kept by anyone
    assert len(gerendert) == 1

    # No older copy of that report: 503 at once, rather than a worker waiting.
    antwort = client.get(reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "5.2"}))
    assert antwort.status_code == 503
    assert len(gerendert) == 1


def test_alte_kopie_nur_kurz_und_nur_oeffentlich(
    client, s, personen, gerendert, monkeypatch, settings, _alle_plaetze_belegt
):
    client.force_login(personen.buero)
    client.get(GESAMT)
    client.get(GESAMT, {"intern": "1"})
    sachstand = b.sachstand(s.m_sprache, s.verein_b, personen.partner_b, datum=date(2025, 1, 1))
    sachstaende.freigeben(sachstand, personen.buero)
    _alle_plaetze_belegt()

    assert client.get(GESAMT, {"intern": "1"}).status_code == 503
    settings.BERICHT_VERALTET_SEKUNDEN = 300
    assert client.get(GESAMT).status_code == 200  # the public copy is young enough …
    echt = bericht_cache._jetzt
    monkeypatch.setattr(bericht_cache, "_jetzt", lambda: echt() + 301)
    # … five minutes later it is not
    assert client.get(GESAMT).status_code == 503
    assert len(gerendert) == 2


def test_berichte_seite_verlinkt_alle_berichte(client, s, personen):
    antwort = client.get(reverse("measures:berichte"))
    inhalt = antwort.content.decode()

    assert antwort.status_code == 200
    assert f'href="{GESAMT}"' in inhalt
    assert f'href="{GESAMT}?berichtsrunde={s.runde_2025.pk}"' in inhalt
    assert reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "5.2"}) in inhalt
    assert f'<option value="{s.amt_a.slug}">' in inhalt
    assert "Ohne Zuständigkeit" not in inhalt
    assert "intern=1" not in inhalt

    client.force_login(personen.buergerschaft)
    assert "intern=1" in client.get(reverse("measures:berichte")).content.decode()


def test_berichte_seite_mit_fester_zahl_von_abfragen(client, s, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("measures:berichte"))


def test_bausteine_fuer_oeffentliche_seiten_und_admin(s):
    from django.template.loader import render_to_string

    hf = render_to_string("berichte/_download_links.html", {"handlungsfeld": s.hf_arbeit})
    assert reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "5.2"}) in hf
    akteur = render_to_string("berichte/_download_links.html", {"akteur": s.amt_a})
    assert reverse("measures:bericht-akteur", kwargs={"slug": "amt-a"}) in akteur

    admin = render_to_string("berichte/_admin_downloads.html", {"berichtsrunde": s.runde_2025})
    assert f"{GESAMT}?berichtsrunde={s.runde_2025.pk}&amp;intern=1" in admin
