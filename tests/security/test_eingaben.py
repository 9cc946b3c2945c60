"""Input that used to cause a 500 gets a German 400 or a form error and changes nothing (12/8).

The broad walk over every URL is tests/security/test_fuzz_urls.py; these are the cases the
attack report named, each with what the reader sees.
"""

import json
import threading

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, User
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from measures.choices import Pruefstatus
from measures.models import Massnahme, Sachstand
from measures.roles import BUERO
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen
from tests.oeffentlicher_plan import plan_anlegen as oeffentlichen_plan_anlegen

pytestmark = pytest.mark.django_db

AUF_POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


# --- the open-data downloads: years -----------------------------------------------------------


@pytest.mark.parametrize("wert", ["0", "-1", "99999999999999999999", "10000", "abc", "1.5"])
@pytest.mark.parametrize("parameter", ["von", "bis"])
@pytest.mark.parametrize("format", ["csv", "json"])
def test_a_year_out_of_range_is_a_german_400(client, wert, parameter, format):
    response = client.get(f"/indikatoren/daten.{format}?{parameter}={wert}")
    assert response.status_code == 400
    inhalt = response.content.decode()
    assert "Ungültiger Filter" in inhalt or "ist zu groß" in inhalt
    assert parameter in inhalt


def test_a_year_in_range_still_filters(client):
    indikator = b.indikator("quote")
    b.messwert(indikator, 2019, "1")
    b.messwert(indikator, 2021, "2")
    response = client.get("/indikatoren/daten.csv?von=2020")
    assert response.status_code == 200
    inhalt = b"".join(response.streaming_content).decode()
    assert "2021" in inhalt and "2019" not in inhalt


# --- NUL bytes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/handlungsfelder/%00/",
        "/massnahmen/5.1.1-1a%00/",
        "/akteure/%00/",
        "/berichte/akteur.pdf?akteur=%00",
        "/massnahmen/?q=%00",
        # Issue 17: the site-wide search.
        "/suche/?q=%00",
        "/indikatoren/daten.csv?nach=%00",
        "/api/v1/massnahmen/?handlungsfeld=%00",
        "/admin/measures/massnahme/?q=%00",
    ],
)
@pytest.mark.parametrize("wer", [None, "partner_a", "buero"])
def test_a_nul_byte_in_address_or_query_is_a_german_400(client, personen, url, wer):
    oeffentlichen_plan_anlegen(personen)
    if wer:
        client.force_login(getattr(personen, wer))
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json()["code"] == "ungueltige_anfrage"
        assert "Nullbyte" in response.json()["meldung"]
    else:
        assert "Nullbyte" in response.content.decode()


def test_a_nul_byte_in_a_cookie_is_a_german_400(client):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400


def test_a_nul_byte_in_a_form_field_is_a_field_error(client, personen, mailoutbox):
    response = client.post(
        reverse("measures:kontakt"), {"betreff": "Frage", "nachricht": "Hallo\x00Welt"}
    )
    assert response.status_code == 200
    assert "nachricht" in response.context["form"].errors
    assert mailoutbox == []


# --- the feedback subject -------------------------------------------------------------------


@pytest.mark.parametrize("betreff", ["Frage\nBcc: viele@example.org", "Frage\r\nX: y", "a\rb"])
def test_a_line_break_in_the_feedback_subject_is_a_form_error(client, mailoutbox, betreff):
    response = client.post(
        reverse("measures:kontakt"), {"betreff": betreff, "nachricht": "Wann geht es los?"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["betreff"] == [
        "Der Betreff darf keinen Zeilenumbruch enthalten."
    ]
    assert mailoutbox == []


# --- JSON to the API ------------------------------------------------------------------------


@pytest.fixture
def api_plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    b.zustaendigkeit(b.massnahme(b.teilziel(hf, 1), "a"), personen.akteur_a)
    return personen


@pytest.mark.parametrize("tiefe", [25, 100_000])
def test_deeply_nested_json_is_a_400(client, api_plan, tiefe):
    client.force_login(api_plan.partner_a)
    body = '{"text": ' + "[" * tiefe + "]" * tiefe + "}"
    response = client.post("/api/v1/sachstaende/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["meldung"] == "Die JSON-Daten sind zu tief verschachtelt."
    assert not Sachstand.objects.exists()


def test_broken_json_is_a_german_400(client, api_plan):
    client.force_login(api_plan.partner_a)
    response = client.post("/api/v1/sachstaende/", '{"text": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["meldung"].startswith("Die JSON-Daten sind fehlerhaft")


# --- admin list filters ---------------------------------------------------------------------


def _filterparameter(model):
    for feld in model._meta.get_fields():
        if feld.is_relation and (feld.many_to_one or feld.many_to_many) and feld.concrete:
            yield f"{feld.name}__id__exact"
            yield f"{feld.name}__exact"
        elif isinstance(
            feld, models.IntegerField | models.DateField | models.DecimalField | models.AutoField
        ):
            yield f"{feld.name}__exact"
            yield f"{feld.name}__gte"
        elif isinstance(feld, models.BooleanField):
            yield f"{feld.name}__exact"


@pytest.mark.parametrize("wert", ["abc", "-1", "99999999999999999999", "%00"])
def test_admin_list_filters_with_nonsense_values_never_fail(client, personen, wert):
    oeffentlichen_plan_anlegen(personen)
    client.force_login(personen.buero)
    fehler = []
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for parameter in _filterparameter(model):
            response = client.get(f"{url}?{parameter}={wert}")
            if response.status_code >= 500:
                fehler.append(f"{url}?{parameter}={wert}")
    assert not fehler, "\n".join(fehler)


# --- three reviewers approve the same Sachstand at once -------------------------------------


def _pruefer(personen):
    gruppe = Group.objects.get(name=BUERO)
    leute = [personen.buero]
    for name in ("buero_2", "buero_3"):
        user = User.objects.create_user(name, f"{name}@example.org", "x", is_staff=True)
        user.groups.add(gruppe)
        leute.append(user)
    return leute


def _freigeben_anfrage(client, sachstand, weg):
    if weg == "seite":
        url = reverse("admin:measures_sachstand_change", args=[sachstand.pk])
        return client.post(url, {"pruefkommentar": "", "_freigeben": "1"}, follow=True)
    return client.post(
        reverse("admin:measures_sachstand_changelist"),
        {"action": "freigeben_aktion", ACTION_CHECKBOX_NAME: [sachstand.pk]},
        follow=True,
    )


def _nur_einmal_freigegeben(sachstand, pruefer, antworten):
    assert [a.status_code for a in antworten] == [200, 200, 200]
    sachstand.refresh_from_db()
    assert sachstand.pruefstatus == Pruefstatus.FREIGEGEBEN
    assert sachstand.geprueft_von in pruefer
    # The Maßnahme took the state over once, not three times.
    massnahme = Massnahme.objects.get(pk=sachstand.massnahme_id)
    assert massnahme.history.filter(history_change_reason__contains="freigegeben").count() == 1
    # From the page, not response.context: the test client collects the templates of every
    # thread's request there.
    meldungen = [a.content.decode() for a in antworten]
    erfolg = [m for m in meldungen if "wurde freigegeben" in m or "1 Sachstand freigegeben" in m]
    abgewiesen = [m for m in meldungen if "bereits geprüft" in m or "übersprungen" in m]
    assert (len(erfolg), len(abgewiesen)) == (1, 2)


@pytest.mark.parametrize("weg", ["seite", "aktion"])
def test_three_reviewers_one_after_another_on_stale_pages(personen, weg):
    plan = plan_anlegen(personen)
    sachstand = b.sachstand(plan.a, personen.akteur_a, personen.partner_a)
    pruefer = _pruefer(personen)
    clients = []
    for user in pruefer:
        c = Client(raise_request_exception=False)
        c.force_login(user)
        # Everyone opened the review while it was still waiting.
        url = reverse("admin:measures_sachstand_change", args=[sachstand.pk])
        assert 'name="_freigeben"' in c.get(url).content.decode()
        clients.append(c)
    antworten = [_freigeben_anfrage(c, sachstand, weg) for c in clients]
    _nur_einmal_freigegeben(sachstand, pruefer, antworten)


@pytest.mark.skipif(not AUF_POSTGRESQL, reason="SQLite has no row locks; sequential test above")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("weg", ["seite", "aktion"])
def test_three_reviewers_at_the_same_moment_on_postgresql(personen, weg):
    plan = plan_anlegen(personen)
    sachstand = b.sachstand(plan.a, personen.akteur_a, personen.partner_a)
    pruefer = _pruefer(personen)
    start = threading.Barrier(len(pruefer))
    antworten = [None] * len(pruefer)

    def pruefen(i, user):
        try:
            c = Client(raise_request_exception=False)
            c.force_login(user)
            start.wait(timeout=30)
            antworten[i] = _freigeben_anfrage(c, sachstand, weg)
        finally:
            connection.close()

    faeden = [threading.Thread(target=pruefen, args=(i, u)) for i, u in enumerate(pruefer)]
    for faden in faeden:
        faden.start()
    for faden in faeden:
        faden.join(timeout=60)
    _nur_einmal_freigegeben(sachstand, pruefer, antworten)


def test_the_api_answers_json_for_a_body_over_the_limit(client, api_plan, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(api_plan.partner_a)
    body = json.dumps({"text": "x" * 2000})
    response = client.post("/api/v1/sachstaende/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "zu_gross"
