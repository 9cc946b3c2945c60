"""Links in notification mails.

``meldelink`` is the one place that says where a contact without an account reports. For now it
is the public contact page; the personal round links (measures.Rundenzugang) take its place at
merge without touching the callers.
"""

from django.urls import reverse

from integration_portal.links import absolute_url


def meldelink(ansprechperson, runde):
    """Where ``ansprechperson`` (without an account) reports for ``runde``."""
    return absolute_url(reverse("measures:kontakt"))


def meine_massnahmen():
    return absolute_url(reverse("measures:meine-massnahmen"))


def link_fuer(ansprechperson, runde):
    """The account's own page for a contact with an active account, else the personal link."""
    if ansprechperson.user_id and ansprechperson.user.is_active:
        return meine_massnahmen()
    return meldelink(ansprechperson, runde)
