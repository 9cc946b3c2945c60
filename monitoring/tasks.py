"""Background work of the monitoring (django-tasks)."""

from datetime import date

from django.utils import timezone
from django_tasks import task

from monitoring import lieferungen


@task()
def datenlieferungen_erinnern(datum=None):
    """The daily run of the data-delivery reminders (``monitoring/lieferungen.py``).

    ``datum``: ISO date of the day to run for (default: today); idempotent per day.
    """
    tag = date.fromisoformat(datum) if datum else timezone.localdate()
    ergebnis = lieferungen.laufen(tag)
    return (
        f"{tag.isoformat()}: {ergebnis.fortgeschrieben} Termine fortgeschrieben, "
        f"{ergebnis.erinnerungen} Indikatoren erinnert, {ergebnis.mails} E-Mails"
    )
