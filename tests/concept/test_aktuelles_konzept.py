"""Which Konzept is current, with two editions in the database (issue 13, point 4).

The rule lives once (``Konzept.objects.aktuell()`` and ``.im_aktuellen_konzept()`` on the
plan's querysets); pages, API, admin start page, reports, export and Berichtsrunden use it.
Every role gets the current edition's objects; nobody gets a 500 or the 2014 edition.
"""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from berichte.data import HANDLUNGSFELD, Berichtsauftrag, sammeln
from concept.models import Handlungsfeld, Konzept, Teilziel
from integration_portal.tabellen import Tabelle
from measures import berichtsrunden, importing
from measures.choices import Ampel, Status
from measures.export import konzept_export
from measures.models import Berichtsstand, Massnahme, Sachstand, Zustaendigkeit
from tests import builders as b
from tests.zwei_ausgaben import zwei_ausgaben_anlegen

pytestmark = pytest.mark.django_db

ROLLEN = ["anonymous", "partner_a", "kollegin_a", "partner_b", "buergerschaft", "buero"]


@pytest.fixture
def ausgaben(personen):
    return zwei_ausgaben_anlegen(personen)


def _als(client, personen, rolle):
    if rolle != "anonymous":
        client.force_login(getattr(personen, rolle))
    return client


# --- the rule itself ----------------------------------------------------------------------------


def test_the_most_recently_adopted_edition_is_current(ausgaben):
    assert Konzept.objects.aktuell() == ausgaben.neu
    assert list(Konzept.objects.nur_aktuell()) == [ausgaben.neu]
    assert list(Handlungsfeld.objects.im_aktuellen_konzept()) == [ausgaben.hf_neu]
    assert list(Teilziel.objects.im_aktuellen_konzept()) == [ausgaben.tz_neu]
    assert set(Massnahme.objects.im_aktuellen_konzept()) == {ausgaben.m_neu, ausgaben.m_neu_b}
    assert {z.massnahme for z in Zustaendigkeit.objects.im_aktuellen_konzept()} == {
        ausgaben.m_neu,
        ausgaben.m_neu_b,
    }


def test_a_later_adoption_makes_that_edition_current(ausgaben):
    spaeter = b.konzept(beschluss="2026/BV/0001", beschlossen_am=date(2026, 1, 1))
    assert Konzept.objects.aktuell() == spaeter
    assert not Massnahme.objects.im_aktuellen_konzept().exists()


def test_two_editions_adopted_the_same_day_the_later_loaded_is_current(db):
    erste = b.konzept(beschlossen_am=date(2020, 11, 11))
    zweite = b.konzept(beschlossen_am=date(2020, 11, 11))
    assert Konzept.objects.aktuell() == zweite != erste


def test_no_konzept_no_current_edition(db):
    assert Konzept.objects.aktuell() is None
    assert not Handlungsfeld.objects.im_aktuellen_konzept().exists()


# --- API ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("rolle", ROLLEN)
def test_api_details_answer_with_the_current_editions_object(client, personen, ausgaben, rolle):
    client = _als(client, personen, rolle)
    hf = client.get("/api/v1/handlungsfelder/5.2/")
    assert hf.status_code == 200
    assert hf.json()["id"] == ausgaben.hf_neu.pk
    assert hf.json()["titel"] == "Arbeit und Qualifizierung"
    assert [t["text"] for t in hf.json()["teilziele"]] == ["Teilziel von 2020"]
    tz = client.get("/api/v1/teilziele/5.2-1/")
    assert tz.status_code == 200 and tz.json()["id"] == ausgaben.tz_neu.pk
    m = client.get("/api/v1/massnahmen/5.2-1a/")
    assert m.status_code == 200
    assert m.json()["id"] == ausgaben.m_neu.pk and m.json()["text"] == "Maßnahme von 2020"


@pytest.mark.parametrize("rolle", ROLLEN)
def test_api_lists_show_only_the_current_edition(client, personen, ausgaben, rolle):
    client = _als(client, personen, rolle)
    hf = client.get("/api/v1/handlungsfelder/").json()["results"]
    assert [h["id"] for h in hf] == [ausgaben.hf_neu.pk]
    assert hf[0]["fortschritt"] == 30  # (20 + 40) / 2, not mixed with 2014's 90
    tz = client.get("/api/v1/teilziele/").json()["results"]
    assert [t["id"] for t in tz] == [ausgaben.tz_neu.pk]
    m = client.get("/api/v1/massnahmen/").json()["results"]
    assert [x["id"] for x in m] == [ausgaben.m_neu.pk, ausgaben.m_neu_b.pk]
    gefiltert = client.get("/api/v1/massnahmen/?handlungsfeld=5.2&teilziel=5.2-1").json()
    assert gefiltert["count"] == 2
    konzept = client.get("/api/v1/konzept/").json()
    assert konzept["konzept"]["beschluss"] == "2020/BV/0974"
    assert [h["titel"] for h in konzept["handlungsfelder"]] == ["Arbeit und Qualifizierung"]


def test_api_sachstaende_name_measures_of_the_current_edition(client, personen, ausgaben):
    alt = b.sachstand(ausgaben.m_alt, personen.akteur_a, personen.partner_a, text="alt")
    client.force_login(personen.partner_a)
    assert client.get("/api/v1/sachstaende/?massnahme=5.2-1a").json()["count"] == 0
    antwort = client.post(
        "/api/v1/sachstaende/",
        {
            "massnahme": "5.2-1a",
            "datum": "2026-06-15",
            "status": Status.IN_UMSETZUNG,
            "ampel": Ampel.IM_PLAN,
            "fortschritt": 50,
            "text": "neu gemeldet",
        },
        content_type="application/json",
    )
    assert antwort.status_code == 201, antwort.json()
    neu = Sachstand.objects.get(text="neu gemeldet")
    assert neu.massnahme == ausgaben.m_neu
    liste = client.get("/api/v1/sachstaende/?massnahme=5.2-1a").json()["results"]
    assert [s["id"] for s in liste] == [neu.pk]
    assert alt.pk not in [s["id"] for s in client.get("/api/v1/sachstaende/").json()["results"]]


def test_api_indicator_names_the_current_editions_handlungsfeld(client, ausgaben):
    b.indikator("quote", handlungsfelder=[ausgaben.hf_neu, ausgaben.hf_alt])
    daten = client.get("/api/v1/indikatoren/quote/").json()
    assert daten["handlungsfelder"] == ["5.2"]


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("rolle", ["anonymous", "partner_a", "buero"])
def test_pages_show_the_current_edition(client, personen, ausgaben, rolle):
    client = _als(client, personen, rolle)
    start = client.get("/")
    assert start.status_code == 200 and start.context["konzept"] == ausgaben.neu
    hf = client.get(reverse("measures:handlungsfeld", kwargs={"nummer": "5.2"}))
    assert hf.status_code == 200 and hf.context["handlungsfeld"] == ausgaben.hf_neu
    m = client.get(reverse("measures:massnahme", kwargs={"kennung": "5.2-1a"}))
    assert m.status_code == 200 and m.context["massnahme"] == ausgaben.m_neu
    akteur = client.get(personen.akteur_a.get_absolute_url())
    assert {z.massnahme for z in akteur.context["zustaendigkeiten"]} == {
        ausgaben.m_neu,
        ausgaben.m_neu_b,
    }


# --- admin start page ---------------------------------------------------------------------------


def test_admin_start_page_counts_only_the_current_edition(client, personen, ausgaben):
    client.force_login(personen.buero)
    d = client.get(reverse("admin:index")).context["dashboard"]
    assert d["gesamt"] == 2
    nach_status = {z["wert"]: z["anzahl"] for z in d["nach_status"]}
    assert nach_status[Status.IN_UMSETZUNG] == 0  # only 2014's 5.2-1a is in Umsetzung
    assert sum(nach_status.values()) == 2
    assert {z["wert"]: z["anzahl"] for z in d["nach_ampel"]}[Ampel.KRITISCH] == 1


# --- reports, export, Berichtsrunden ------------------------------------------------------------


def test_reports_show_only_the_current_editions_measures(ausgaben):
    gesamt = sammeln(Berichtsauftrag(), indikatoren=lambda hfs: {})
    assert gesamt.konzept == ausgaben.neu
    assert {z.massnahme for blk in gesamt.handlungsfelder for z in blk.zeilen} == {
        ausgaben.m_neu,
        ausgaben.m_neu_b,
    }
    assert gesamt.fortschritt == pytest.approx(30)
    hf = sammeln(Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="5.2"), indikatoren=lambda h: {})
    assert hf.handlungsfelder[0].handlungsfeld == ausgaben.hf_neu


def test_export_and_its_command_use_the_current_edition(ausgaben):
    daten = konzept_export()
    assert daten["konzept"]["beschluss"] == "2020/BV/0974"
    texte = [
        m["text"]
        for hf in daten["handlungsfelder"]
        for t in hf["teilziele"]
        for m in t["massnahmen"]
    ]
    assert texte == ["Maßnahme von 2020", "Zweite Maßnahme von 2020"]
    ausgabe = StringIO()
    call_command("export_konzept", stdout=ausgabe)
    assert json.loads(ausgabe.getvalue())["konzept"]["beschluss"] == "2020/BV/0974"
    ausgabe = StringIO()
    call_command("export_konzept", "--beschluss", "2014/BV/0001", stdout=ausgabe)
    assert json.loads(ausgabe.getvalue())["konzept"]["titel"] == "Integrationskonzept 2014"


def test_import_by_reference_finds_the_current_editions_measure(ausgaben):
    tabelle = Tabelle(kopf=["Referenz", "Status"], zeilen=[(2, ["5.2 / 1 a", "umgesetzt"])])
    ergebnis = importing.pruefen(tabelle)
    assert ergebnis.ok, ergebnis.fehler
    assert [z.massnahme for z in ergebnis.zeilen] == [ausgaben.m_neu]


def test_reports_page_offers_akteure_of_the_current_edition(client, personen, ausgaben):
    nur_alt = b.akteur("Nur 2014 zuständig")
    b.zustaendigkeit(ausgaben.m_alt, nur_alt)
    akteure = client.get(reverse("measures:berichte")).context["akteure"]
    assert list(akteure) == [personen.akteur_a]


def test_berichtsrunde_opens_and_closes_on_the_current_edition_only(ausgaben):
    runde = b.berichtsrunde()
    versand = berichtsrunden.oeffnen(runde, mails=False)
    assert versand.anfragen == 2
    assert {a.massnahme for a in runde.anfragen.all()} == {ausgaben.m_neu, ausgaben.m_neu_b}
    berichtsrunden.schliessen(runde)
    assert {s.massnahme for s in Berichtsstand.objects.filter(berichtsrunde=runde)} == {
        ausgaben.m_neu,
        ausgaben.m_neu_b,
    }
