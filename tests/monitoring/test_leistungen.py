"""Partners report a measure's Leistung figures with their Sachstand (issue 18).

5.2-1a (Akteur A leads, B takes part) moves the Leistung indicator "Beratungskontakte". Partner A
reports it on the Sachstand page, in the round form and through the API; the figure waits as a
Leistungsmeldung and becomes exactly one Messwert when the Büro approves – dated the round's
Stichtag, with Akteur A as source. Returned Sachstände create nothing; approving twice or
re-sending the signal creates no second value; a later approved figure replaces the value
(history keeps the old one). Figures of other indicators, negative or too exact ones are refused.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from measures import berichtsrunden, sachstaende, signale
from measures.choices import Ampel, Pruefstatus, Status
from measures.models import Berichtsanfrage, Sachstand
from monitoring.choices import Einheit, Indikatorart, Wirkungsrichtung, Zeitart
from monitoring.models import Leistungsmeldung, Messwert, Wirkung
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen
from tests.measures.rundenhilfen import formular_url, zeile

HEUTE = timezone.localdate()
GESTERN = HEUTE - timedelta(days=1)
API = "/api/v1/sachstaende/"


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def beratungen(plan):
    """The Leistung indicator of 5.2-1a (whole numbers)."""
    indikator = b.indikator(
        "beratungskontakte",
        name="Beratungskontakte",
        art=Indikatorart.LEISTUNG,
        einheit=Einheit.ANZAHL,
        einheit_bezeichnung="Kontakte",
        nachkommastellen=0,
    )
    Wirkung.objects.create(indikator=indikator, massnahme=plan.a, richtung=Wirkungsrichtung.ERHOEHT)
    return indikator


@pytest.fixture
def fremder(plan):
    """A Leistung indicator of 5.2-1b (Akteur B's measure), not of 5.2-1a."""
    indikator = b.indikator(
        "kurse", name="Kurse", art=Indikatorart.LEISTUNG, einheit=Einheit.ANZAHL
    )
    Wirkung.objects.create(indikator=indikator, massnahme=plan.b, richtung=Wirkungsrichtung.ERHOEHT)
    return indikator


def formular(kennung="5.2-1a"):
    return reverse("measures:sachstand-neu", kwargs={"kennung": kennung})


def eingabe(**abweichend):
    return {
        "datum": GESTERN.isoformat(),
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": "40",
        "text": "Es geht voran.",
        "notiz_an_buero": "",
        "akteur": "",
        **abweichend,
    }


def api_daten(**abweichend):
    return {
        "massnahme": "5.2-1a",
        "datum": GESTERN.isoformat(),
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": 40,
        "text": "Per API",
        **abweichend,
    }


def offene_runde():
    runde = b.berichtsrunde(stichtag=date(2026, 6, 30), faellig_am=HEUTE + timedelta(days=30))
    berichtsrunden.oeffnen(runde, mails=False)
    return runde


# --- the Sachstand page ------------------------------------------------------------------------


def test_partner_a_reports_a_figure_and_approval_creates_exactly_one_messwert(
    client, personen, plan, beratungen
):
    client.force_login(personen.partner_a)
    seite = client.get(formular()).content.decode()
    assert "Leistungszahlen" in seite
    assert "Beratungskontakte (Kontakte)" in seite
    feld = f"leistungen_{beratungen.pk}"
    assert f'name="{feld}"' in seite

    antwort = client.post(formular(), eingabe(**{feld: "125"}))
    assert antwort.status_code == 302
    sachstand = Sachstand.objects.get(massnahme=plan.a)
    meldung = Leistungsmeldung.objects.get()
    assert (meldung.sachstand, meldung.indikator, meldung.wert) == (
        sachstand,
        beratungen,
        Decimal(125),
    )
    # Waiting for review: nothing in the monitoring yet.
    assert not Messwert.objects.exists()

    sachstaende.freigeben(sachstand, personen.buero)
    messwert = Messwert.objects.get()
    assert messwert.indikator == beratungen
    assert messwert.wert == Decimal(125)
    assert messwert.aufschluesselung == ""
    assert messwert.zeitart == Zeitart.STICHTAG
    # Outside a round: the Sachstand's own date.
    assert messwert.datum == GESTERN
    assert messwert.quelle_akteur == personen.akteur_a
    assert messwert.quelle == personen.akteur_a.name
    assert messwert.leistungsmeldung == meldung
    assert messwert.history.get().history_user == personen.buero

    # The signal again (a second receiver run, a retried task): still exactly one.
    signale.sachstand_geprueft.send(sender=Sachstand, sachstand=sachstand)
    assert Messwert.objects.count() == 1


def test_german_decimal_comma_is_accepted_within_the_precision(client, personen, plan):
    indikator = b.indikator(
        "stunden", name="Beratungsstunden", art=Indikatorart.LEISTUNG, nachkommastellen=1
    )
    Wirkung.objects.create(indikator=indikator, massnahme=plan.a, richtung=Wirkungsrichtung.ERHOEHT)
    client.force_login(personen.partner_a)
    feld = f"leistungen_{indikator.pk}"
    antwort = client.post(formular(), eingabe(**{feld: "12,25"}))
    assert antwort.status_code == 200
    assert "mehr als 1 Nachkommastellen" in antwort.content.decode()
    assert not Sachstand.objects.exists()
    antwort = client.post(formular(), eingabe(**{feld: "12,5"}))
    assert antwort.status_code == 302
    assert Leistungsmeldung.objects.get().wert == Decimal("12.5")


@pytest.mark.parametrize(
    "wert, meldung",
    [("-3", "nicht negativ"), ("viele", "keine Zahl"), ("2,5", "Nachkommastellen")],
)
def test_bad_figures_are_a_field_error_and_nothing_is_saved(
    client, personen, plan, beratungen, wert, meldung
):
    client.force_login(personen.partner_a)
    antwort = client.post(formular(), eingabe(**{f"leistungen_{beratungen.pk}": wert}))
    assert antwort.status_code == 200
    seite = antwort.content.decode()
    assert meldung in seite
    assert f'id="id_leistungen_{beratungen.pk}_error"' in seite
    assert not Sachstand.objects.exists()
    assert not Leistungsmeldung.objects.exists()


def test_an_empty_field_reports_nothing(client, personen, plan, beratungen):
    client.force_login(personen.partner_a)
    antwort = client.post(formular(), eingabe(**{f"leistungen_{beratungen.pk}": ""}))
    assert antwort.status_code == 302
    assert Sachstand.objects.exists()
    assert not Leistungsmeldung.objects.exists()


def test_another_measures_indicator_posted_in_the_form_is_ignored(
    client, personen, plan, beratungen, fremder
):
    """The form has only the measure's own fields; a smuggled one is not read."""
    client.force_login(personen.partner_a)
    assert f"leistungen_{fremder.pk}" not in client.get(formular()).content.decode()
    antwort = client.post(formular(), eingabe(**{f"leistungen_{fremder.pk}": "7"}))
    assert antwort.status_code == 302
    assert not Leistungsmeldung.objects.exists()


def test_internal_and_kontext_indicators_are_not_asked(client, personen, plan):
    intern = b.indikator("intern", art=Indikatorart.LEISTUNG, oeffentlich=False)
    Wirkung.objects.create(indikator=intern, massnahme=plan.a, richtung=Wirkungsrichtung.ERHOEHT)
    ergebnis = b.indikator("b1", name="Anteil B1 bestanden", art=Indikatorart.ERGEBNIS)
    Wirkung.objects.create(indikator=ergebnis, massnahme=plan.a, richtung=Wirkungsrichtung.ERHOEHT)
    client.force_login(personen.partner_a)
    seite = client.get(formular()).content.decode()
    assert "Leistungszahlen" not in seite
    assert f"leistungen_{intern.pk}" not in seite
    assert f"leistungen_{ergebnis.pk}" not in seite


def test_partner_b_anonymous_and_council_cannot_report_on_a_measure_of_a(
    client, personen, plan, beratungen
):
    daten = eingabe(**{f"leistungen_{beratungen.pk}": "5"})
    # 5.2-1b is B's alone: partner A may not report there.
    client.force_login(personen.partner_a)
    assert client.post(formular("5.2-1b"), daten).status_code == 403
    client.logout()
    assert client.post(formular(), daten).status_code == 302  # to the login
    client.force_login(personen.buergerschaft)
    assert client.post(formular(), daten).status_code == 403
    client.force_login(personen.partner_b)
    assert client.post(formular("5.2-1b"), daten).status_code == 302
    assert not Leistungsmeldung.objects.exists()
    # The API: anonymous 403, council 403 (not responsible).
    client.logout()
    api = api_daten(leistungen={str(beratungen.pk): 5})
    assert client.post(API, api, content_type="application/json").status_code in (401, 403)
    client.force_login(personen.buergerschaft)
    assert client.post(API, api, content_type="application/json").status_code == 403
    assert not Leistungsmeldung.objects.exists()


def test_correcting_replaces_the_figures_and_the_form_shows_them(
    client, personen, plan, beratungen
):
    client.force_login(personen.partner_a)
    feld = f"leistungen_{beratungen.pk}"
    client.post(formular(), eingabe(**{feld: "10"}))
    sachstand = Sachstand.objects.get()
    url = reverse("measures:sachstand-bearbeiten", kwargs={"pk": sachstand.pk})
    assert 'value="10"' in client.get(url).content.decode()
    antwort = client.post(url, eingabe(**{feld: "12"}))
    assert antwort.status_code == 302
    assert Leistungsmeldung.objects.get().wert == Decimal(12)
    client.post(url, eingabe(**{feld: ""}))
    assert not Leistungsmeldung.objects.exists()


def test_a_returned_sachstand_creates_nothing_and_the_new_one_starts_from_its_figures(
    client, personen, plan, beratungen
):
    client.force_login(personen.partner_a)
    feld = f"leistungen_{beratungen.pk}"
    client.post(formular(), eingabe(**{feld: "10"}))
    sachstaende.zurueckgeben(Sachstand.objects.get(), personen.buero, "Bitte genauer.")
    assert not Messwert.objects.exists()
    assert 'value="10"' in client.get(formular()).content.decode()


# --- approval: dates, replacement, history ----------------------------------------------------


def test_round_stichtag_dates_the_value_and_a_later_figure_replaces_it(personen, plan, beratungen):
    runde = offene_runde()
    erster = sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=GESTERN,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
        text="Erste Meldung",
        leistungen={str(beratungen.pk): "100"},
    )
    assert erster.berichtsrunde == runde
    sachstaende.freigeben(erster, personen.buero)
    messwert = Messwert.objects.get()
    assert messwert.datum == runde.stichtag
    assert messwert.wert == Decimal(100)

    zweiter = sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=HEUTE,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=50,
        text="Nachgereicht",
        leistungen={str(beratungen.pk): "110"},
    )
    # The review says that approval replaces the value.
    from measures import sachstand_zusaetze

    ((name, wert, hinweis),) = sachstand_zusaetze.pruefzeilen(zweiter)
    assert name == "Beratungskontakte"
    assert "110" in wert
    assert "ersetzt" in hinweis and "100" in hinweis

    sachstaende.freigeben(zweiter, personen.buero)
    messwert = Messwert.objects.get()
    assert messwert.wert == Decimal(110)
    assert messwert.leistungsmeldung.sachstand == zweiter
    assert [h.wert for h in messwert.history.order_by("history_date")] == [
        Decimal(100),
        Decimal(110),
    ]
    ((_n, _w, hinweis),) = sachstand_zusaetze.pruefzeilen(zweiter)
    assert "übernommen" in hinweis


def test_the_review_page_shows_the_figures(client, personen, plan, beratungen):
    sachstand = sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=GESTERN,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
        text="Zur Prüfung",
        leistungen={str(beratungen.pk): 1234},
    )
    client.force_login(personen.buero)
    url = reverse("admin:measures_sachstand_change", args=[sachstand.pk])
    seite = client.get(url).content.decode()
    assert "Beratungskontakte" in seite
    assert "1.234" in seite
    assert "wird mit der Freigabe Messwert" in seite


# --- the round form ----------------------------------------------------------------------------


def test_round_form_row_reports_the_figure(client, personen, plan, beratungen):
    runde = offene_runde()
    anfrage = Berichtsanfrage.objects.get(
        berichtsrunde=runde, akteur=personen.akteur_a, massnahme=plan.a
    )
    client.force_login(personen.partner_a)
    url = formular_url(runde, personen.akteur_a)
    feld = f"leistungen_{beratungen.pk}"
    seite = client.get(url).content.decode()
    assert f'name="z{anfrage.pk}-{feld}"' in seite

    # A bad value: the row's error, nothing saved.
    antwort = client.post(
        url, {"einreichen": "1", **zeile(anfrage, text="Es läuft.", **{feld: "-1"})}
    )
    assert antwort.status_code == 400
    assert "nicht negativ" in antwort.content.decode()
    assert not Sachstand.objects.exists()

    # Kept in the draft.
    client.post(url, {"entwurf": "1", **zeile(anfrage, text="Es läuft.", **{feld: "33"})})
    assert 'value="33"' in client.get(url).content.decode()

    antwort = client.post(
        url, {"einreichen": "1", **zeile(anfrage, text="Es läuft.", **{feld: "33"})}
    )
    assert antwort.status_code == 302
    sachstand = Sachstand.objects.get()
    assert Leistungsmeldung.objects.get().sachstand == sachstand
    sachstaende.freigeben(sachstand, personen.buero)
    messwert = Messwert.objects.get()
    assert (messwert.wert, messwert.datum) == (Decimal(33), runde.stichtag)


def test_round_form_refuses_partner_b_for_akteur_a(client, personen, plan, beratungen):
    runde = offene_runde()
    client.force_login(personen.partner_b)
    assert client.get(formular_url(runde, personen.akteur_a)).status_code == 403


# --- the API -----------------------------------------------------------------------------------


def test_api_accepts_the_measures_own_figures_only(client, personen, plan, beratungen, fremder):
    client.force_login(personen.partner_a)
    antwort = client.post(
        API, api_daten(leistungen={str(fremder.pk): 3}), content_type="application/json"
    )
    assert antwort.status_code == 400, antwort.json()
    assert "keine Zahl" in str(antwort.json()["felder"]["leistungen"])
    for falsch in ([1, 2], {str(beratungen.pk): -1}, {str(beratungen.pk): 1.5}, "7"):
        antwort = client.post(API, api_daten(leistungen=falsch), content_type="application/json")
        assert antwort.status_code == 400, (falsch, antwort.json())
        assert "leistungen" in antwort.json()["felder"]
    assert not Sachstand.objects.exists()

    antwort = client.post(
        API, api_daten(leistungen={str(beratungen.pk): 42}), content_type="application/json"
    )
    assert antwort.status_code == 201, antwort.json()
    assert "leistungen" not in antwort.json()
    sachstand = Sachstand.objects.get()
    assert Leistungsmeldung.objects.get().wert == Decimal(42)
    sachstaende.freigeben(sachstand, personen.buero)
    assert Messwert.objects.get().wert == Decimal(42)


def test_partner_b_cannot_report_through_the_api_for_as_measure(client, personen, plan, beratungen):
    # 5.2-1c is Akteur A's alone.
    Wirkung.objects.create(
        indikator=beratungen, massnahme=plan.c, richtung=Wirkungsrichtung.ERHOEHT
    )
    client.force_login(personen.partner_b)
    antwort = client.post(
        API,
        api_daten(massnahme="5.2-1c", leistungen={str(beratungen.pk): 1}),
        content_type="application/json",
    )
    assert antwort.status_code == 403
    assert not Leistungsmeldung.objects.exists()


def test_returned_sachstand_through_the_service_creates_no_messwert(personen, plan, beratungen):
    sachstand = sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=GESTERN,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
        text="Zurück",
        leistungen={str(beratungen.pk): 5},
    )
    sachstaende.zurueckgeben(sachstand, personen.buero, "Nein.")
    assert Sachstand.objects.get().pruefstatus == Pruefstatus.ZURUECKGEGEBEN
    assert not Messwert.objects.exists()


# --- the Büro records on a partner's behalf; query counts --------------------------------------


def test_buero_records_a_figure_for_akteur_a(client, personen, plan, beratungen):
    client.force_login(personen.buero)
    url = reverse("admin:measures_sachstand_erfassen", args=[plan.a.pk])
    feld = f"leistungen_{beratungen.pk}"
    assert f'name="{feld}"' in client.get(url).content.decode()
    antwort = client.post(url, eingabe(akteur=personen.akteur_a.pk, **{feld: "7"}))
    assert antwort.status_code == 302
    sachstand = Sachstand.objects.get()
    assert sachstand.erfasst_durch_buero
    sachstaende.freigeben(sachstand, personen.buero)
    messwert = Messwert.objects.get()
    assert (messwert.wert, messwert.quelle_akteur) == (Decimal(7), personen.akteur_a)


def test_round_form_queries_do_not_grow_with_leistung_indicators(client, personen, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    runde = offene_runde()
    url = formular_url(runde, personen.akteur_a)
    client.force_login(personen.partner_a)

    def zaehlen():
        client.get(url)
        with CaptureQueriesContext(connection) as abfragen:
            assert client.get(url).status_code == 200
        return len(abfragen)

    def verknuepfen(n):
        for massnahme in (plan.a, plan.d):
            i = b.indikator(f"l-{massnahme.pk}-{n}", art=Indikatorart.LEISTUNG)
            Wirkung.objects.create(
                indikator=i, massnahme=massnahme, richtung=Wirkungsrichtung.ERHOEHT
            )

    verknuepfen(0)
    eins = zaehlen()
    for n in range(1, 6):
        verknuepfen(n)
    assert zaehlen() == eins


def test_a_flood_of_unknown_keys_gets_a_short_400(client, personen, plan, beratungen):
    client.force_login(personen.partner_a)
    flut = {str(10_000 + n): n for n in range(500)}
    antwort = client.post(API, api_daten(leistungen=flut), content_type="application/json")
    assert antwort.status_code == 400
    assert len(antwort.json()["felder"]["leistungen"]) == 10
    assert not Sachstand.objects.exists()
