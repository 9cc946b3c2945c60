"""Who may see and do what: the one place views, admin and API ask (DESIGN.md, "Roles").

Every function takes the user first and answers with a plain bool or queryset, so that a view,
a ModelAdmin and a DRF permission class can share the same rule instead of writing it three times.
"""

from django.utils import timezone

from measures.choices import Pruefstatus, RundenStatus
from measures.models import Akteur, Berichtsrunde, Zustaendigkeit
from measures.roles import BUERGERSCHAFT, BUERO


def _in_gruppe(user, name):
    # Cached per request object: several checks on one page must not query the groups each time.
    cache = getattr(user, "_gruppen_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._gruppen_cache = cache
    return name in cache


def ist_buero(user):
    """Staff of the Büro für Integration: sees and changes everything.

    Superusers and accounts with admin access (``is_staff``) count as Büro, as do members of the
    Büro group, so that the admin and the portal agree on who is staff.
    """
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.is_staff or _in_gruppe(user, BUERO)


def ist_buergerschaft(user):
    """Members of the Bürgerschaft (city council): may read non-public reports, change nothing."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return ist_buero(user) or _in_gruppe(user, BUERGERSCHAFT)


def akteure_von(user):
    """The Akteure the user reports for (empty for anonymous users)."""
    if not (user and user.is_authenticated and user.is_active):
        return Akteur.objects.none()
    return Akteur.objects.filter(mitglieder=user)


def _akteur_ids(user):
    # Cached per request object like the groups: a list of Sachstände asks once, not per row.
    cache = getattr(user, "_akteur_ids_cache", None)
    if cache is None:
        cache = set(akteure_von(user).values_list("pk", flat=True))
        if user and user.is_authenticated:
            user._akteur_ids_cache = cache
    return cache


def ist_zustaendig(user, massnahme):
    """True if one of the user's Akteure is responsible for the Maßnahme."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return Zustaendigkeit.objects.filter(massnahme=massnahme, akteur__mitglieder=user).exists()


def kann_interne_notiz_sehen(user, massnahme):
    """The internal note is for the Büro and the Akteure responsible for the measure only."""
    return ist_buero(user) or ist_zustaendig(user, massnahme)


# --- Sachstände (partner side) ---------------------------------------------------------------


def kann_sachstand_melden(user, massnahme):
    """A partner may submit a Sachstand for a measure one of their Akteure is responsible for.

    Staff enter nothing through the partner form (they review in the admin), and council members
    change nothing, so membership of a responsible Akteur is the whole rule.
    """
    return ist_zustaendig(user, massnahme)


def kann_sachstand_sehen(user, sachstand):
    """Approved Sachstände are public; the others only for the Büro and the reporting Akteur."""
    if sachstand.pruefstatus == Pruefstatus.FREIGEGEBEN or ist_buero(user):
        return True
    return sachstand.akteur_id in _akteur_ids(user)


def kann_sachstand_aendern(user, sachstand):
    """Members of the reporting Akteur may correct a Sachstand while it waits for review.

    Once reviewed (approved or sent back) or once its Berichtsrunde is closed it stays as it was:
    after a send-back the partner submits a new one, so the comment keeps its context.
    """
    if sachstand.pruefstatus != Pruefstatus.EINGEREICHT or sachstand.ist_fixiert:
        return False
    return sachstand.akteur_id in _akteur_ids(user)


def kann_sachstand_pruefen(user, sachstand=None):
    """Only the Büro reviews, and only what is still waiting (not in a closed round)."""
    if not ist_buero(user):
        return False
    if sachstand is None:
        return True
    return sachstand.pruefstatus == Pruefstatus.EINGEREICHT and not sachstand.ist_fixiert


def kann_berichtsrunden_steuern(user):
    """Opening, reminding and closing Berichtsrunden is the Büro's job."""
    return ist_buero(user)


def darf_internen_bericht_sehen(user):
    """Reports with internal notes are non-public: for the Bürgerschaft and the Büro only.

    The public PDF reports (everyone may download them) leave internal notes out.
    """
    return ist_buergerschaft(user)


def darf_bericht_zum_stichtag(user, stichtag):
    """A report "as of" a Stichtag: today's and the closed Berichtsrunden's for everyone.

    Those few are rendered once and kept (the cache, the published round reports). Every other
    day costs a rendering of its own, so a freely chosen Stichtag needs a login: anonymous
    clients could otherwise keep the server busy with a new day per request (issue 12).
    """
    if stichtag is None or stichtag == timezone.localdate():
        return True
    if user and user.is_authenticated and user.is_active:
        return True
    return Berichtsrunde.objects.filter(status=RundenStatus.GESCHLOSSEN, stichtag=stichtag).exists()
