"""The Büro's assessments (berichte.Einschaetzung): cleaning, review, and which ones a report shows.

Cleaning (``bereinigen``): the text is stored as HTML with a small allow-list — paragraphs,
line breaks, strong/em, lists and links to http(s)/mailto addresses. The model cleans on
``clean_fields`` and on every ``save``, so nothing unsanitised is ever stored; a template may
mark the stored text safe.

Review, like a Sachstand (measures/sachstaende.py), by the Büro only:

    Entwurf ──einreichen──▶ eingereicht ──freigeben──▶ freigegeben
       ▲                        │
       └──(Text geändert)── zurueckgeben ──▶ zurückgegeben ──einreichen──▶ …

- Four eyes: whoever wrote the current wording (``verfasst_von``: the last person who changed
  the text) can neither approve nor send it back; a second person of the Büro does.
- A change of the text after submission (eingereicht, freigegeben or zurückgegeben) puts it back
  to *Entwurf*: new wording is approved anew, never carried by an older approval. The approved
  wording stays in the history (``Einschaetzung.history``).
- Once the round is closed nothing changes any more (model ``clean``, these services, the admin).

Which ones a report shows (``fuer_bericht``): approved assessments of a closed round are public
(they are part of the round's report); those of the open round only appear in the internal
report.
"""

import re
from dataclasses import dataclass, field

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import linebreaks, strip_tags
from django.utils.translation import gettext as _

from berichte.models import Einschaetzung, EinschaetzungStatus
from concept.models import Handlungsfeld
from measures.choices import RundenStatus
from measures.models import Berichtsrunde
from measures.permissions import ist_buero

# --- cleaning ---------------------------------------------------------------------------------

ERLAUBTE_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a"})
ERLAUBTE_ATTRIBUTE = {"a": {"href"}}
ERLAUBTE_SCHEMATA = frozenset({"http", "https", "mailto"})
# Removed with their content, not just their tags.
OHNE_INHALT = frozenset({"script", "style"})
# Text without any of these is typed as plain text: blank lines make paragraphs.
_ABSATZ_MARKEN = re.compile(r"<\s*/?\s*(p|br|ul|ol|li)\b", re.IGNORECASE)


def bereinigen(html):
    """``html`` reduced to the allowed tags; links get ``rel``; safe to render as is.

    Plain text (no paragraph, break or list tag) becomes paragraphs at blank lines and breaks
    at single line breaks first. A result without readable text is "". Idempotent: cleaning a
    cleaned text changes nothing.
    """
    text = str(html or "").strip()
    if not text:
        return ""
    if not _ABSATZ_MARKEN.search(text):
        text = linebreaks(text, autoescape=False)
    sauber = nh3.clean(
        text,
        tags=set(ERLAUBTE_TAGS),
        clean_content_tags=set(OHNE_INHALT),
        attributes=ERLAUBTE_ATTRIBUTE,
        url_schemes=set(ERLAUBTE_SCHEMATA),
        url_relative="deny",
        link_rel="noopener noreferrer nofollow",
    ).strip()
    # Nothing left to read (only markup, e.g. "<p></p>"): empty, so that "required" applies.
    return sauber if strip_tags(sauber).strip() else ""


# --- writing and review -------------------------------------------------------------------------


def _nur_buero(user):
    if not ist_buero(user):
        raise PermissionDenied(_("Nur das Büro für Integration schreibt und prüft Einschätzungen."))


def _festgehalten():
    return ValidationError(
        _("Die Berichtsrunde ist geschlossen; ihre Einschätzungen sind festgehalten.")
    )


def _gesperrt(einschaetzung):
    """The stored row, locked with its round (so that closing the round waits for us)."""
    runde = Berichtsrunde.objects.select_for_update().get(pk=einschaetzung.berichtsrunde_id)
    frisch = Einschaetzung.objects.select_for_update().get(pk=einschaetzung.pk)
    if runde.status == RundenStatus.GESCHLOSSEN:
        raise _festgehalten()
    frisch.berichtsrunde = runde
    return frisch


def _speichern(einschaetzung, user, grund):
    einschaetzung._change_reason = grund
    einschaetzung._history_user = user
    einschaetzung.save()
    return einschaetzung


@transaction.atomic
def speichern(einschaetzung, user):
    """Create or edit an assessment (the admin's form); returns the saved row.

    The author of a new text is ``user``. Changing the text of a submitted, approved or sent
    back one puts it back to *Entwurf* (see the module docstring). Raises PermissionDenied for
    anyone but the Büro and ValidationError (German) for a closed round or a bad text.
    """
    _nur_buero(user)
    if einschaetzung.pk is None:
        runde = Berichtsrunde.objects.select_for_update().get(pk=einschaetzung.berichtsrunde_id)
        einschaetzung.berichtsrunde = runde
        einschaetzung.pruefstatus = EinschaetzungStatus.ENTWURF
        einschaetzung.verfasst_von = user
        einschaetzung.full_clean()
        return _speichern(einschaetzung, user, _("angelegt"))
    alt = _gesperrt(einschaetzung)
    # Review fields change only through the review services, never through an edit.
    for feld in ("pruefstatus", "verfasst_von", "geprueft_von", "geprueft_am", "kommentar"):
        setattr(einschaetzung, feld, getattr(alt, feld))
    einschaetzung.full_clean()  # cleans the text
    grund = _("bearbeitet")
    if einschaetzung.text != alt.text:
        einschaetzung.verfasst_von = user
        if alt.pruefstatus != EinschaetzungStatus.ENTWURF:
            einschaetzung.pruefstatus = EinschaetzungStatus.ENTWURF
            einschaetzung.geprueft_von = None
            einschaetzung.geprueft_am = None
            grund = _("Text geändert; zurück im Entwurf (war: %(status)s)") % {
                "status": alt.get_pruefstatus_display()
            }
    return _speichern(einschaetzung, user, grund)


@transaction.atomic
def einreichen(einschaetzung, user):
    """Submit for review (Entwurf or zurückgegeben → eingereicht); returns the fresh row."""
    _nur_buero(user)
    e = _gesperrt(einschaetzung)
    if e.pruefstatus not in (EinschaetzungStatus.ENTWURF, EinschaetzungStatus.ZURUECKGEGEBEN):
        raise ValidationError(
            _("Diese Einschätzung ist schon eingereicht oder freigegeben (%(status)s).")
            % {"status": e.get_pruefstatus_display()}
        )
    e.full_clean()
    e.pruefstatus = EinschaetzungStatus.EINGEREICHT
    return _speichern(e, user, _("eingereicht"))


def _pruefbar(e, pruefer):
    if e.pruefstatus != EinschaetzungStatus.EINGEREICHT:
        # Also what the second of two reviewers at the same moment reads (the row is locked).
        raise ValidationError(
            _(
                "Diese Einschätzung wartet nicht auf Prüfung (%(status)s); Ihre Prüfung wurde "
                "nicht gespeichert."
            )
            % {"status": e.get_pruefstatus_display()}
        )
    if e.verfasst_von_id is not None and e.verfasst_von_id == pruefer.pk:
        raise ValidationError(
            _(
                "Sie haben diese Einschätzung verfasst; prüfen muss sie eine zweite Person im "
                "Büro (Vier-Augen-Prinzip)."
            )
        )


def _pruefung_abschliessen(einschaetzung, pruefer, pruefstatus, kommentar, grund):
    _nur_buero(pruefer)
    e = _gesperrt(einschaetzung)
    _pruefbar(e, pruefer)
    e.pruefstatus = pruefstatus
    e.kommentar = kommentar
    e.geprueft_von = pruefer
    e.geprueft_am = timezone.now()
    e.full_clean()
    return _speichern(e, pruefer, grund)


@transaction.atomic
def freigeben(einschaetzung, user, kommentar=""):
    """Approve (eingereicht → freigegeben) by a second person of the Büro; the fresh row."""
    return _pruefung_abschliessen(
        einschaetzung, user, EinschaetzungStatus.FREIGEGEBEN, kommentar, _("freigegeben")
    )


@transaction.atomic
def zurueckgeben(einschaetzung, user, kommentar):
    """Send back to its author with a comment (required); the fresh row."""
    if not (kommentar or "").strip():
        raise ValidationError(
            {"kommentar": _("Bitte begründen Sie, warum die Einschätzung zurückgeht.")}
        )
    return _pruefung_abschliessen(
        einschaetzung, user, EinschaetzungStatus.ZURUECKGEGEBEN, kommentar, _("zurückgegeben")
    )


def darf_pruefen(user, einschaetzung):
    """Whether ``user`` may approve or send back ``einschaetzung`` now (for buttons, actions)."""
    return (
        ist_buero(user)
        and einschaetzung.pruefstatus == EinschaetzungStatus.EINGEREICHT
        and einschaetzung.berichtsrunde.status != RundenStatus.GESCHLOSSEN
        and einschaetzung.verfasst_von_id != user.pk
    )


def darf_einreichen(user, einschaetzung):
    return (
        ist_buero(user)
        and einschaetzung.pruefstatus
        in (EinschaetzungStatus.ENTWURF, EinschaetzungStatus.ZURUECKGEGEBEN)
        and einschaetzung.berichtsrunde.status != RundenStatus.GESCHLOSSEN
    )


# --- what the Büro still has to do in a round ---------------------------------------------------


def handlungsfelder_zur_einschaetzung():
    """The Handlungsfelder an assessment is written for: the current Konzept's, with goals."""
    return Handlungsfeld.objects.im_aktuellen_konzept().mit_zielen()


@dataclass
class Stand:
    """How far the Büro's assessments of one round are (admin pages; the closing question)."""

    handlungsfelder: int  # of the current Konzept
    freigegeben: int  # of them with an approved assessment
    gesamt_freigegeben: bool  # the overall summary is approved
    wartend: int  # submitted, waiting for review

    @property
    def ohne(self):
        return self.handlungsfelder - self.freigegeben


def stand(runde):
    """``Stand`` of ``runde`` in four queries."""
    handlungsfelder = handlungsfelder_zur_einschaetzung()
    freigegeben = Einschaetzung.objects.freigegeben().filter(berichtsrunde=runde)
    return Stand(
        handlungsfelder=handlungsfelder.count(),
        freigegeben=freigegeben.filter(handlungsfeld__in=handlungsfelder).count(),
        gesamt_freigegeben=freigegeben.filter(handlungsfeld__isnull=True).exists(),
        wartend=Einschaetzung.objects.filter(
            berichtsrunde=runde, pruefstatus=EinschaetzungStatus.EINGEREICHT
        ).count(),
    )


def offene_runde():
    """The open Berichtsrunde the Büro writes its assessments for now, or None."""
    return Berichtsrunde.objects.filter(status=RundenStatus.OFFEN).order_by("-stichtag").first()


# --- which ones a report shows ------------------------------------------------------------------


@dataclass
class Einschaetzungen:
    runde: Berichtsrunde | None = None
    gesamt: Einschaetzung | None = None
    je_handlungsfeld: dict = field(default_factory=dict)  # {handlungsfeld_pk: Einschaetzung}


def _oeffentlich(runde):
    return runde.status == RundenStatus.GESCHLOSSEN


def _runde_zum_stichtag(stichtag, intern):
    """The latest round whose Stichtag is not after ``stichtag``.

    Public: a closed one, closed by the end of ``stichtag`` (a report as of a day before the
    closing does not show what was approved later). Internal: also the open round.
    """
    runden = Berichtsrunde.objects.filter(stichtag__lte=stichtag)
    if intern:
        runden = runden.exclude(status=RundenStatus.GEPLANT)
    else:
        runden = runden.filter(status=RundenStatus.GESCHLOSSEN).filter(
            Q(geschlossen_am__isnull=True) | Q(geschlossen_am__date__lte=stichtag)
        )
    return runden.order_by("-stichtag", "-pk").first()


def fuer_bericht(runde, stichtag, *, intern=False):
    """The approved assessments a report at ``stichtag`` (of ``runde``, if given) shows.

    The one rule of who reads what: a closed round's approved assessments are public; an open
    (or planned) round's only in the internal report (``intern=True``). Without ``runde``, the
    round is the latest whose Stichtag is not after ``stichtag`` (``_runde_zum_stichtag``).
    Two queries at most.
    """
    if runde is None:
        runde = _runde_zum_stichtag(stichtag, intern)
    if runde is None:
        return Einschaetzungen()
    ergebnis = Einschaetzungen(runde=runde)
    if not (intern or _oeffentlich(runde)):
        return ergebnis
    for e in Einschaetzung.objects.freigegeben().filter(berichtsrunde=runde):
        if e.handlungsfeld_id is None:
            ergebnis.gesamt = e
        else:
            ergebnis.je_handlungsfeld[e.handlungsfeld_id] = e
    return ergebnis
