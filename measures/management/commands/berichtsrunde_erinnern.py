"""``manage.py berichtsrunde_erinnern``: remind who has not answered in the open Berichtsrunde.

Meant for a scheduler (e.g. weekly cron while a round is open); does nothing when no round is
open. ``--nicht-vor-tagen N`` skips the run if the round's last reminder is younger than N days,
so a daily schedule still reminds only every N days.
"""

from datetime import timedelta

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from measures import berichtsrunden
from measures.choices import RundenStatus
from measures.management.hilfe import Kommando
from measures.models import Berichtsrunde


class Command(Kommando):
    help = gettext_lazy(
        "Erinnert die Mitglieder aller Akteure, die in der offenen Berichtsrunde noch keinen "
        "Sachstand gemeldet haben, per E-Mail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--nicht-vor-tagen",
            type=int,
            default=0,
            help=gettext_lazy("Nicht erinnern, wenn die letzte Erinnerung jünger ist (Tage)."),
        )

    def handle(self, *args, nicht_vor_tagen=0, **options):
        runde = (
            Berichtsrunde.objects.filter(status=RundenStatus.OFFEN)
            .annotate(zuletzt=Max("anfragen__erinnert_am"))
            .first()
        )
        if runde is None:
            self.stdout.write(_("Keine Berichtsrunde offen."))
            return
        if runde.zuletzt and runde.zuletzt > timezone.now() - timedelta(days=nicht_vor_tagen):
            self.stdout.write(
                _("„%(runde)s“: zuletzt erinnert am %(wann)s – diesmal nicht.")
                % {"runde": runde, "wann": timezone.localtime(runde.zuletzt).strftime("%d.%m.%Y")}
            )
            return
        versand = berichtsrunden.erinnern(runde)
        self.stdout.write(
            _("„%(runde)s“: %(anfragen)d offene Anfragen, %(mails)d E-Mails verschickt.")
            % {"runde": runde, "anfragen": versand.anfragen, "mails": versand.mails}
        )
