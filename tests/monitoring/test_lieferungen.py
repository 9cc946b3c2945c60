"""Reminders to the data owners (monitoring/lieferungen.py, ``datenlieferungen_erinnern``):
one mail on the due date, one when overdue, never twice; the Büro is told, also of owners it
cannot reach; a delivery moves the due date on instead."""

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from measures.models import Ansprechperson
from monitoring.choices import Rhythmus
from monitoring.models import Indikator, Lieferungserinnerung
from tests import builders as b
from versand.models import Mail

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
FAELLIG = date(2027, 6, 30)


@pytest.fixture
def statistik(personen):
    akteur = b.akteur("Kommunale Statistikstelle")
    Ansprechperson.objects.create(akteur=akteur, name="Stefanie Statistik", email="st@example.org")
    Ansprechperson.objects.create(
        akteur=akteur, name="Ausgeschieden", email="alt@example.org", aktiv=False
    )
    return akteur


@pytest.fixture
def indikator(statistik):
    return b.indikator(
        "sgb2-quote",
        name="SGB-II-Quote",
        verantwortlich=statistik,
        rhythmus=Rhythmus.JAEHRLICH,
        naechste_lieferung=FAELLIG,
    )


@pytest.fixture
def laufen(django_capture_on_commit_callbacks):
    """Run the command at 06:00 on a day; returns ``{address: [messages]}`` of that run."""

    def ausfuehren(datum):
        vorher = len(mail.outbox)
        with (
            time_machine.travel(datetime.combine(datum, time(6), tzinfo=BERLIN), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command(
                "datenlieferungen_erinnern", "--datum", datum.isoformat(), stdout=io.StringIO()
            )
        post = {}
        for nachricht in mail.outbox[vorher:]:
            for adresse in nachricht.to:
                post.setdefault(adresse.lower(), []).append(nachricht)
        return post

    return ausfuehren


def tag(abstand):
    return FAELLIG + timedelta(days=abstand)


def test_nothing_before_the_due_date(indikator, laufen):
    assert laufen(tag(-1)) == {}
    assert not Lieferungserinnerung.objects.exists()


def test_a_due_data_owner_gets_one_reminder(indikator, laufen, personen):
    post = laufen(tag(0))

    assert set(post) == {"st@example.org", personen.buero.email}  # not the inactive contact
    (nachricht,) = post["st@example.org"]
    assert nachricht.subject == "Datenlieferung fällig: SGB-II-Quote"
    assert "Guten Tag Stefanie Statistik," in nachricht.body
    assert "neue Daten vom Datenhalter „Kommunale Statistikstelle“" in nachricht.body
    assert "fällig am 30.06.2027" in nachricht.body
    assert "Bitte senden Sie die neuen Werte" in nachricht.body
    assert "http://" in nachricht.body and "/indikatoren/sgb2-quote/" in nachricht.body
    assert nachricht.reply_to == ["integration@rostock.de"]
    (kopie,) = post[personen.buero.email]
    assert kopie.subject == "Datenlieferungen am 30.06.2027: 1 Indikator fällig"
    assert "SGB-II-Quote (Kommunale Statistikstelle)" in kopie.body
    assert "erinnert: st@example.org" in kopie.body
    # Twice the same day, and the days after: nothing more.
    assert laufen(tag(0)) == {}
    assert laufen(tag(1)) == {}
    assert laufen(tag(13)) == {}
    assert Lieferungserinnerung.objects.filter(indikator=indikator).count() == 1
    assert Mail.objects.filter(anlass="datenlieferung_erinnerung").count() == 1


def test_overdue_sends_the_second_step_once(indikator, laufen):
    laufen(tag(0))
    post = laufen(tag(14))

    (nachricht,) = post["st@example.org"]
    assert nachricht.subject == "Überfällige Datenlieferung: SGB-II-Quote"
    assert "überfällig: fällig war die Lieferung am 30.06.2027" in nachricht.body
    assert laufen(tag(14)) == {}
    assert laufen(tag(40)) == {}
    stufen = Lieferungserinnerung.objects.values_list("stufe", flat=True).order_by("stufe")
    assert list(stufen) == ["faellig", "ueberfaellig"]


def test_a_missed_day_is_caught_up_in_one_mail(indikator, laufen):
    post = laufen(tag(20))

    assert len(post["st@example.org"]) == 1
    assert post["st@example.org"][0].subject.startswith("Überfällige Datenlieferung")
    assert Lieferungserinnerung.objects.count() == 2
    assert laufen(tag(21)) == {}


def test_one_mail_per_person_for_all_that_is_due(indikator, statistik, laufen):
    b.indikator(
        "arbeitslosenquote",
        name="Arbeitslosenquote",
        verantwortlich=statistik,
        naechste_lieferung=tag(-3),
    )
    post = laufen(tag(0))

    (nachricht,) = post["st@example.org"]
    assert nachricht.subject == "Datenlieferungen für 2 Indikatoren fällig"
    assert "SGB-II-Quote" in nachricht.body and "Arbeitslosenquote" in nachricht.body


def test_without_owner_or_address_the_buero_is_told(statistik, laufen, personen):
    b.indikator("ohne-halter", name="Ohne Halter", naechste_lieferung=FAELLIG)
    stumm = b.akteur("Verein ohne Adresse")
    Ansprechperson.objects.create(akteur=stumm, name="Ohne Mail")
    b.indikator("stumm", name="Stummer Halter", verantwortlich=stumm, naechste_lieferung=FAELLIG)

    post = laufen(tag(0))

    assert set(post) == {personen.buero.email}
    (kopie,) = post[personen.buero.email]
    assert "Ohne Halter (kein Datenhalter)" in kopie.body
    assert "nicht erinnert: kein Datenhalter eingetragen" in kopie.body
    assert "nicht erinnert: keine erreichbare Ansprechperson beim Datenhalter" in kopie.body
    assert "2 Datenhalter sind nicht erreichbar." in kopie.body
    assert Lieferungserinnerung.objects.count() == 2  # told once, not every day
    assert laufen(tag(1)) == {}


def test_internal_indicator_is_named_without_a_link(statistik, laufen):
    b.indikator(
        "intern",
        name="Interne Zahl",
        oeffentlich=False,
        verantwortlich=statistik,
        naechste_lieferung=FAELLIG,
    )
    (nachricht,) = laufen(tag(0))["st@example.org"]
    assert "Interne Zahl" in nachricht.body and "/indikatoren/intern/" not in nachricht.body


def _neuer_wert(indikator, jahr, am):
    with time_machine.travel(datetime.combine(am, time(10), tzinfo=BERLIN), tick=False):
        return b.messwert(indikator, jahr, "11.2")


def test_a_delivery_moves_the_due_date_on_instead_of_reminding(indikator, laufen):
    _neuer_wert(indikator, 2026, tag(-20))  # published three weeks early

    assert laufen(tag(0)) == {}
    indikator.refresh_from_db()
    assert indikator.naechste_lieferung == date(2028, 6, 30)
    assert not Lieferungserinnerung.objects.exists()


def test_a_late_delivery_ends_the_reminders(indikator, laufen):
    laufen(tag(0))
    _neuer_wert(indikator, 2026, tag(5))

    assert laufen(tag(14)) == {}
    indikator.refresh_from_db()
    assert indikator.naechste_lieferung == date(2028, 6, 30)


def test_last_years_delivery_or_a_correction_is_no_delivery(indikator, laufen):
    alt = _neuer_wert(indikator, 2025, date(2026, 7, 10))  # last year's, before the window
    with time_machine.travel(datetime.combine(tag(-1), time(10), tzinfo=BERLIN), tick=False):
        alt.wert = "11.3"
        alt.save()  # a correction of an old value

    assert "st@example.org" in laufen(tag(0))
    indikator.refresh_from_db()
    assert indikator.naechste_lieferung == FAELLIG


def test_an_irregular_source_leaves_the_next_date_to_the_buero(indikator, laufen):
    Indikator.objects.filter(pk=indikator.pk).update(rhythmus=Rhythmus.UNREGELMAESSIG)
    _neuer_wert(indikator, 2026, tag(1))

    laufen(tag(2))
    indikator.refresh_from_db()
    assert indikator.naechste_lieferung is None


def test_the_task_runs_the_same(indikator, django_capture_on_commit_callbacks):
    from monitoring.tasks import datenlieferungen_erinnern

    with django_capture_on_commit_callbacks(execute=True):
        ergebnis = datenlieferungen_erinnern.enqueue(tag(0).isoformat())
    assert "1 Indikatoren erinnert, 1 E-Mails" in ergebnis.return_value
    assert [m.to for m in mail.outbox if m.to == ["st@example.org"]] == [["st@example.org"]]


def test_a_wrong_date_is_a_clear_message():
    with pytest.raises(CommandError, match="JJJJ-MM-TT"):
        call_command("datenlieferungen_erinnern", "--datum", "30.06.2027")
