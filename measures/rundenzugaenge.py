"""Personal round links for contacts without an account (issue 14, "Melden ohne Konto").

A link is ``/melden/<token>/`` with a random token of 256 bits; the database keeps only its
SHA-256 (``Rundenzugang.token_hash``). Whoever holds the link reports for exactly one contact,
one Akteur and one round, while that round is open and until the Büro revokes the link.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from integration_portal.links import absolute_url
from measures.choices import RundenStatus
from measures.models import Rundenzugang


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def ausstellen(ansprechpersonen, runde):
    """One fresh link per contact (one INSERT for all); returns ``[(zugang, token), …]``."""
    paare = [(p, secrets.token_urlsafe(32)) for p in ansprechpersonen]
    zugaenge = Rundenzugang.objects.bulk_create(
        [
            Rundenzugang(
                ansprechperson=p, akteur_id=p.akteur_id, berichtsrunde=runde, token_hash=_hash(t)
            )
            for p, t in paare
        ]
    )
    return list(zip(zugaenge, (t for _, t in paare), strict=True))


def link(token):
    """The absolute address of a personal link (for the mail)."""
    return absolute_url(reverse("measures:rundenzugang", kwargs={"token": token}))


# Why a link does not open the form; the page says so (templates/measures/runde/ungueltig.html).
UNBEKANNT, WIDERRUFEN, GESCHLOSSEN, INAKTIV = "unbekannt", "widerrufen", "geschlossen", "inaktiv"


@dataclass
class Pruefung:
    zugang: Rundenzugang | None
    grund: str = ""  # empty: valid

    @property
    def gueltig(self):
        return not self.grund


def pruefen(token):
    """Look the token up; says whether it opens the form now and, if not, why."""
    if not token or len(token) > 100:
        return Pruefung(None, UNBEKANNT)
    zugang = (
        Rundenzugang.objects.select_related("berichtsrunde", "akteur", "ansprechperson")
        .filter(token_hash=_hash(token))
        .first()
    )
    if zugang is None:
        return Pruefung(None, UNBEKANNT)
    if zugang.widerrufen_am is not None:
        return Pruefung(zugang, WIDERRUFEN)
    if zugang.berichtsrunde.status != RundenStatus.OFFEN:
        return Pruefung(zugang, GESCHLOSSEN)
    person = zugang.ansprechperson
    if not person.aktiv or person.akteur_id != zugang.akteur_id:
        return Pruefung(zugang, INAKTIV)
    return Pruefung(zugang)


def ist_gueltig(zugang):
    """Asked again of the database at submission: the link may have been revoked meanwhile."""
    return Rundenzugang.objects.gueltig().filter(pk=zugang.pk).exists()


def widerrufen(zugaenge):
    """Revoke links (a queryset); returns how many were still valid."""
    return zugaenge.filter(widerrufen_am__isnull=True).update(widerrufen_am=timezone.now())


def rundenformular_url(runde, akteur):
    """Where a member of ``akteur`` fills in ``runde`` (for "Meine Maßnahmen" and the mails)."""
    return reverse("measures:rundenformular", kwargs={"pk": runde.pk, "akteur": akteur.slug})
