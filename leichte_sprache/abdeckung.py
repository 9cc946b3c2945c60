"""How many Handlungsfelder of the current Konzept have a reviewed summary (the admin's line)."""

from django.db.models import Count, Q
from django.utils.translation import ngettext

from concept.models import Handlungsfeld


def abdeckung():
    """{"alle", "vorhanden", "geprueft"} over the current Konzept's Handlungsfelder with goals.

    One query. Handlungsfelder without goals (4.1.1, 4.2.1) get no summary: they have no Leitziel
    to put into plain language.
    """
    return (
        Handlungsfeld.objects.im_aktuellen_konzept()
        .mit_zielen()
        .aggregate(
            alle=Count("pk"),
            vorhanden=Count("leichte_sprache"),
            geprueft=Count("pk", filter=Q(leichte_sprache__geprueft_am__isnull=False)),
        )
    )


def abdeckung_text(zahlen):
    """ "7 von 19 Zusammenfassungen geprüft", and how many are missing, if any."""
    text = (
        ngettext(
            "%(geprueft)d von %(alle)d Zusammenfassung geprüft",
            "%(geprueft)d von %(alle)d Zusammenfassungen geprüft",
            zahlen["alle"],
        )
        % zahlen
    )
    fehlend = zahlen["alle"] - zahlen["vorhanden"]
    if fehlend:
        text += " · " + ngettext(
            "%(n)d Handlungsfeld ohne Zusammenfassung",
            "%(n)d Handlungsfelder ohne Zusammenfassung",
            fehlend,
        ) % {"n": fehlend}
    return text
