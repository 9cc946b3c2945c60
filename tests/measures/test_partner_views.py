"""Partner pages for every role of DESIGN.md: anonymous, partner of A, partner of B, council, staff.

Including direct URLs to other measures' forms and Sachstand ids changed by hand.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from measures import berichtsrunden, sachstaende
from measures.choices import Ampel, Pruefstatus, RundenStatus, Status
from measures.models import Sachstand
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

MEINE = reverse("measures:meine-massnahmen")
MEINE_SACHSTAENDE = reverse("measures:meine-sachstaende")


def formular(kennung):
    return reverse("measures:sachstand-neu", kwargs={"kennung": kennung})


def bearbeiten(pk):
    return reverse("measures:sachstand-bearbeiten", kwargs={"pk": pk})


def eingabe(**abweichend):
    return {
        "datum": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": "30",
        "text": "Die Kurse laufen.",
        **abweichend,
    }


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


def anmelden(client, personen, wer):
    if wer:
        client.force_login(getattr(personen, wer))


# --- who gets which page --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [MEINE, MEINE_SACHSTAENDE, formular("5.2-1a"), bearbeiten(1)], ids=str
)
def test_anonymous_is_sent_to_login(client, plan, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(
    ("wer", "kennung", "erwartet"),
    [
        ("partner_a", "5.2-1a", 200),  # A leads it
        ("partner_a", "4.1.2-1a", 200),  # A takes part
        ("kollegin_a", "5.2-1a", 200),
        ("partner_b", "5.2-1a", 200),  # B takes part in 5.2-1a too
        ("partner_a", "5.2-1b", 403),  # B's alone
        ("partner_b", "4.1.2-1a", 403),  # A's alone
        ("buergerschaft", "5.2-1a", 403),
        ("buero", "5.2-1a", 403),  # staff review in the admin; they report for no Akteur
        ("partner_a", "9.9-9z", 404),
        ("partner_a", "kaputt", 404),
    ],
)
def test_sachstand_form_by_role(client, personen, plan, wer, kennung, erwartet):
    anmelden(client, personen, wer)
    assert client.get(formular(kennung)).status_code == erwartet
    assert client.post(formular(kennung), eingabe()).status_code in (
        (302,) if erwartet == 200 else (erwartet,)
    )
    assert Sachstand.objects.count() == (1 if erwartet == 200 else 0)


def test_partner_submits_and_sees_it_waiting(client, personen, plan):
    client.force_login(personen.partner_a)
    seite = client.get(formular("5.2-1a"))
    assert seite.context["form"].initial["status"] == Status.NICHT_BEGONNEN
    assert "akteur" not in seite.context["form"].fields  # one Akteur: implied
    response = client.post(formular("5.2-1a"), eingabe())
    assert response.status_code == 302
    assert response["Location"] == MEINE_SACHSTAENDE
    s = Sachstand.objects.get()
    assert (s.massnahme, s.akteur, s.eingereicht_von, s.fortschritt) == (
        plan.a,
        personen.akteur_a,
        personen.partner_a,
        30,
    )
    liste = client.get(MEINE_SACHSTAENDE).content.decode()
    assert "eingereicht, wartet auf Prüfung" in liste
    assert bearbeiten(s.pk) in liste  # may still be corrected
    # The colleague in A sees it as well; B does not.
    client.force_login(personen.kollegin_a)
    assert list(client.get(MEINE_SACHSTAENDE).context["sachstaende"]) == [s]
    client.force_login(personen.partner_b)
    assert list(client.get(MEINE_SACHSTAENDE).context["sachstaende"]) == []


def test_invalid_input_shows_errors_and_saves_nothing(client, personen, plan):
    client.force_login(personen.partner_a)
    morgen = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        formular("5.2-1a"), eingabe(fortschritt="140", datum=morgen, text="", status="fertig")
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"fortschritt", "datum", "text", "status"}
    assert "Fehler:" in response.content.decode()
    assert not Sachstand.objects.exists()


def test_member_of_two_akteure_chooses_among_their_own(client, personen, plan):
    personen.akteur_b.mitglieder.add(personen.partner_a)
    client.force_login(personen.partner_a)
    seite = client.get(formular("5.2-1a"))
    assert set(seite.context["form"].fields["akteur"].queryset) == {
        personen.akteur_a,
        personen.akteur_b,
    }
    assert client.post(formular("5.2-1a"), eingabe()).status_code == 200  # must choose
    fremd = b.akteur("Fremder Verein")
    response = client.post(formular("5.2-1a"), eingabe(akteur=fremd.pk))
    assert "akteur" in response.context["form"].errors
    client.post(formular("5.2-1a"), eingabe(akteur=personen.akteur_b.pk))
    assert Sachstand.objects.get().akteur == personen.akteur_b


def test_posting_another_akteur_by_hand_is_ignored_for_a_single_akteur(client, personen, plan):
    client.force_login(personen.partner_a)
    client.post(formular("5.2-1a"), eingabe(akteur=personen.akteur_b.pk))
    assert Sachstand.objects.get().akteur == personen.akteur_a


# --- correcting and ids changed by hand ---------------------------------------------------


@pytest.fixture
def eingereicht(personen, plan):
    return sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=date(2026, 1, 5),
        status=Status.IN_PLANUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=10,
        text="Erster Stand.",
    )


@pytest.mark.parametrize(
    ("wer", "erwartet"),
    [
        ("partner_a", 200),
        ("kollegin_a", 200),
        ("partner_b", 403),
        ("buergerschaft", 403),
        ("buero", 403),
    ],
)
def test_correcting_a_waiting_sachstand_by_role(client, personen, eingereicht, wer, erwartet):
    anmelden(client, personen, wer)
    assert client.get(bearbeiten(eingereicht.pk)).status_code == erwartet
    client.post(bearbeiten(eingereicht.pk), eingabe(text="Geändert von " + wer))
    eingereicht.refresh_from_db()
    assert (eingereicht.text == "Geändert von " + wer) == (erwartet == 200)


def test_unknown_sachstand_id_is_404(client, personen, eingereicht):
    client.force_login(personen.partner_a)
    assert client.get(bearbeiten(eingereicht.pk + 1000)).status_code == 404


@pytest.mark.parametrize("pruefung", ["freigeben", "zurueckgeben"])
def test_reviewed_sachstand_cannot_be_changed_by_its_partner(
    client, personen, eingereicht, pruefung
):
    if pruefung == "freigeben":
        sachstaende.freigeben(eingereicht, personen.buero)
    else:
        sachstaende.zurueckgeben(eingereicht, personen.buero, "Bitte genauer.")
    client.force_login(personen.partner_a)
    assert client.get(bearbeiten(eingereicht.pk)).status_code == 403
    assert client.post(bearbeiten(eingereicht.pk), eingabe(text="später")).status_code == 403
    eingereicht.refresh_from_db()
    assert eingereicht.text == "Erster Stand."
    liste = client.get(MEINE_SACHSTAENDE).content.decode()
    assert bearbeiten(eingereicht.pk) not in liste
    if pruefung == "zurueckgeben":
        assert "Bitte genauer." in liste  # the partner sees why


def test_correction_form_offers_no_akteur_and_keeps_it(client, personen, plan, eingereicht):
    personen.akteur_b.mitglieder.add(personen.partner_a)
    client.force_login(personen.partner_a)
    seite = client.get(bearbeiten(eingereicht.pk))
    assert "akteur" not in seite.context["form"].fields
    client.post(bearbeiten(eingereicht.pk), eingabe(akteur=personen.akteur_b.pk))
    eingereicht.refresh_from_db()
    assert eingereicht.akteur == personen.akteur_a


# --- Meine Maßnahmen ----------------------------------------------------------------------


def test_meine_massnahmen_lists_own_measures_federfuehrend_first(client, personen, plan):
    client.force_login(personen.partner_a)
    response = client.get(MEINE)
    assert response.status_code == 200
    assert list(response.context["massnahmen"]) == [plan.a, plan.d, plan.c]
    assert [m.federfuehrend for m in response.context["massnahmen"]] == [True, False, False]
    client.force_login(personen.partner_b)
    response = client.get(MEINE)
    assert list(response.context["massnahmen"]) == [plan.b, plan.a]


@pytest.mark.parametrize("wer", ["buergerschaft", "buero"])
def test_meine_massnahmen_without_akteur_explains_itself(client, personen, plan, wer):
    client.force_login(getattr(personen, wer))
    response = client.get(MEINE)
    assert response.status_code == 200
    assert list(response.context["massnahmen"]) == []
    assert "keinem Akteur zugeordnet" in response.content.decode()


def test_meine_massnahmen_shows_what_the_open_round_asks_and_the_latest_sachstand(
    client, personen, plan
):
    runde = b.berichtsrunde(titel="Bericht 2026")
    berichtsrunden.oeffnen(runde, mails=False)
    alt = b.sachstand(plan.a, personen.akteur_a, personen.partner_a, text="alt")
    sachstaende.zurueckgeben(alt, personen.buero, "Bitte Zahlen nennen.")
    sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=date(2026, 6, 2),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=50,
        text="neu",
    )
    client.force_login(personen.partner_a)
    response = client.get(MEINE)
    massnahmen = {m.pk: m for m in response.context["massnahmen"]}
    assert response.context["runde"] == runde
    a = massnahmen[plan.a.pk]
    assert [s.text for s in a.letzte_sachstaende] == ["neu"]
    assert [x.beantwortet for x in a.offene_anfragen] == [True]
    assert [x.beantwortet for x in massnahmen[plan.d.pk].offene_anfragen] == [False]
    assert massnahmen[plan.c.pk].offene_anfragen == []  # umgesetzt: not asked
    assert response.context["anzahl_offen"] == 1
    inhalt = response.content.decode()
    assert "Bericht 2026" in inhalt
    assert formular("5.2-1a") in inhalt


def test_closed_round_no_longer_shows_as_due(client, personen, plan):
    runde = b.berichtsrunde()
    berichtsrunden.oeffnen(runde, mails=False)
    berichtsrunden.schliessen(runde)
    client.force_login(personen.partner_a)
    response = client.get(MEINE)
    assert response.context["runde"] is None
    runde.refresh_from_db()
    assert runde.status == RundenStatus.GESCHLOSSEN


# --- the public measure page: internal note and approved Sachstand ---------------------------


@pytest.mark.parametrize(
    ("wer", "sieht"),
    [
        (None, False),
        ("partner_a", True),
        ("kollegin_a", True),
        ("partner_b", True),  # B takes part in 5.2-1a
        ("buergerschaft", False),
        ("buero", True),
    ],
)
def test_internal_note_of_5_2_1a(client, personen, plan, wer, sieht):
    anmelden(client, personen, wer)
    inhalt = client.get(plan.a.get_absolute_url()).content.decode()
    assert ("Absprache mit dem Jobcenter" in inhalt) == sieht


def test_partner_b_does_not_see_the_note_of_a_measure_of_a_alone(client, personen, plan):
    plan.d.interne_notiz = "Geheim für A."
    plan.d.save()
    client.force_login(personen.partner_b)
    assert "Geheim für A." not in client.get(plan.d.get_absolute_url()).content.decode()
    client.force_login(personen.partner_a)
    assert "Geheim für A." in client.get(plan.d.get_absolute_url()).content.decode()


def test_only_approved_sachstand_shows_on_the_public_page(client, personen, plan, eingereicht):
    assert "Erster Stand." not in client.get(plan.a.get_absolute_url()).content.decode()
    sachstaende.freigeben(eingereicht, personen.buero)
    assert "Erster Stand." in client.get(plan.a.get_absolute_url()).content.decode()
    assert eingereicht.__class__.objects.get().pruefstatus == Pruefstatus.FREIGEGEBEN
