"""Links in notification mails.

``meldelink`` is the one place that says where a contact without an account reports: a fresh
personal round link (measures/rundenzugaenge.py). Only the token's hash is stored, so a
reminder cannot repeat the link of the round's first mail; it issues a new one beside it.
"""

from django.urls import reverse

from integration_portal.links import absolute_url
from measures import rundenzugaenge
from measures.choices import RundenStatus


def meldelink(ansprechperson, runde):
    """Where ``ansprechperson`` (without an account) reports for ``runde``.

    Outside an open round (a review mail of a Sachstand without one) there is nothing to
    report through a link; the page where a fresh link can be requested is the way back.
    """
    if runde is None or runde.status != RundenStatus.OFFEN:
        return absolute_url(reverse("measures:rundenzugang-anfordern"))
    [(_zugang, token)] = rundenzugaenge.ausstellen([ansprechperson], runde)
    return rundenzugaenge.link(token)


def meine_massnahmen():
    return absolute_url(reverse("measures:meine-massnahmen"))


def link_fuer(ansprechperson, runde):
    """The account's own page for a contact with an active account, else the personal link."""
    if ansprechperson.user_id and ansprechperson.user.is_active:
        return meine_massnahmen()
    return meldelink(ansprechperson, runde)
