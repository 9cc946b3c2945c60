"""Benchmark of the mail queue: a Berichtsrunde for the whole concept, 400 Ansprechpersonen.

Called by ``tests/bench/__main__.py`` (``make bench BENCH=versand``). In a throw-away database
with the 2020 concept (all its Zuständigkeiten asked), 400 Ansprechpersonen spread over the
Akteure (three of four with an account). Prints the time to open the round and enqueue its
mails (``measures.berichtsrunden.oeffnen``, counted as ``versand.Mail`` rows, whichever code
writes them), then the time ONE real ``manage.py db_worker`` process needs to deliver every
mail over SMTP to a local sink (tests/smtp_sink.py). Aims: enqueue < 2 s, 400 mails < 60 s.
"""

import time

from django.contrib.auth.models import User
from django.test import override_settings

from measures import berichtsrunden
from measures.choices import AnsprechpersonRolle
from measures.models import Akteur, Ansprechperson, Zustaendigkeit
from tests import builders as b
from tests.bench.wegwerf import wegwerf_datenbank
from tests.smtp_sink import SmtpSink
from tests.worker_prozess import db_worker
from versand.models import Mail, MailStatus

PERSONEN = 400
ZIEL_EINREIHEN = 2.0
ZIEL_ZUSTELLEN = 60.0


def ansprechpersonen_anlegen(anzahl=PERSONEN):
    """``anzahl`` people spread round-robin over the Akteure that have Zuständigkeiten."""
    akteure = list(Akteur.objects.filter(zustaendigkeiten__isnull=False).distinct().order_by("pk"))
    konten = User.objects.bulk_create(
        [
            User(username=f"bench-{i}", email=f"person{i}@example.org", password="!")
            for i in range(anzahl)
            if i % 4
        ]
    )
    konten = iter(User.objects.filter(username__startswith="bench-").order_by("pk"))
    personen = []
    for i in range(anzahl):
        mit_konto = bool(i % 4)
        personen.append(
            Ansprechperson(
                akteur=akteure[i % len(akteure)],
                user=next(konten) if mit_konto else None,
                name=f"Person {i}",
                email="" if mit_konto else f"person{i}@example.org",
                rolle=AnsprechpersonRolle.KOORDINIERT
                if i % 10 == 0
                else AnsprechpersonRolle.MELDET,
            )
        )
    Ansprechperson.objects.bulk_create(personen)
    return akteure


def _smtp_settings(sink):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=sink.host,
        EMAIL_PORT=sink.port,
        EMAIL_USE_TLS=False,
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
    )


def _grundlinie(sink, mails):
    """The floor: the same messages sent by Django's SMTP backend over one connection."""
    from django.core.mail import EmailMessage, get_connection

    nachrichten = [EmailMessage(m.betreff, m.text, to=[m.empfaenger]) for m in mails]
    start = time.perf_counter()
    with get_connection() as verbindung:
        verbindung.send_messages(nachrichten)
    dauer = time.perf_counter() - start
    sink.warten_auf(len(mails), sekunden=5)
    return dauer


def run(ausgabe=print):
    with wegwerf_datenbank("bench-versand-", konzept=True) as test_db, SmtpSink() as sink:
        akteure = ansprechpersonen_anlegen()
        runde = b.berichtsrunde("Bench-Runde")
        ausgabe(
            f"Versand ({Zustaendigkeit.objects.count()} Zuständigkeiten, {len(akteure)} Akteure, "
            f"{PERSONEN} Ansprechpersonen; Datenbank {test_db}):"
        )
        with _smtp_settings(sink):
            start = time.perf_counter()
            versand = berichtsrunden.oeffnen(runde)
            einreihen_s = time.perf_counter() - start
            mails = Mail.objects.count()
            direkt = len(sink.nachrichten)
            ausgabe(
                f"  Runde öffnen + einreihen      {einreihen_s:6.2f} s  ({versand.anfragen} "
                f"Anfragen, {mails} E-Mails eingereiht; Ziel < {ZIEL_EINREIHEN:.0f} s)"
            )
            if direkt:
                ausgabe(
                    f"  … davon {direkt} E-Mails direkt in der Anfrage gesendet (nicht versand)"
                )
            grundlinie_s = _grundlinie(sink, list(Mail.objects.all()))
        vorher = len(sink.nachrichten)
        start = time.perf_counter()
        prozess = db_worker(sink)
        zustellen_s = time.perf_counter() - start
        if prozess.returncode:
            ausgabe(prozess.stderr[-3000:])
        angekommen = len(sink.warten_auf(vorher + mails, sekunden=5)) - vorher
        versendet = Mail.objects.filter(status=MailStatus.VERSENDET).count()
        ausgabe(
            f"  ein db_worker stellt zu        {zustellen_s:6.2f} s  ({angekommen} angekommen, "
            f"{versendet}/{mails} versendet, {mails / zustellen_s:5.1f} E-Mails/s; "
            f"Ziel < {ZIEL_ZUSTELLEN:.0f} s)"
        )
        ausgabe(
            f"  Grundlinie: dieselben E-Mails über eine SMTP-Verbindung in diesem Prozess "
            f"{grundlinie_s:6.2f} s; der Worker braucht das "
            f"{zustellen_s / grundlinie_s:4.1f}-fache "
            "(Start, je E-Mail eine Aufgabe mit Sperre und Protokoll)"
        )
