"""Delete login records older than the retention period (for cron, e.g. daily).

    python manage.py datenschutz_aufraeumen            # DATENSCHUTZ_AUFBEWAHRUNG_TAGE, default 90
    python manage.py datenschutz_aufraeumen --tage 30 --trocken

Deletes django-axes' records (AccessAttempt, AccessLog, AccessFailureLog) and the sessions
that expired. The security log itself is written to the system log (journald), which keeps it
as long as its own retention says (README, "Datenschutz": ``MaxRetentionSec=90day``).
"""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Löscht Anmeldeprotokolle (django-axes) und abgelaufene Sitzungen nach der Frist."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tage",
            type=int,
            default=None,
            help="Aufbewahrungsfrist in Tagen (Standard: DATENSCHUTZ_AUFBEWAHRUNG_TAGE).",
        )
        parser.add_argument("--trocken", action="store_true", help="Nur zählen, nichts löschen.")

    def handle(self, *args, tage=None, trocken=False, **options):
        tage = settings.DATENSCHUTZ_AUFBEWAHRUNG_TAGE if tage is None else tage
        if tage < 1:
            raise CommandError("Die Frist muss mindestens einen Tag betragen.")
        grenze = timezone.now() - timedelta(days=tage)
        alt = {
            "Fehlversuche (AccessAttempt)": AccessAttempt.objects.filter(attempt_time__lt=grenze),
            "Anmeldungen (AccessLog)": AccessLog.objects.filter(attempt_time__lt=grenze),
            "fehlgeschlagene Anmeldungen (AccessFailureLog)": AccessFailureLog.objects.filter(
                attempt_time__lt=grenze
            ),
            "abgelaufene Sitzungen": Session.objects.filter(expire_date__lt=timezone.now()),
        }
        for name, queryset in alt.items():
            anzahl = queryset.count() if trocken else queryset.delete()[0]
            verb = "zu löschen" if trocken else "gelöscht"
            self.stdout.write(f"{name}: {anzahl} {verb}")
        self.stdout.write(f"Frist: {tage} Tage (älter als {grenze:%d.%m.%Y %H:%M}).")
