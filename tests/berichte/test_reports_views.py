"""Downloading reports: who may have which, parameters, stored files, and the page with links.

The people of tests/people.py: everyone may download public reports; internal ones (with the
measures' internal notes) only the Bürgerschaft and the Büro — not the partners, not anonymous.
No request renders: the first one enqueues the rendering and gets "Der Bericht wird erstellt"
(202, refreshing itself); once the worker's task is done the file is served.
"""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from berichte.models import Berichtsdatei, DateiStatus
from measures import sachstaende
from measures.choices import Ampel, Pruefstatus, Status
from tests import builders as b
from tests.berichte.bericht_szenario import INTERNE_NOTIZ
from tests.berichte.conftest import inhalt

GESAMT = reverse("measures:bericht-gesamt")


def test_oeffentlicher_gesamtbericht_wird_erstellt_dann_als_echtes_pdf(client, s, holen):
    # The Stichtag of a closed Berichtsrunde: public (test_reports_zugang.py).
    erste, antwort = holen(GESAMT, {"stichtag": "2025-06-30"})

    assert erste.status_code == 202
    seite = erste.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in seite
    assert "Der Bericht wird erstellt" in seite
    assert "Gesamtbericht zum Stichtag 30. Juni 2025 (öffentliche Fassung)" in seite
    assert "lädt sich alle 3 Sekunden neu" in seite
    assert erste["Cache-Control"] == "no-store"
    # Whoever needs longer turns the reload off (WCAG 2.2.1): the link to the same report.
    assert f'href="{GESAMT}?stichtag=2025-06-30&amp;neu_laden=aus"' in seite

    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "application/pdf"
    assert antwort["Content-Disposition"] == (
        'attachment; filename="Fortschrittsbericht_Integrationskonzept_2025-06-30.pdf"'
    )
    assert antwort["Cache-Control"] == "public, max-age=300"
    datei = Berichtsdatei.objects.get()
    assert antwort["ETag"] == f'"{datei.schluessel}"'
    pdf = inhalt(antwort)
    text = "".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Fortschrittsbericht" in text
    assert "".join(INTERNE_NOTIZ.split()) not in text
    assert (datei.status, datei.groesse) == (DateiStatus.FERTIG, len(pdf))
    assert datei.seiten == len(PdfReader(io.BytesIO(pdf)).pages)
    assert datei.sekunden > 0 and datei.erstellt_am is not None
    assert datei.datei.name.endswith(f"{datei.schluessel}.pdf")

    # The browser's cache asks again with the ETag: nothing to send.
    nochmal = client.get(GESAMT, {"stichtag": "2025-06-30"}, HTTP_IF_NONE_MATCH=antwort["ETag"])
    assert nochmal.status_code == 304


def test_das_neuladen_laesst_sich_ausschalten(client, s, gerendert):
    ohne = client.get(GESAMT, {"stichtag": "2025-06-30", "neu_laden": "aus"})
    assert ohne.status_code == 202
    assert "http-equiv" not in ohne.content.decode()
    assert "automatische Neuladen ist ausgeschaltet" in ohne.content.decode()
    assert Berichtsdatei.objects.count() == 1  # the same report as without the parameter
    assert client.get(GESAMT, {"stichtag": "2025-06-30"}).status_code == 202
    assert Berichtsdatei.objects.count() == 1


def test_interner_bericht_anonym_zur_anmeldung(client, s, gerendert):
    antwort = client.get(GESAMT, {"intern": "1"})
    assert antwort.status_code == 302
    assert reverse("login") in antwort["Location"]
    assert gerendert == []
    assert not Berichtsdatei.objects.exists()


@pytest.mark.parametrize("wer", ["partner_a", "kollegin_a", "partner_b"])
def test_interner_bericht_nicht_fuer_netzwerkpartner(client, s, personen, gerendert, wer):
    client.force_login(getattr(personen, wer))
    assert client.get(GESAMT, {"intern": "1"}).status_code == 403
    assert gerendert == []
    assert not Berichtsdatei.objects.exists()


@pytest.mark.parametrize("wer", ["buergerschaft", "buero"])
def test_interner_bericht_fuer_buergerschaft_und_buero(client, s, personen, gerendert, holen, wer):
    client.force_login(getattr(personen, wer))
    erste, antwort = holen(GESAMT, {"intern": "1"})

    assert erste.status_code == 202
    assert "mit internen Notizen" in erste.content.decode()
    assert antwort.status_code == 200
    assert antwort["Cache-Control"] == "private, no-store"
    [bericht] = gerendert
    assert bericht.auftrag.intern
    zeilen = [z for blk in bericht.handlungsfelder for z in blk.zeilen]
    assert INTERNE_NOTIZ in {z.interne_notiz for z in zeilen}


def test_handlungsfeld_und_akteur_bericht(client, s, gerendert, holen):
    _erste, antwort = holen(reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "5.3"}))
    assert antwort.status_code == 200
    assert "Fortschrittsbericht_Handlungsfeld_5.3_" in antwort["Content-Disposition"]

    _erste, antwort = holen(reverse("measures:bericht-akteur", kwargs={"slug": s.amt_a.slug}))
    assert antwort.status_code == 200
    assert "Fortschrittsbericht_Akteur_amt-a_" in antwort["Content-Disposition"]

    _erste, auswahl = holen(reverse("measures:bericht-akteur-auswahl"), {"akteur": s.verein_b.slug})
    assert auswahl.status_code == 200
    assert [b.akteur for b in gerendert[1:]] == [s.amt_a, s.verein_b]


def test_berichtsrunde_als_parameter(client, s, gerendert, holen):
    erste, antwort = holen(GESAMT, {"berichtsrunde": s.runde_2024.pk})
    assert f"Gesamtbericht zur {s.runde_2024.titel}" in erste.content.decode()
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
    assert not Berichtsdatei.objects.exists()  # nothing enqueued


def test_unveraenderte_daten_kommen_aus_der_datei(client, s, gerendert, holen):
    assert holen(GESAMT)[1].status_code == 200
    assert holen(GESAMT)[0].status_code == 200  # at once, no second rendering
    assert len(gerendert) == 1

    s.m_1b.fortschritt = 30
    s.m_1b.save()
    erste, antwort = holen(GESAMT)
    assert (erste.status_code, antwort.status_code) == (202, 200)
    assert len(gerendert) == 2
    assert Berichtsdatei.objects.count() == 2


def test_neuer_sachstand_oder_berichtsstand_gibt_einen_neuen_bericht(
    client, s, personen, gerendert, holen
):
    holen(GESAMT)
    b.sachstand(
        s.m_sprache,
        s.verein_b,
        personen.partner_b,
        datum=date(2025, 1, 1),
        pruefstatus=Pruefstatus.FREIGEGEBEN,
        geprueft_von=personen.buero,
        geprueft_am=timezone.now(),
    )
    holen(GESAMT)
    neu = b.massnahme(s.m_1a.teilziel, "c")
    holen(GESAMT)
    # Berichtsstand rows have no history; their number and highest id join the data version.
    b.berichtsstand(s.runde_2024, neu)
    holen(GESAMT)
    holen(GESAMT)
    assert len(gerendert) == 4


def test_eingereichter_sachstand_laesst_den_bericht_gueltig_freigabe_nicht(
    client, s, personen, gerendert, holen
):
    """During a Berichtsrunde partners submit all day: only approvals change what reports show."""
    assert holen(GESAMT)[1].status_code == 200
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
    assert holen(GESAMT)[0].status_code == 200
    assert len(gerendert) == 1  # still the stored file

    sachstaende.freigeben(sachstand, personen.buero)
    assert holen(GESAMT)[1].status_code == 200
    assert len(gerendert) == 2
    neu = [
        z for blk in gerendert[1].handlungsfelder for z in blk.zeilen if z.massnahme == s.m_sprache
    ]
    assert neu[0].sachstand_text == "Korrigiert vor der Prüfung."


def test_wartender_bericht_wird_nur_einmal_in_auftrag_gegeben(
    client, s, gerendert, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as aufgaben:
        for _ in range(3):
            assert client.get(GESAMT).status_code == 202
    assert len(aufgaben) == 1  # one task for the three requests
    assert Berichtsdatei.objects.get().status == DateiStatus.WARTET


@pytest.fixture
def kaputt(monkeypatch):
    def pdf_erzeugen(bericht, **grenzen):
        raise RuntimeError("postgres://geheim@db/portal nicht erreichbar")

    monkeypatch.setattr("berichte.render.pdf_erzeugen", pdf_erzeugen)


def test_fehlgeschlagener_bericht_503_mit_neuem_versuch_nach_einer_weile(
    client, s, holen, kaputt, gerendert_spaeter, settings
):
    erste, antwort = holen(GESAMT)
    assert erste.status_code == 202
    assert antwort.status_code == 503
    assert antwort["Retry-After"] == str(settings.BERICHT_ERNEUT_SEKUNDEN)
    seite = antwort.content.decode()
    assert "Der Bericht konnte nicht erstellt werden" in seite
    assert f'href="{GESAMT}">Erneut versuchen' in seite
    assert "meta http-equiv" not in seite
    datei = Berichtsdatei.objects.get()
    assert datei.status == DateiStatus.FEHLER
    assert datei.fehler.startswith("RuntimeError")
    assert "geheim" not in datei.fehler  # the message may carry secrets: only in the log

    # Within the pause the failure stands; after it, the next request tries again.
    gerendert_spaeter()
    assert holen(GESAMT)[0].status_code == 503
    Berichtsdatei.objects.update(
        angefordert_am=timezone.now() - timedelta(seconds=settings.BERICHT_ERNEUT_SEKUNDEN)
    )
    erste, antwort = holen(GESAMT)
    assert (erste.status_code, antwort.status_code) == (202, 200)
    assert Berichtsdatei.objects.get().status == DateiStatus.FERTIG


@pytest.fixture
def gerendert_spaeter(monkeypatch):
    """Call it to let the rendering work again (after ``kaputt``)."""
    from berichte.render import Ergebnis

    def heilen():
        monkeypatch.setattr(
            "berichte.render.pdf_erzeugen",
            lambda bericht, **g: Ergebnis(
                pdf=b"%PDF-1.7 x", seiten=1, sekunden=0, speicher_kb=0, zuwachs_kb=0
            ),
        )

    return heilen


def test_verwaister_wartender_bericht_wird_erneut_in_auftrag_gegeben(
    client, s, gerendert, holen, settings
):
    """A worker died during the rendering: the row waits for ever unless a request re-enqueues."""
    assert client.get(GESAMT).status_code == 202  # enqueued, but the task never ran
    assert holen(GESAMT)[0].status_code == 202  # still within the pause: not again
    assert gerendert == []
    Berichtsdatei.objects.update(
        angefordert_am=timezone.now() - timedelta(seconds=settings.BERICHT_ERNEUT_SEKUNDEN)
    )
    erste, antwort = holen(GESAMT)
    assert (erste.status_code, antwort.status_code) == (202, 200)
    assert len(gerendert) == 1


def test_verlorene_datei_wird_neu_erstellt(client, s, gerendert, holen):
    holen(GESAMT)
    datei = Berichtsdatei.objects.get()
    datei.datei.storage.delete(datei.datei.name)
    erste, antwort = holen(GESAMT)
    assert (erste.status_code, antwort.status_code) == (202, 200)
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
    # A link with ``download`` would save the page "wird erstellt" as the file.
    assert " download>" not in inhalt

    client.force_login(personen.buergerschaft)
    assert "intern=1" in client.get(reverse("measures:berichte")).content.decode()


def test_berichte_seite_mit_fester_zahl_von_abfragen(client, s, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get(reverse("measures:berichte"))


def test_gespeicherter_bericht_mit_fester_zahl_von_abfragen(
    client, s, gerendert, holen, django_assert_max_num_queries
):
    holen(GESAMT)
    with django_assert_max_num_queries(3):  # session-less: Datenstand, the row
        assert client.get(GESAMT).status_code == 200


def test_bausteine_fuer_oeffentliche_seiten_und_admin(s):
    from django.template.loader import render_to_string

    hf = render_to_string("berichte/_download_links.html", {"handlungsfeld": s.hf_arbeit})
    assert reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "5.2"}) in hf
    akteur = render_to_string("berichte/_download_links.html", {"akteur": s.amt_a})
    assert reverse("measures:bericht-akteur", kwargs={"slug": "amt-a"}) in akteur

    admin = render_to_string("berichte/_admin_downloads.html", {"berichtsrunde": s.runde_2025})
    assert f"{GESAMT}?berichtsrunde={s.runde_2025.pk}&amp;intern=1" in admin
    assert " download>" not in admin
