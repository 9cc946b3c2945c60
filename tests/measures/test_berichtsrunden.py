"""Berichtsrunden: open (ask and e-mail), response rate, remind, close (snapshot, fixed)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from measures import berichtsrunden, sachstaende
from measures.choices import Ampel, RundenStatus, Status
from measures.models import Berichtsanfrage, Berichtsrunde, Berichtsstand
from measures.rundenzugaenge import rundenformular_url
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen
from versand.models import Mail


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def runde(plan):
    return b.berichtsrunde(titel="Sachstandsbericht 2026")


def melden(personen, wer, massnahme, **kwargs):
    daten = {
        "datum": "2026-06-15",
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": 50,
        "text": "gemeldet",
        **kwargs,
    }
    s = sachstaende.einreichen(getattr(personen, wer), massnahme, **daten)
    return s


def test_opening_asks_every_akteur_of_every_unfinished_measure(personen, plan, runde):
    versand = berichtsrunden.oeffnen(runde)
    runde.refresh_from_db()
    assert runde.status == RundenStatus.OFFEN and runde.geoeffnet_am
    gefragt = runde.anfragen.values_list("massnahme__pk", "akteur__name")
    assert sorted(gefragt) == sorted(
        [
            (plan.a.pk, "Amt A"),
            (plan.a.pk, "Verein B"),
            (plan.b.pk, "Verein B"),
            (plan.d.pk, "Amt A"),
        ]
    )  # 5.2-1c is umgesetzt: not asked
    assert versand.anfragen == 4


def test_an_older_konzept_is_asked_nothing(personen, plan, runde):
    from datetime import date

    alt = b.konzept(beschlossen_am=date(2014, 1, 1))
    tz = b.teilziel(b.handlungsfeld(b.kapitel(alt), "3.1"), 1)
    b.zustaendigkeit(b.massnahme(tz, "a"), personen.akteur_a)
    berichtsrunden.oeffnen(runde, mails=False)
    assert not runde.anfragen.filter(massnahme__teilziel=tz).exists()
    assert runde.anfragen.count() == 4


def test_inactive_members_and_those_without_address_get_no_mail(
    personen, plan, runde, django_capture_on_commit_callbacks
):
    personen.kollegin_a.is_active = False
    personen.kollegin_a.save()
    personen.partner_b.email = ""
    personen.partner_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        versand = berichtsrunden.oeffnen(runde)
    assert [m.to for m in mail.outbox] == [["partner_a@example.org"]]
    assert versand.mails == 1


def test_opening_mails_each_member_once_with_their_measures(
    personen, plan, runde, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        berichtsrunden.oeffnen(runde)
    empfaenger = sorted(m.to[0] for m in mail.outbox)
    assert empfaenger == [
        "kollegin_a@example.org",
        "partner_a@example.org",
        "partner_b@example.org",
    ]
    an_a = next(m for m in mail.outbox if m.to == ["partner_a@example.org"])
    assert "Sachstandsbericht 2026" in an_a.subject
    assert "5.2 / 1 a" in an_a.body and "4.1.2 / 1 a" in an_a.body
    assert "5.2 / 1 b" not in an_a.body and "5.2 / 1 c" not in an_a.body
    assert rundenformular_url(runde, personen.akteur_a) in an_a.body
    assert (
        Mail.objects.filter(
            anlass="berichtsrunde_geoeffnet", bezug=f"berichtsrunde:{runde.pk}"
        ).count()
        == 3
    )
    an_b = next(m for m in mail.outbox if m.to == ["partner_b@example.org"])
    assert "5.2 / 1 b" in an_b.body


def test_only_a_planned_round_opens_and_only_one_at_a_time(personen, plan, runde):
    berichtsrunden.oeffnen(runde, mails=False)
    with pytest.raises(ValidationError):
        berichtsrunden.oeffnen(runde, mails=False)
    zweite = b.berichtsrunde(titel="zweite")
    with pytest.raises(ValidationError):
        berichtsrunden.oeffnen(zweite, mails=False)
    assert not zweite.anfragen.exists()


def test_response_rate_per_handlungsfeld_and_akteur(personen, plan, runde):
    berichtsrunden.oeffnen(runde, mails=False)
    melden(personen, "partner_a", plan.a)
    zurueck = melden(personen, "partner_b", plan.b)
    sachstaende.zurueckgeben(zurueck, personen.buero, "Bitte genauer.")  # does not count
    assert berichtsrunden.ruecklauf_gesamt(runde) == {"anfragen": 4, "antworten": 1, "quote": 25}
    nach_hf = {z["nummer"]: z for z in berichtsrunden.ruecklauf_nach_handlungsfeld(runde)}
    assert list(nach_hf) == ["4.1.2", "5.2"]
    assert (nach_hf["5.2"]["anfragen"], nach_hf["5.2"]["antworten"]) == (3, 1)
    assert round(nach_hf["5.2"]["quote"]) == 33
    assert (nach_hf["4.1.2"]["antworten"], nach_hf["4.1.2"]["quote"]) == (0, 0)
    nach_akteur = {z["name"]: z for z in berichtsrunden.ruecklauf_nach_akteur(runde)}
    assert (nach_akteur["Amt A"]["anfragen"], nach_akteur["Amt A"]["antworten"]) == (2, 1)
    assert nach_akteur["Amt A"]["quote"] == 50
    assert nach_akteur["Verein B"]["quote"] == 0


def test_response_rate_is_computed_by_the_database(
    personen, plan, runde, django_assert_num_queries
):
    berichtsrunden.oeffnen(runde, mails=False)
    with django_assert_num_queries(1):
        list(berichtsrunden.ruecklauf_nach_handlungsfeld(runde))
    with django_assert_num_queries(1):
        list(berichtsrunden.ruecklauf_nach_akteur(runde))


def test_remind_mails_only_those_who_have_not_answered(
    personen, plan, runde, django_capture_on_commit_callbacks
):
    berichtsrunden.oeffnen(runde, mails=False)
    melden(personen, "partner_b", plan.b)
    melden(personen, "partner_b", plan.a)
    with django_capture_on_commit_callbacks(execute=True):
        versand = berichtsrunden.erinnern(runde)
    # A still owes 5.2-1a and 4.1.2-1a; B has answered both.
    assert versand.anfragen == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kollegin_a@example.org",
        "partner_a@example.org",
    ]
    assert "Erinnerung" in mail.outbox[0].subject
    erinnert = Berichtsanfrage.objects.filter(erinnert_am__isnull=False)
    assert set(erinnert.values_list("akteur__name", flat=True)) == {"Amt A"}
    assert erinnert.count() == 2


def test_remind_only_in_an_open_round(personen, plan, runde):
    with pytest.raises(ValidationError):
        berichtsrunden.erinnern(runde)


def test_closing_keeps_what_the_round_knew(personen, plan, runde):
    berichtsrunden.oeffnen(runde, mails=False)
    s = melden(personen, "partner_a", plan.a, fortschritt=70, ampel=Ampel.GEFAEHRDET)
    sachstaende.freigeben(s, personen.buero)
    berichtsrunden.schliessen(runde)
    runde.refresh_from_db()
    assert runde.status == RundenStatus.GESCHLOSSEN and runde.geschlossen_am
    staende = {x.massnahme_id: x for x in Berichtsstand.objects.filter(berichtsrunde=runde)}
    assert set(staende) == {plan.a.pk, plan.b.pk, plan.c.pk, plan.d.pk}
    assert (staende[plan.a.pk].fortschritt, staende[plan.a.pk].ampel) == (70, Ampel.GEFAEHRDET)
    assert staende[plan.c.pk].status == Status.UMGESETZT
    # Later changes to the measure do not change what the round knew.
    plan.a.fortschritt = 90
    plan.a.save()
    assert Berichtsstand.objects.get(berichtsrunde=runde, massnahme=plan.a).fortschritt == 70
    # Nothing more joins or changes in the closed round.
    with pytest.raises(ValidationError):
        melden(personen, "partner_a", plan.d, berichtsrunde=runde)
    s.refresh_from_db()
    s.text = "nachher"
    with pytest.raises(ValidationError):
        s.save()


def test_closing_waits_for_reviews(personen, plan, runde):
    berichtsrunden.oeffnen(runde, mails=False)
    s = melden(personen, "partner_a", plan.a)
    with pytest.raises(ValidationError):
        berichtsrunden.schliessen(runde)
    assert not Berichtsstand.objects.exists()
    sachstaende.zurueckgeben(s, personen.buero, "Bitte genauer.")
    berichtsrunden.schliessen(runde)
    assert Berichtsstand.objects.filter(berichtsrunde=runde).count() == 4


def test_two_rounds_can_be_compared(personen, plan):
    erste = b.berichtsrunde(titel="2025", stichtag="2025-06-30", faellig_am="2025-07-31")
    berichtsrunden.oeffnen(erste, mails=False)
    berichtsrunden.schliessen(erste)
    zweite = b.berichtsrunde(titel="2026")
    berichtsrunden.oeffnen(zweite, mails=False)
    sachstaende.freigeben(melden(personen, "partner_a", plan.a, fortschritt=40), personen.buero)
    berichtsrunden.schliessen(zweite)
    verlauf = list(
        Berichtsstand.objects.filter(massnahme=plan.a)
        .order_by("berichtsrunde__stichtag")
        .values_list("berichtsrunde__titel", "fortschritt")
    )
    assert verlauf == [("2025", 0), ("2026", 40)]


# --- the admin -----------------------------------------------------------------------------


def test_staff_open_remind_and_close_in_the_admin(
    client, personen, plan, runde, django_capture_on_commit_callbacks
):
    client.force_login(personen.buero)
    liste = reverse("admin:measures_berichtsrunde_changelist")
    # Asked first (tests/measures/test_berichtsrunde_bestaetigung.py), then confirmed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            liste, {"action": "oeffnen_aktion", "_selected_action": [runde.pk], "post": "yes"}
        )
    runde.refresh_from_db()
    assert runde.status == RundenStatus.OFFEN
    assert len(mail.outbox) == 3
    melden(personen, "partner_a", plan.a)
    ruecklauf = reverse("admin:measures_berichtsrunde_ruecklauf", args=[runde.pk])
    seite = client.get(ruecklauf)
    assert seite.status_code == 200
    inhalt = seite.content.decode()
    assert "1 von 4 Anfragen beantwortet (25 %)" in inhalt
    assert "Amt A" in inhalt and "5.2 Arbeit" in inhalt
    assert "1 Sachstand wartet auf Prüfung" in inhalt
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ruecklauf, {"schritt": "erinnern"})
    assert len(mail.outbox) == 3 + 3  # A still owes 4.1.2-1a, B owes both
    schliessen = reverse("admin:measures_berichtsrunde_schliessen", args=[runde.pk])
    antwort = client.post(schliessen, follow=True)
    assert "warten noch auf Prüfung" in antwort.content.decode()
    runde.refresh_from_db()
    assert runde.status == RundenStatus.OFFEN
    sachstaende.freigeben(runde.sachstaende.get(), personen.buero)
    client.post(schliessen)
    runde.refresh_from_db()
    assert runde.status == RundenStatus.GESCHLOSSEN
    # Closed: read-only and not deletable.
    aendern = reverse("admin:measures_berichtsrunde_change", args=[runde.pk])
    assert 'name="titel"' not in client.get(aendern).content.decode()
    assert (
        client.post(
            reverse("admin:measures_berichtsrunde_delete", args=[runde.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Berichtsrunde.objects.filter(pk=runde.pk).exists()


def test_list_shows_the_response_rate(client, personen, plan, runde):
    berichtsrunden.oeffnen(runde, mails=False)
    melden(personen, "partner_a", plan.a)
    client.force_login(personen.buero)
    inhalt = client.get(reverse("admin:measures_berichtsrunde_changelist")).content.decode()
    assert "1 von 4 (25 %)" in inhalt


@pytest.mark.parametrize("wer", [None, "partner_a", "partner_b", "buergerschaft"])
def test_only_staff_steer_rounds(client, personen, plan, runde, wer):
    if wer:
        client.force_login(getattr(personen, wer))
    ruecklauf = reverse("admin:measures_berichtsrunde_ruecklauf", args=[runde.pk])
    for url in (
        ruecklauf,
        reverse("admin:measures_berichtsrunde_changelist"),
        reverse("admin:measures_berichtsrunde_add"),
        reverse("admin:measures_berichtsrunde_change", args=[runde.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    client.post(
        reverse("admin:measures_berichtsrunde_changelist"),
        {"action": "oeffnen_aktion", "_selected_action": [runde.pk], "post": "yes"},
    )
    client.post(ruecklauf, {"schritt": "oeffnen"})
    client.post(reverse("admin:measures_berichtsrunde_oeffnen", args=[runde.pk]))
    runde.refresh_from_db()
    assert runde.status == RundenStatus.GEPLANT


def test_reminder_command_for_a_scheduler(
    personen, plan, runde, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    def laufen(*args):
        ausgabe = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("berichtsrunde_erinnern", *args, stdout=ausgabe)
        return ausgabe.getvalue()

    assert "Keine Berichtsrunde offen" in laufen()
    berichtsrunden.oeffnen(runde, mails=False)
    assert "4 offene Anfragen, 3 E-Mails" in laufen("--nicht-vor-tagen", "7")
    assert len(mail.outbox) == 3
    assert "diesmal nicht" in laufen("--nicht-vor-tagen", "7")
    assert len(mail.outbox) == 3
    laufen()  # without a pause: reminds again
    assert len(mail.outbox) == 6
