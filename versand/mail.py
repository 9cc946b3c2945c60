"""Sending e-mail in the background: ``einreihen`` in the request, ``senden`` on the worker.

``einreihen`` stores one Mail per recipient and enqueues its task when the surrounding
transaction commits (a rolled-back request sends nothing, and the worker never looks for a row
that is not there yet). The task sends through Django's configured backend; an SMTP or network
failure is retried with growing pauses, and after the last attempt the Mail is marked
*fehlgeschlagen* and the task fails, so that both show in the admin.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from versand.models import Mail, MailStatus

logger = logging.getLogger(__name__)

# Pauses before the 2nd, 3rd, … attempt: a mail server back within the hour still gets it.
WARTEZEITEN = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
)
VORUEBERGEHENDE_FEHLER = (smtplib.SMTPException, OSError)
# What remains of a confidential Mail's text once it is sent (not translated: stored data).
GELOESCHT = "(vertraulicher Inhalt, nach dem Versand gelöscht)"


def einreihen(empfaenger, betreff, text, *, anlass, bezug="", antwort_an="", vertraulich=False):
    """Store a Mail for each address in ``empfaenger`` and send each on the worker after commit.

    Returns the stored Mails. Addresses are compared case-insensitively: one mail per person
    even when two accounts share an address. ``vertraulich`` for a text with a sign-in link:
    hidden in the admin, erased after sending.
    """
    if isinstance(empfaenger, str):
        empfaenger = [empfaenger]
    gesehen, adressen = set(), []
    for adresse in empfaenger:
        schluessel = (adresse or "").strip().lower()
        if schluessel and schluessel not in gesehen:
            gesehen.add(schluessel)
            adressen.append(adresse.strip())
    betreff = " ".join(betreff.split())  # a header has no line breaks
    mails = Mail.objects.bulk_create(
        [
            Mail(
                empfaenger=adresse,
                betreff=betreff[:300],
                text=text,
                anlass=anlass,
                bezug=bezug,
                antwort_an=antwort_an,
                vertraulich=vertraulich,
            )
            for adresse in adressen
        ]
    )
    if mails and mails[0].pk is None:  # backends without RETURNING (none we run on)
        mails = list(Mail.objects.filter(anlass=anlass, bezug=bezug).order_by("-pk")[: len(mails)])
    ids = [mail.pk for mail in mails]
    transaction.on_commit(lambda: _alle_starten(ids))
    return mails


def _alle_starten(ids):
    # One transaction for all: after the request's commit each INSERT would otherwise commit
    # (and on SQLite sync to disk) on its own, 400 mails of a round took seconds.
    with transaction.atomic():
        for mail_id in ids:
            senden.enqueue(mail_id)


@task()
def senden(mail_id, versuch=1):
    """Send one stored Mail; retried on temporary failures (``WARTEZEITEN``).

    ``versuch`` counts the attempts of this series (a resend from the admin starts a new one);
    ``Mail.versuche`` counts all attempts ever made, for the Büro.
    """
    mail = Mail.objects.filter(pk=mail_id, status=MailStatus.WARTET).first()
    if mail is None:  # already sent (a retried task after a crash) or deleted
        return "nichts zu tun"
    mail.versuche += 1
    try:
        _zustellen(mail)
    except VORUEBERGEHENDE_FEHLER as fehler:
        # A backend without run_after (immediate: tests, TASKS_BACKEND=immediate) cannot wait;
        # the Mail then shows as failed at once instead of "wartet" for ever.
        if versuch <= len(WARTEZEITEN) and senden.get_backend().supports_defer:
            _spaeter_erneut(mail, versuch, fehler)
            return "erneut eingereiht"
        _aufgeben(mail, fehler)
        raise
    except Exception as fehler:
        # Anything else (a bad address, a broken template) will not heal by waiting: the Mail
        # shows as failed at once instead of waiting for ever.
        _aufgeben(mail, fehler)
        raise
    mail.status = MailStatus.VERSENDET
    mail.versendet_am = timezone.now()
    mail.letzter_fehler = ""
    if mail.vertraulich:
        mail.text = GELOESCHT
    mail.save(update_fields=["versuche", "letzter_fehler", "status", "versendet_am", "text"])
    return "versendet"


def _zustellen(mail):
    EmailMessage(
        mail.betreff,
        mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.empfaenger],
        reply_to=[mail.antwort_an] if mail.antwort_an else None,
    ).send()


def _fehlertext(fehler):
    return f"{type(fehler).__name__}: {fehler}"[:2000]


def _spaeter_erneut(mail, versuch, fehler):
    mail.letzter_fehler = _fehlertext(fehler)
    mail.save(update_fields=["versuche", "letzter_fehler"])
    pause = WARTEZEITEN[versuch - 1]
    senden.using(run_after=timezone.now() + pause).enqueue(mail.pk, versuch + 1)
    logger.warning("Mail %s: Versuch %s fehlgeschlagen (%s)", mail.pk, versuch, fehler)


def _aufgeben(mail, fehler):
    mail.status = MailStatus.FEHLGESCHLAGEN
    mail.letzter_fehler = _fehlertext(fehler)
    mail.save(update_fields=["versuche", "letzter_fehler", "status"])
    logger.error("Mail %s endgültig fehlgeschlagen: %s", mail.pk, fehler)


def erneut_senden(mails):
    """Give failed Mails a new series of attempts (the admin's action); returns how many.

    Only failed ones: a second click, or a Mail sent meanwhile, enqueues nothing twice.
    """
    ids = list(mails.filter(status=MailStatus.FEHLGESCHLAGEN).values_list("pk", flat=True))
    Mail.objects.filter(pk__in=ids, status=MailStatus.FEHLGESCHLAGEN).update(
        status=MailStatus.WARTET
    )
    transaction.on_commit(lambda: _alle_starten(ids))
    return len(ids)


def einreihen_je_empfaenger(nachrichten, *, anlass, bezug="", antwort_an=""):
    """``einreihen`` for many mails that differ per recipient, in one INSERT (a round's mails).

    ``nachrichten``: ``[(adresse, betreff, text), …]``, one per person (the caller groups by
    address). Returns the stored Mails; each is sent on the worker after the commit.
    """
    mails = Mail.objects.bulk_create(
        [
            Mail(
                empfaenger=adresse.strip(),
                betreff=" ".join(betreff.split())[:300],
                text=text,
                anlass=anlass,
                bezug=bezug,
                antwort_an=antwort_an,
            )
            for adresse, betreff, text in nachrichten
            if (adresse or "").strip()
        ],
        batch_size=500,
    )
    ids = [mail.pk for mail in mails]
    transaction.on_commit(lambda: _alle_starten(ids))
    return mails
