"""The public pages: the switch on the Handlungsfeld page, its page in Leichte Sprache, the
Leichte-Sprache page with the list – for every role, with the draft note until the review."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from leichte_sprache.models import Zusammenfassung
from tests import builders as b
from tests.leichte_sprache.szenario import plan_anlegen, zusammenfassung

pytestmark = pytest.mark.django_db

ENTWURF = "Entwurf – noch nicht von einer Prüfgruppe geprüft"
ROLLEN = [None, "partner_a", "partner_b", "buergerschaft", "buero"]


@pytest.fixture
def plan(personen):
    plan = plan_anlegen()
    plan.z_52 = zusammenfassung(plan.hf_52)
    return plan


def _seite(nummer):
    return reverse("measures:handlungsfeld-leichte-sprache", kwargs={"nummer": nummer})


def _anmelden(client, personen, rolle):
    if rolle:
        client.force_login(getattr(personen, rolle))


@pytest.mark.parametrize("rolle", ROLLEN)
def test_the_handlungsfeld_page_links_its_summary_for_everyone(client, plan, personen, rolle):
    _anmelden(client, personen, rolle)
    html = client.get("/handlungsfelder/5.2/").content.decode()
    assert f'href="{_seite("5.2")}"' in html
    assert "Dieses Handlungsfeld in Leichter Sprache" in html
    # No summary, no switch.
    assert "Leichter Sprache</a>" not in client.get("/handlungsfelder/5.3/").content.decode()


@pytest.mark.parametrize("rolle", ROLLEN)
def test_the_summary_page_shows_the_sentences_one_per_line_and_the_draft_note(
    client, plan, personen, rolle
):
    _anmelden(client, personen, rolle)
    antwort = client.get(_seite("5.2"))
    assert antwort.status_code == 200
    html = antwort.content.decode()
    assert "<p>Die Stadt will: Alle finden Arbeit.</p><p>Das ist wichtig.</p>" in html
    assert "<p>Das Jobcenter berät.</p>" in html
    assert "<p>Das Hanse-Jobcenter macht das.</p>" in html
    assert ENTWURF in html
    # The German sentences are marked as German, also on the English pages.
    assert html.count('<div lang="de">') == 3
    assert "<title>5.2 Arbeit und Qualifizierung – Leichte Sprache" in html


def test_the_draft_note_goes_when_the_review_is_set(client, plan):
    assert ENTWURF in client.get(_seite("5.2")).content.decode()
    plan.z_52.geprueft_am = date(2026, 11, 30)
    plan.z_52.geprueft_von = "Prüfgruppe Leichte Sprache"
    plan.z_52.save()
    html = client.get(_seite("5.2")).content.decode()
    assert ENTWURF not in html
    assert "Geprüft hat ihn: Prüfgruppe Leichte Sprache. Das war am 30. November 2026." in html
    assert "(Entwurf)" not in client.get("/leichte-sprache/").content.decode()


def test_the_text_is_escaped(client, plan):
    plan.z_52.was_getan_wird = '<script>alert("x")</script>'
    plan.z_52.save()
    html = client.get(_seite("5.2")).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


@pytest.mark.parametrize("nummer", ["5.3", "4.1.1", "x" * 3000, "5.2%00", "..%2F"])
def test_no_summary_is_a_404_not_a_500(client, plan, nummer):
    assert client.get(f"/handlungsfelder/{nummer}/leichte-sprache/").status_code in (400, 404)


def test_a_summary_of_an_older_edition_is_not_shown(client, plan):
    neuer = b.konzept(beschlossen_am=date(2030, 1, 1))
    b.handlungsfeld(b.kapitel(neuer, "5"), "5.2")
    assert client.get(_seite("5.2")).status_code == 404
    assert "Arbeit und Qualifizierung" not in client.get("/leichte-sprache/").content.decode()


@pytest.mark.parametrize("rolle", ROLLEN)
def test_the_leichte_sprache_page_lists_the_summaries_and_explains(client, plan, personen, rolle):
    zusammenfassung(plan.hf_53, geprueft_am=date(2026, 11, 1), geprueft_von="Prüfgruppe")
    _anmelden(client, personen, rolle)
    html = client.get("/leichte-sprache/").content.decode()
    liste = re.search(r'<ul class="themen-leichte-sprache">(.*?)</ul>', html, re.S).group(1)
    assert f'href="{_seite("5.2")}" lang="de">Arbeit und Qualifizierung</a> ' in liste
    assert f'href="{_seite("5.3")}" lang="de">Integration durch Sprache</a></li>' in liste
    assert liste.count("(Entwurf)") == 1
    assert "Soziale Beratung" not in liste
    for teil in (
        "Was heißt Integration?",
        "Integration heißt: Alle Menschen gehören dazu.",
        "So finden Sie sich zurecht",
        "Oben auf jeder Seite ist ein Menü.",
        "Barriere-Freiheit",
        "Schlichtungs-Stelle",
        f'href="{reverse("measures:barrierefreiheit")}"',
    ):
        assert teil in html, teil


def test_the_leichte_sprache_page_without_summaries(client, db):
    html = client.get("/leichte-sprache/").content.decode()
    assert "Die Texte sind noch nicht fertig." in html
    assert "themen-leichte-sprache" not in html


def test_an_admin_edit_shows_on_the_stored_page_at_once(client, plan, personen):
    from tests.konten.formular import formulardaten

    vorher = client.get(_seite("5.2")).content.decode()
    assert client.get(_seite("5.2")).content.decode() == vorher  # stored for anonymous
    liste_vorher = client.get("/leichte-sprache/").content.decode()

    admin = Client()
    admin.force_login(personen.buero)
    url = reverse("admin:leichte_sprache_zusammenfassung_change", args=[plan.z_52.pk])
    daten = formulardaten(admin.get(url).content.decode())
    daten["was_getan_wird"] = ["Die Job-Lotsen begleiten Sie."]
    daten["geprueft_am"] = ["30.11.2026"]
    daten["geprueft_von"] = ["Prüfgruppe"]
    antwort = admin.post(url, daten)
    assert antwort.status_code == 302, antwort.content.decode()[:3000]

    nachher = client.get(_seite("5.2")).content.decode()
    assert "Die Job-Lotsen begleiten Sie." in nachher
    assert ENTWURF not in nachher
    assert client.get("/leichte-sprache/").content.decode() != liste_vorher
    assert Zusammenfassung.objects.get(pk=plan.z_52.pk).geprueft
