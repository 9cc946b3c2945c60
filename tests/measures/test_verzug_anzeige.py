"""Lateness beside the status word, everywhere (issue 15), for every role that sees it.

5.2-1a (Akteur A leads, B takes part) missed a milestone last month and is überfällig;
5.2-1b (B) is on time; 5.2-1c (A) missed one too but is umgesetzt, so it is not late.
The badge is one tag (measures/templatetags/verzug.py): text and symbol, never colour only.
"""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.models import Massnahme, Meilenstein
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen
from tests.measures.test_verzug import FAELLE, TAG

HEUTE = timezone.localdate()
BADGE = 'class="verzug"'
ROLLEN = ["anonymous", "partner_a", "partner_b", "buergerschaft", "buero"]


@pytest.fixture
def plan(personen):
    plan = plan_anlegen(personen)
    for m in (plan.a, plan.c):
        Meilenstein.objects.create(
            massnahme=m, titel="Träger gefunden", faellig_am=HEUTE - timedelta(days=30)
        )
    Meilenstein.objects.create(
        massnahme=plan.a,
        titel="Räume gemietet",
        faellig_am=HEUTE - timedelta(days=60),
        erledigt_am=HEUTE - timedelta(days=61),
    )
    Meilenstein.objects.create(
        massnahme=plan.b, titel="Kurs startet", faellig_am=HEUTE + timedelta(days=30)
    )
    return plan


def _als(client, personen, rolle):
    if rolle != "anonymous":
        client.force_login(getattr(personen, rolle))
    return client


def _karte(html, referenz):
    """The listing card of one measure."""
    teile = html.split('<article class="karte massnahme-karte"')
    (karte,) = [t for t in teile if f"{referenz}</a>" in t]
    return karte


@pytest.mark.django_db
def test_mit_verzug_is_the_rule_of_ueberfaellig():
    tz = b.teilziel(b.handlungsfeld(b.kapitel(b.konzept()), "5.2"), 1)
    erwartet = set()
    for i, (status, zieldatum, meilensteine, soll) in enumerate(FAELLE):
        m = b.massnahme(tz, chr(ord("a") + i), status=status)
        Massnahme.objects.filter(pk=m.pk).update(zieldatum=zieldatum)
        for faellig, erledigt in meilensteine:
            Meilenstein.objects.create(
                massnahme=m, titel="S", faellig_am=faellig, erledigt_am=erledigt
            )
        if soll:
            erwartet.add(m.pk)
    annotiert = {m.pk for m in Massnahme.objects.mit_verzug(TAG) if m.ist_ueberfaellig}
    assert annotiert == erwartet
    assert set(Massnahme.objects.ueberfaellig(TAG).values_list("pk", flat=True)) == erwartet


@pytest.mark.parametrize("rolle", ROLLEN)
def test_measure_page_badge_beside_status_and_milestones(client, personen, plan, rolle):
    _als(client, personen, rolle)
    html = client.get(plan.a.get_absolute_url()).content.decode()
    status = re.search(r"<dt>Status</dt><dd>(.*?)</dd>", html, re.S).group(1)
    assert "nicht begonnen" in status  # the status word stays
    assert BADGE in status and "überfällig" in status
    assert 'aria-hidden="true">⚑' in status  # the symbol is decoration; the word is read
    teil = html.split('id="meilensteine"')[1]
    assert "Träger gefunden" in teil and "noch offen" in teil
    assert "Räume gemietet" in teil
    assert (HEUTE - timedelta(days=61)).strftime("%Y") in teil

    auf_zeit = client.get(plan.b.get_absolute_url()).content.decode()
    assert BADGE not in auf_zeit
    assert "Kurs startet" in auf_zeit
    umgesetzt = client.get(plan.c.get_absolute_url()).content.decode()
    status_c = re.search(r"<dt>Status</dt><dd>(.*?)</dd>", umgesetzt, re.S).group(1)
    assert BADGE not in status_c


@pytest.mark.parametrize("rolle", ["anonymous", "partner_b", "buergerschaft"])
def test_list_and_handlungsfeld_page_badge(client, personen, plan, rolle):
    _als(client, personen, rolle)
    for url in ("/massnahmen/", reverse("measures:handlungsfeld", kwargs={"nummer": "5.2"})):
        html = client.get(url).content.decode()
        assert BADGE in _karte(html, "5.2 / 1 a")
        assert BADGE not in _karte(html, "5.2 / 1 b")
        assert BADGE not in _karte(html, "5.2 / 1 c")


def test_meine_massnahmen_badge_for_partner_a_and_b(client, personen, plan):
    client.force_login(personen.partner_a)
    html = client.get(reverse("measures:meine-massnahmen")).content.decode()
    assert html.count(BADGE) == 1  # 5.2-1a; 5.2-1c is umgesetzt
    client.force_login(personen.partner_b)
    html = client.get(reverse("measures:meine-massnahmen")).content.decode()
    assert html.count(BADGE) == 1  # 5.2-1a, where B takes part; B's own 5.2-1b is on time


def test_admin_start_page_counts_milestones_and_links_to_the_list(client, personen, plan):
    client.force_login(personen.buero)
    html = client.get(reverse("admin:index")).content.decode()
    teil = html.split("Überfällig (Zieldatum oder Meilenstein verpasst")[1].split("</table>")[0]
    assert '<span class="kennzahl">1</span>' in teil
    assert "5.2 / 1 a" in teil and "Meilenstein „Träger gefunden“" in teil
    liste = re.search(r'href="([^"]*ueberfaellig=ja[^"]*)"', html).group(1)
    seite = client.get(liste.replace("&amp;", "&"))
    assert seite.status_code == 200
    inhalt = seite.content.decode()
    assert "5.2 / 1 a" in inhalt and "5.2 / 1 b" not in inhalt


def test_admin_list_shows_lateness_beside_the_status(client, personen, plan):
    client.force_login(personen.buero)
    html = client.get(reverse("admin:measures_massnahme_changelist")).content.decode()
    zeilen = {
        ref: zeile
        for zeile in html.split("<tr")
        for ref in ("5.2 / 1 a", "5.2 / 1 b")
        if f">{ref}</a>" in zeile
    }
    assert BADGE in zeilen["5.2 / 1 a"] and BADGE not in zeilen["5.2 / 1 b"]
    # The column sorts by the annotation: late ones last in ascending order.
    sortiert = client.get(reverse("admin:measures_massnahme_changelist"), {"o": "4"})
    assert sortiert.status_code == 200
    html = sortiert.content.decode()
    assert html.index(">5.2 / 1 b</a>") < html.index(">5.2 / 1 a</a>")


def test_meilenstein_admin_filters_and_is_staff_only(client, personen, plan):
    client.force_login(personen.buero)
    url = reverse("admin:measures_meilenstein_changelist")
    ueber = client.get(url, {"zustand": "ueberfaellig"}).content.decode()
    assert "Träger gefunden" in ueber and "Kurs startet" not in ueber
    erledigt = client.get(url, {"zustand": "erledigt"}).content.decode()
    assert "Räume gemietet" in erledigt and "Träger gefunden" not in erledigt
    offen = client.get(url, {"zustand": "offen"}).content.decode()
    assert "Kurs startet" in offen and "Räume gemietet" not in offen
    assert client.get(url, {"zustand": "quatsch"}).status_code in (200, 302)
    client.force_login(personen.partner_a)
    assert client.get(url).status_code == 302  # to the admin login


def _inline_daten(massnahme, version, meilenstein, erledigt_am):
    return {
        "teilziel": massnahme.teilziel_id,
        "kennung": massnahme.kennung,
        "text": massnahme.text,
        "status": massnahme.status,
        "ampel": massnahme.ampel,
        "fortschritt": str(massnahme.fortschritt),
        "beginn": "",
        "zieldatum": "",
        "interne_notiz": massnahme.interne_notiz,
        "basis_version": str(version),
        "zustaendigkeiten-TOTAL_FORMS": "0",
        "zustaendigkeiten-INITIAL_FORMS": "0",
        "zustaendigkeiten-MIN_NUM_FORMS": "0",
        "zustaendigkeiten-MAX_NUM_FORMS": "1000",
        "meilensteine-TOTAL_FORMS": "1",
        "meilensteine-INITIAL_FORMS": "1",
        "meilensteine-MIN_NUM_FORMS": "0",
        "meilensteine-MAX_NUM_FORMS": "1000",
        "meilensteine-0-id": str(meilenstein.pk),
        "meilensteine-0-massnahme": str(massnahme.pk),
        "meilensteine-0-titel": meilenstein.titel,
        "meilensteine-0-faellig_am": meilenstein.faellig_am.strftime("%d.%m.%Y"),
        "meilensteine-0-erledigt_am": erledigt_am,
        "meilensteine-0-notiz": "",
    }


def test_admin_inline_milestone_change_goes_through_the_version_check(client, personen, plan):
    """A milestone changed on a stale form is refused like any other change of the measure."""
    m = Massnahme.objects.get(pk=plan.b.pk)
    stein = m.meilensteine.get()
    url = reverse("admin:measures_massnahme_change", args=[m.pk])
    client.force_login(personen.buero)
    gestern = (HEUTE - timedelta(days=1)).strftime("%d.%m.%Y")
    # Someone else saved the measure meanwhile.
    Massnahme.objects.filter(pk=m.pk).update(version=m.version + 1)
    antwort = client.post(url, _inline_daten(m, m.version, stein, gestern))
    assert antwort.status_code == 200
    assert "inzwischen von anderer Seite geändert" in antwort.content.decode()
    stein.refresh_from_db()
    assert stein.erledigt_am is None

    morgen = (HEUTE + timedelta(days=1)).strftime("%d.%m.%Y")
    antwort = client.post(url, _inline_daten(m, m.version + 1, stein, morgen))
    assert antwort.status_code == 200
    assert "nicht in der Zukunft erledigt" in antwort.content.decode()

    antwort = client.post(url, _inline_daten(m, m.version + 1, stein, gestern))
    assert antwort.status_code == 302
    stein.refresh_from_db()
    assert stein.erledigt_am == HEUTE - timedelta(days=1)
    assert Massnahme.objects.get(pk=m.pk).version == m.version + 2


@pytest.mark.parametrize("rolle", ROLLEN)
def test_api_ueberfaellig_on_list_and_milestones_on_detail(client, personen, plan, rolle):
    _als(client, personen, rolle)
    liste = client.get("/api/v1/massnahmen/").json()
    zeilen = liste["results"] if isinstance(liste, dict) else liste
    verzug = {z["kennung"]: z["ueberfaellig"] for z in zeilen}
    assert verzug["5.2-1a"] is True and verzug["5.2-1b"] is False and verzug["5.2-1c"] is False
    detail = client.get("/api/v1/massnahmen/5.2-1a/").json()
    assert detail["ueberfaellig"] is True
    titel = [(s["titel"], s["erledigt_am"]) for s in detail["meilensteine"]]
    assert titel == [
        ("Räume gemietet", (HEUTE - timedelta(days=61)).isoformat()),
        ("Träger gefunden", None),
    ]


def test_the_badge_is_text_not_colour():
    from django.template import Context, Template

    badge = Template("{% load verzug %}{% verzug_anzeige u %}")
    html = badge.render(Context({"u": True}))
    assert re.sub(r"<[^>]+>", "", html).strip().endswith("überfällig")
    assert badge.render(Context({"u": False})).strip() == ""


def test_a_milestone_change_changes_the_datenstand(plan):
    """Cached reports are keyed by the Datenstand: a milestone decides lateness, so it counts."""
    from concept.datenstand import datenstand

    vorher = datenstand()
    stein = Meilenstein.objects.get(titel="Kurs startet")
    stein.erledigt_am = HEUTE
    stein.save()
    assert datenstand() != vorher
