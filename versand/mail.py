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


def einreihen(empfaenger, betreff, text, *, anlass, bezug="", antwort_an=""):
    """Store a Mail for each address in ``empfaenger`` and send each on the worker after commit.

    Returns the stored Mails. Addresses are compared case-insensitively: one mail per person
    even when two accounts share an address.
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
    for mail_id in ids:
        senden.enqueue(mail_id)


@task()
def senden(mail_id):
    """Send one stored Mail; retried on temporary failures (``WARTEZEITEN``)."""
    mail = Mail.objects.filter(pk=mail_id, status=MailStatus.WARTET).first()
    if mail is None:  # already sent (a retried task after a crash) or deleted
        return "nichts zu tun"
    mail.versuche += 1
    nachricht = EmailMessage(
        mail.betreff,
        mail.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.empfaenger],
        reply_to=[mail.antwort_an] if mail.antwort_an else None,
    )
    try:
        nachricht.send()
    except VORUEBERGEHENDE_FEHLER as fehler:
        mail.letzter_fehler = f"{type(fehler).__name__}: {fehler}"
        if mail.versuche <= len(WARTEZEITEN):
            mail.save(update_fields=["versuche", "letzter_fehler"])
            pause = WARTEZEITEN[mail.versuche - 1]
            senden.using(run_after=timezone.now() + pause).enqueue(mail.pk)
            logger.warning(
                "Mail %s: Versuch %s fehlgeschlagen (%s)", mail.pk, mail.versuche, fehler
            )
            return "erneut eingereiht"
        mail.status = MailStatus.FEHLGESCHLAGEN
        mail.save(update_fields=["versuche", "letzter_fehler", "status"])
        logger.error("Mail %s endgültig fehlgeschlagen: %s", mail.pk, fehler)
        raise
    mail.status = MailStatus.VERSENDET
    mail.versendet_am = timezone.now()
    mail.letzter_fehler = ""
    mail.save(update_fields=["versuche", "letzter_fehler", "status", "versendet_am"])
    return "versendet"


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
