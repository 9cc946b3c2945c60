"""Closing a Berichtsrunde renders its reports and tells the Bürgerschaft they are ready.

``berichtsrunde_geschlossen`` (measures/signale.py, sent inside ``berichtsrunden.schliessen``)
→ after the commit the round's reports are enqueued (ablage.rundenberichte). The Gesamtbericht
rows carry ``"mitteilen": True``; when the last of them is done, every active member of the
group Bürgerschaft with an address gets one mail (versand.mail.einreihen) — once per round.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from berichte import ablage
from berichte.data import GESAMT
from berichte.models import Berichtsdatei, DateiStatus
from measures.models import Berichtsrunde
from measures.roles import BUERGERSCHAFT
from measures.signale import berichtsrunde_geschlossen
from versand.mail import einreihen
from versand.models import Mail

ANLASS = "berichte_fertig"


@receiver(berichtsrunde_geschlossen, dispatch_uid="berichte_rundenberichte_erstellen")
def _runde_geschlossen(sender, runde, **kwargs):
    runde_id = runde.pk
    # robust: a failure here is logged and must not turn the closed round's answer into a 500.
    transaction.on_commit(lambda: rundenberichte_anfordern(runde_id), robust=True)


def rundenberichte_anfordern(runde_id):
    """Enqueue the round's reports (after the commit: the key sees its Berichtsstände)."""
    runde = Berichtsrunde.objects.get(pk=runde_id)
    dateien = []
    for auftrag in ablage.rundenberichte(runde):
        zusatz = {"mitteilen": True} if auftrag.art == GESAMT else None
        dateien.append(ablage.anfordern(auftrag, zusatz=zusatz))
    return dateien


def _gesamtberichte(runde_id):
    return Berichtsdatei.objects.filter(
        auftrag__art=GESAMT, auftrag__berichtsrunde=runde_id, auftrag__mitteilen=True
    )


def empfaenger():
    """Addresses of the active council members (group Bürgerschaft)."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=BUERGERSCHAFT)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def mitteilen_wenn_fertig(runde_id):
    """Once all of the round's Gesamtbericht files are done: one mail per council member.

    Returns the number of Mails stored (0 while a file is missing or if already told). The
    round's row lock keeps two workers finishing at once from both sending.
    """
    with transaction.atomic():
        runde = Berichtsrunde.objects.select_for_update().filter(pk=runde_id).first()
        if runde is None:
            return 0
        staende = list(_gesamtberichte(runde_id).values_list("status", flat=True))
        if not staende or any(s != DateiStatus.FERTIG for s in staende):
            return 0
        bezug = f"berichtsrunde:{runde_id}"
        if Mail.objects.filter(anlass=ANLASS, bezug=bezug).exists():
            return 0
        kontext = {
            "runde": runde,
            "link": settings.SITE_URL.rstrip("/") + reverse("measures:buergerschaft"),
            "berichte_link": settings.SITE_URL.rstrip("/") + reverse("measures:berichte"),
        }
        with translation.override(settings.LANGUAGE_CODE):
            betreff = render_to_string("berichte/mail/berichte_fertig_betreff.txt", kontext)
            text = render_to_string("berichte/mail/berichte_fertig.txt", kontext)
        return len(einreihen(empfaenger(), betreff, text, anlass=ANLASS, bezug=bezug))
