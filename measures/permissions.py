"""Who may see and do what: the one place views, admin and API ask (DESIGN.md, "Roles").

Every function takes the user first and answers with a plain bool or queryset, so that a view,
a ModelAdmin and a DRF permission class can share the same rule instead of writing it three times.

Rules asked for every row of a list have a queryset form (``mit_rechten``: an annotation in the
list's own query); the per-object question is that same form asked for one row. Who sees a
Sachstand is ``Sachstand.objects.sichtbar_fuer(user)``.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, Value
from django.utils import timezone

from measures.choices import AnsprechpersonRolle, Pruefstatus, RundenStatus
from measures.models import (
    Akteur,
    Ansprechperson,
    Berichtsrunde,
    Massnahme,
    Zustaendigkeit,
    unterhalb_q,
)
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
    """The Akteure the user reports for (empty for anonymous users): the one membership rule.

    An Akteur of one of the user's active memberships (``Ansprechperson.objects.mit_konto()``),
    and where the membership coordinates (rolle *koordiniert*), the Akteure below it too, down to
    ``measures.models.HIERARCHIE_TIEFE`` levels. A lazy queryset: callers use it as a subquery.
    """
    if not (user and user.is_authenticated and user.is_active):
        return Akteur.objects.none()
    eigene = Ansprechperson.objects.mit_konto().filter(user=user)
    koordiniert = eigene.filter(rolle=AnsprechpersonRolle.KOORDINIERT).values("akteur_id")
    return Akteur.objects.filter(Q(pk__in=eigene.values("akteur_id")) | unterhalb_q(koordiniert))


def _akteur_ids(user):
    # Cached per request object like the groups: a list of Sachstände asks once, not per row.
    cache = getattr(user, "_akteur_ids_cache", None)
    if cache is None:
        cache = set(akteure_von(user).values_list("pk", flat=True))
        if user and user.is_authenticated:
            user._akteur_ids_cache = cache
    return cache


def zustaendig(user):
    """Queryset form of "one of the user's Akteure is responsible for the Maßnahme".

    An expression for ``Massnahme`` querysets (``.annotate(x=zustaendig(user))``).
    """
    if not (user and user.is_authenticated and user.is_active):
        return Value(False)
    return Exists(
        Zustaendigkeit.objects.filter(massnahme=OuterRef("pk"), akteur__in=akteure_von(user))
    )


def mit_rechten(massnahmen, user):
    """The Maßnahmen with what ``user`` may do on each, computed in the list's own query:

    - ``darf_melden``: may submit a Sachstand (``akteure_von`` holds a responsible Akteur).
      Staff enter nothing through the partner form (they review in the admin), and council
      members change nothing, so ``akteure_von`` is the whole rule.
    - ``interne_notiz_sichtbar``: the internal note is for the Büro and the responsible Akteure.
    """
    ist_zustaendig_ = zustaendig(user)
    return massnahmen.annotate(
        darf_melden=ist_zustaendig_,
        interne_notiz_sichtbar=Value(True) if ist_buero(user) else ist_zustaendig_,
    )


def _recht(user, massnahme, name):
    # One row through the queryset form: the rule exists once, for lists and for single pages.
    zeile = mit_rechten(Massnahme.objects.filter(pk=massnahme.pk), user)
    return bool(zeile.values_list(name, flat=True).first())


def ist_zustaendig(user, massnahme):
    """True if one of the user's Akteure is responsible for the Maßnahme."""
    return _recht(user, massnahme, "darf_melden")


def kann_interne_notiz_sehen(user, massnahme):
    """The internal note is for the Büro and the Akteure responsible for the measure only."""
    return _recht(user, massnahme, "interne_notiz_sichtbar")


# --- Sachstände (partner side) ---------------------------------------------------------------


def kann_sachstand_melden(user, massnahme):
    """A partner may submit a Sachstand for a measure one of their Akteure is responsible for."""
    return _recht(user, massnahme, "darf_melden")


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


def kann_anhaenge_sehen(user, sachstand):
    """A Sachstand's attachments: the Büro and the members of the reporting Akteur only.

    Decision (issue 14): attachments are working documents for the Büro's review, not part of
    the published statement, so they stay closed even once the Sachstand is approved.
    """
    return ist_buero(user) or sachstand.akteur_id in _akteur_ids(user)


def buero_konten_mit_adresse():
    """Active accounts of the Büro a mail reaches: staff and members of its group.

    The one list of Büro recipients: the daily digest (benachrichtigungen) and the overview of
    data-delivery reminders (monitoring/lieferungen.py) both send to it.
    """
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(groups__name=BUERO))
        .exclude(email="")
    )
