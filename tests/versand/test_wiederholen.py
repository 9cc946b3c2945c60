"""SMTP failures are retried with growing pauses, then shown as failed; nothing is lost.

The real database backend and the real worker loop of django_tasks_db (in this process), real
SMTP to a closed port and to the sink of tests/smtp_sink.py; time moves with time-machine.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from versand.mail import WARTEZEITEN, einreihen, erneut_senden
from versand.models import Mail, MailStatus

pytestmark = pytest.mark.echte_aufgaben


def _einreihen(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (mail,) = einreihen("nora@example.org", "Hallo", "Text", anlass="test")
    return mail


def _ergebnisse():
    return list(DBTaskResult.objects.order_by("enqueued_at", "id"))


@pytest.mark.django_db
def test_closed_port_counts_attempts_waits_longer_then_fails(
    smtp_geschlossen, worker, django_capture_on_commit_callbacks, settings
):
    mail = _einreihen(django_capture_on_commit_callbacks)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as reise:
        worker()
        mail.refresh_from_db()
        assert (mail.status, mail.versuche) == (MailStatus.WARTET, 1)
        assert "ConnectionRefusedError" in mail.letzter_fehler
        erstes, zweites = _ergebnisse()
        assert erstes.status == "SUCCESSFUL" and erstes.return_value == "erneut eingereiht"
        assert zweites.status == "READY" and zweites.run_after == start + WARTEZEITEN[0]

        # Not yet due: the worker leaves it alone.
        worker()
        assert Mail.objects.get().versuche == 1

        pausen = []
        for _ in WARTEZEITEN:
            reise.move_to(_ergebnisse()[-1].run_after)
            vorher = timezone.now()
            worker()
            letztes = _ergebnisse()[-1]
            if letztes.status == "READY":
                pausen.append(letztes.run_after - vorher)
        assert pausen == list(WARTEZEITEN[1:])  # each pause longer than the one before
        assert pausen == sorted(pausen)

    mail.refresh_from_db()
    assert mail.status == MailStatus.FEHLGESCHLAGEN
    assert mail.versuche == len(WARTEZEITEN) + 1
    letztes = _ergebnisse()[-1]
    assert letztes.status == "FAILED"
    assert letztes.exception_class_path.endswith("ConnectionRefusedError")
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db
def test_a_later_attempt_that_reaches_the_server_sends(
    smtp_geschlossen, smtp, worker, django_capture_on_commit_callbacks, settings
):
    richtiger_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = smtp_geschlossen
    mail = _einreihen(django_capture_on_commit_callbacks)
    worker()
    assert Mail.objects.get().versuche == 1

    settings.EMAIL_PORT = richtiger_port  # the mail server is back
    with time_machine.travel(timezone.now() + WARTEZEITEN[0] + timedelta(seconds=1)):
        worker()
    mail.refresh_from_db()
    assert (mail.status, mail.versuche, mail.letzter_fehler) == (MailStatus.VERSENDET, 2, "")
    assert mail.versendet_am is not None
    (nachricht,) = smtp.warten_auf(1)
    assert nachricht["To"] == "nora@example.org"
    assert nachricht["Subject"] == "Hallo"


@pytest.mark.django_db
def test_a_failed_mail_sent_again_arrives_and_keeps_its_attempts(
    smtp_geschlossen, smtp, worker, django_capture_on_commit_callbacks, settings
):
    richtiger_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = smtp_geschlossen
    mail = _einreihen(django_capture_on_commit_callbacks)
    Mail.objects.filter(pk=mail.pk).update(status=MailStatus.FEHLGESCHLAGEN, versuche=5)

    settings.EMAIL_PORT = richtiger_port
    with django_capture_on_commit_callbacks(execute=True):
        assert erneut_senden(Mail.objects.all()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert erneut_senden(Mail.objects.all()) == 0  # a second click: nothing twice
    # The first task (still waiting for the closed port) and the resend run now.
    worker()
    mail.refresh_from_db()
    assert (mail.status, mail.versuche) == (MailStatus.VERSENDET, 6)
    assert len(smtp.warten_auf(1)) == 1


@pytest.mark.django_db
def test_an_error_waiting_cannot_heal_fails_at_once(
    worker, django_capture_on_commit_callbacks, settings
):
    # A header Django refuses (a line break in the address) is not retried.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail = _einreihen(django_capture_on_commit_callbacks)
    Mail.objects.filter(pk=mail.pk).update(empfaenger="a@example.org\nBcc: b@example.org")
    worker()
    mail.refresh_from_db()
    assert (mail.status, mail.versuche) == (MailStatus.FEHLGESCHLAGEN, 1)
    assert _ergebnisse()[-1].status == "FAILED"


@pytest.mark.django_db
def test_without_a_worker_a_failure_is_shown_at_once(
    smtp_geschlossen, django_capture_on_commit_callbacks
):
    """The immediate backend (TASKS_BACKEND=immediate) cannot wait: failed, not lost."""
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ):
        mail = _einreihen(django_capture_on_commit_callbacks)
    mail.refresh_from_db()
    assert (mail.status, mail.versuche) == (MailStatus.FEHLGESCHLAGEN, 1)
    assert "ConnectionRefusedError" in mail.letzter_fehler
