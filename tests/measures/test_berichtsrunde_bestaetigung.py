"""Opening and closing a Berichtsrunde cannot be undone: the admin asks first and says what
will happen; only the POST from that page acts (the first click changes nothing)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from measures import berichtsrunden, sachstaende
from measures.choices import Ampel, RundenStatus, Seite, Status
from measures.models import Berichtsanfrage, Berichtsstand
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen
from versand.models import Mail

LISTE = reverse("admin:measures_berichtsrunde_changelist")


@pytest.fixture
def plan(personen):
    """The partner plan plus Verein C, responsible for 5.2-1b, whose only member left."""
    plan = plan_anlegen(personen)
    verein_c = b.akteur("Verein C", seite=Seite.EXTERN)
    b.zustaendigkeit(plan.b, verein_c)
    ehemalig = User.objects.create_user("ehemalig", "ehemalig@example.org", is_active=False)
    verein_c.mitglieder.add(ehemalig)
    return plan


@pytest.fixture
def runde(plan):
    return b.berichtsrunde(
        titel="Sachstandsbericht 2026", faellig_am=timezone.localdate() + timedelta(days=20)
    )


@pytest.fixture
def buero(client, personen):
    client.force_login(personen.buero)
    return client


def url(name, runde):
    return reverse(f"admin:measures_berichtsrunde_{name}", args=[runde.pk])


def unveraendert(runde, status):
    runde.refresh_from_db()
    return runde.status == status and not mail.outbox and not Mail.objects.exists()


# --- opening --------------------------------------------------------------------------------


def test_the_open_action_asks_first_and_says_what_will_happen(buero, runde):
    seite = buero.post(LISTE, {"action": "oeffnen_aktion", "_selected_action": [runde.pk]})
    assert seite.status_code == 200
    assert unveraendert(runde, RundenStatus.GEPLANT)
    assert not Berichtsanfrage.objects.exists()
    inhalt = seite.content.decode()
    assert "Sachstandsbericht 2026" in inhalt
    assert "5 Anfragen an 3 Akteure" in inhalt
    assert "3 E-Mails an 3 Adressen" in inhalt
    assert "1 Akteur mit 1 Anfrage(n) hat keine erreichbare Ansprechperson" in inhalt
    assert "Verein C" in inhalt
    assert 'name="post" value="yes"' in inhalt
    assert "Ja, öffnen und E-Mails senden" in inhalt

    buero.post(LISTE, {"action": "oeffnen_aktion", "_selected_action": [runde.pk], "post": "yes"})
    runde.refresh_from_db()
    assert runde.status == RundenStatus.OFFEN
    assert Berichtsanfrage.objects.filter(berichtsrunde=runde).count() == 5
    assert Mail.objects.filter(anlass="berichtsrunde_geoeffnet").count() == 3


def test_opening_from_the_round_page_asks_first(buero, runde):
    ruecklauf = url("ruecklauf", runde)
    assert url("oeffnen", runde) in buero.get(ruecklauf).content.decode()
    # An old form posting the step straight to the Rücklauf page is sent to the question.
    antwort = buero.post(ruecklauf, {"schritt": "oeffnen"})
    assert antwort.status_code == 302 and antwort["Location"] == url("oeffnen", runde)
    seite = buero.get(url("oeffnen", runde))
    assert seite.status_code == 200
    assert "3 E-Mails an 3 Adressen" in seite.content.decode()
    assert unveraendert(runde, RundenStatus.GEPLANT)

    antwort = buero.post(url("oeffnen", runde))
    assert antwort["Location"] == ruecklauf
    runde.refresh_from_db()
    assert runde.status == RundenStatus.OFFEN
    assert Mail.objects.filter(anlass="berichtsrunde_geoeffnet").count() == 3


def test_a_round_that_cannot_open_says_why_and_offers_no_confirmation(buero, runde):
    berichtsrunden.oeffnen(b.berichtsrunde(titel="Zwischenbericht"), mails=False)
    mail.outbox.clear()
    inhalt = buero.get(url("oeffnen", runde)).content.decode()
    assert "bereits eine Berichtsrunde offen" in inhalt
    assert "Ja, öffnen" not in inhalt
    buero.post(url("oeffnen", runde))
    assert unveraendert(runde, RundenStatus.GEPLANT)


# --- closing --------------------------------------------------------------------------------


@pytest.fixture
def offen(personen, plan, runde):
    berichtsrunden.oeffnen(runde, mails=False)
    s = sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=timezone.localdate().isoformat(),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=50,
        text="gemeldet",
    )
    sachstaende.freigeben(s, personen.buero)
    # The approval's own mail to the partner (benachrichtigungen) is not what these tests ask.
    mail.outbox.clear()
    Mail.objects.all().delete()
    return runde


def test_closing_asks_first_with_what_is_unanswered_and_the_days_left(buero, offen):
    seite = buero.get(url("schliessen", offen))
    assert seite.status_code == 200
    inhalt = seite.content.decode()
    assert "4 von 5 Anfragen sind noch nicht beantwortet" in inhalt
    assert "noch 20 Tage" in inhalt
    assert "nicht rückgängig" in inhalt
    assert "Ja, Runde schließen" in inhalt
    # The old button on the Rücklauf page now leads to this question, too.
    ruecklauf = url("ruecklauf", offen)
    assert url("schliessen", offen) in buero.get(ruecklauf).content.decode()
    assert buero.post(ruecklauf, {"schritt": "schliessen"})["Location"] == url("schliessen", offen)
    assert unveraendert(offen, RundenStatus.OFFEN)
    assert not Berichtsstand.objects.exists()

    buero.post(url("schliessen", offen))
    offen.refresh_from_db()
    assert offen.status == RundenStatus.GESCHLOSSEN
    assert Berichtsstand.objects.filter(berichtsrunde=offen).exists()


def test_the_close_action_asks_first(buero, offen):
    seite = buero.post(LISTE, {"action": "schliessen_aktion", "_selected_action": [offen.pk]})
    assert seite.status_code == 200
    assert "4 von 5 Anfragen" in seite.content.decode()
    assert unveraendert(offen, RundenStatus.OFFEN)
    buero.post(
        LISTE, {"action": "schliessen_aktion", "_selected_action": [offen.pk], "post": "yes"}
    )
    offen.refresh_from_db()
    assert offen.status == RundenStatus.GESCHLOSSEN


def test_a_round_past_its_due_date_says_so(buero, offen):
    offen.faellig_am = timezone.localdate() - timedelta(days=3)
    offen.save()
    assert "Seit 3 Tagen fällig" in buero.get(url("schliessen", offen)).content.decode()


def test_closing_while_reviews_wait_says_why(buero, personen, plan, offen):
    b.sachstand(plan.d, personen.akteur_a, personen.partner_a, berichtsrunde=offen)
    inhalt = buero.get(url("schliessen", offen)).content.decode()
    assert "warten noch auf Prüfung" in inhalt
    assert "Ja, Runde schließen" not in inhalt
    buero.post(url("schliessen", offen))
    assert unveraendert(offen, RundenStatus.OFFEN)


# --- who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("wer", [None, "partner_a", "buergerschaft"])
@pytest.mark.parametrize("schritt", ["oeffnen", "schliessen"])
def test_only_staff_reach_the_questions(client, personen, runde, wer, schritt):
    if wer:
        client.force_login(getattr(personen, wer))
    for antwort in (client.get(url(schritt, runde)), client.post(url(schritt, runde))):
        assert antwort.status_code == 302
        assert antwort["Location"].startswith(reverse("admin:login"))
    assert unveraendert(runde, RundenStatus.GEPLANT)
