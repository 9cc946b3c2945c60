"""The note to the Büro and the attachments never leave the Büro and the reporting Akteur:
not on public pages, not in the API (for nobody, own Akteur included), not in the reports'
data, not in exports (issue 14)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from berichte.data import AKTEUR, Berichtsauftrag, sammeln
from measures import anhaenge, sachstaende
from measures.export import konzept_export
from measures.resources import MassnahmeResource
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

NOTIZ = "GEHEIM-Notiz-7f3a"
DATEI = "geheimer-bericht"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLLEN = [None, "partner_a", "partner_b", "buergerschaft", "buero"]


@pytest.fixture(autouse=True)
def anhang_ordner(tmp_path, settings):
    settings.ANHANG_ROOT = tmp_path


@pytest.fixture
def plan(personen):
    plan = plan_anlegen(personen)
    # One approved (public) and one waiting Sachstand of A on 5.2-1a, both with note and file.
    for freigeben in (True, False):
        s = b.sachstand(
            plan.a, personen.akteur_a, personen.partner_a, notiz_an_buero=NOTIZ, text="Öffentlich"
        )
        upload = SimpleUploadedFile(f"{DATEI}.pdf", PDF, content_type="application/pdf")
        anhaenge.speichern(s, [upload])
        if freigeben:
            sachstaende.freigeben(s, personen.buero)
    return plan


def anmelden(client, personen, wer):
    if wer:
        client.force_login(getattr(personen, wer))


@pytest.mark.parametrize("wer", ROLLEN)
def test_public_pages_never_show_note_or_attachment(client, personen, plan, wer):
    anmelden(client, personen, wer)
    seiten = [
        plan.a.get_absolute_url(),
        reverse("measures:massnahmen"),
        reverse("measures:overview"),
        personen.akteur_a.get_absolute_url(),
        reverse("measures:handlungsfeld", kwargs={"nummer": "5.2"}),
    ]
    for url in seiten:
        antwort = client.get(url)
        assert antwort.status_code == 200, url
        inhalt = antwort.content.decode()
        assert NOTIZ not in inhalt, url
        assert DATEI not in inhalt, url
        assert "/anhaenge/" not in inhalt, url


@pytest.mark.parametrize("wer", ROLLEN)
def test_api_never_carries_note_or_attachment(client, personen, plan, wer):
    anmelden(client, personen, wer)
    for url in ("/api/v1/sachstaende/", "/api/v1/massnahmen/", "/api/v1/konzept/"):
        antwort = client.get(url)
        assert antwort.status_code == 200, url
        inhalt = antwort.content.decode()
        assert NOTIZ not in inhalt, url
        assert "notiz_an_buero" not in inhalt, url
        assert DATEI not in inhalt, url


def test_api_sachstand_detail_of_own_akteur_has_no_note(client, personen, plan):
    client.force_login(personen.partner_a)
    daten = client.get("/api/v1/sachstaende/").json()
    zeilen = daten["results"] if isinstance(daten, dict) else daten
    assert zeilen
    for zeile in zeilen:
        assert "notiz_an_buero" not in zeile
        detail = client.get(f"/api/v1/sachstaende/{zeile['id']}/")
        assert NOTIZ not in detail.content.decode()


@pytest.mark.parametrize("intern", [False, True])
@pytest.mark.parametrize("art", ["gesamt", AKTEUR])
def test_report_data_never_reads_note_or_attachments(plan, personen, intern, art):
    auftrag = Berichtsauftrag(
        art=art, akteur=personen.akteur_a.slug if art == AKTEUR else None, intern=intern
    )
    with CaptureQueriesContext(connection) as abfragen:
        bericht = sammeln(auftrag, indikatoren=lambda handlungsfelder: {})
    sql = " ".join(q["sql"] for q in abfragen.captured_queries)
    assert "notiz_an_buero" not in sql
    assert "measures_anhang" not in sql
    assert NOTIZ not in repr(bericht)


def test_exports_never_carry_note(plan):
    assert NOTIZ not in json.dumps(konzept_export(), ensure_ascii=False, default=str)
    assert NOTIZ not in MassnahmeResource().export().csv
