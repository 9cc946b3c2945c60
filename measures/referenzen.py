"""References to the plan as people write them: the one parser.

The concept writes ``5.2 / 1 a``; people type ``5.2-1a``, ``5.2 1a``, ``5.2/1a``, ``5.2 / 1 a)``,
``5.2 / 1`` (a Teilziel) or ``5.2`` (a Handlungsfeld). ``referenz_lesen`` reads all of them; the
site-wide search jumps to the object (suche/views.py), the Maßnahmen list's ``q``
(measures/filtersets.py, page, API and admin) and the admin search
(measures/admin/massnahmen.py) show its measures.
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from concept.models import Handlungsfeld, Teilziel
from measures.models import Massnahme

REFERENZ_RE = re.compile(
    r"""^\s*
    (?P<handlungsfeld>\d{1,2}(?:\.\d{1,2}){1,3})       # 5.2, 4.1.2
    (?:
        \s*(?:/|-|\s)\s*(?P<teilziel>\d{1,2})          # / 1, -1, ␣1
        (?:\s*(?P<buchstabe>[a-z]{1,2})\)?)?          # a, a)
        \.?
    )?
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Referenz:
    handlungsfeld: str
    teilziel: int | None = None
    buchstabe: str = ""

    def massnahmen_q(self, pfad=""):
        """Q for the Maßnahmen under this reference (all of a Handlungsfeld or Teilziel)."""
        bedingung = Q(**{f"{pfad}teilziel__handlungsfeld__nummer": self.handlungsfeld})
        if self.teilziel is not None:
            bedingung &= Q(**{f"{pfad}teilziel__nummer": self.teilziel})
        if self.buchstabe:
            bedingung &= Q(**{f"{pfad}kennung": self.buchstabe})
        return bedingung


def referenz_lesen(text):
    """The Referenz ``text`` spells, or None when it is no reference."""
    teile = REFERENZ_RE.match(text or "")
    if not teile:
        return None
    return Referenz(
        handlungsfeld=teile["handlungsfeld"],
        teilziel=int(teile["teilziel"]) if teile["teilziel"] else None,
        buchstabe=(teile["buchstabe"] or "").lower(),
    )


def ziel_adresse(referenz):
    """The page of the referenced object in the current Konzept, or None if there is none.

    A Maßnahme → its page; a Teilziel → its anchor on the Handlungsfeld page; a Handlungsfeld
    → its page. One query.
    """
    if referenz.buchstabe:
        massnahme = (
            Massnahme.objects.im_aktuellen_konzept()
            .filter(referenz.massnahmen_q())
            .select_related("teilziel__handlungsfeld")
            .first()
        )
        return massnahme.get_absolute_url() if massnahme else None
    if referenz.teilziel is not None:
        gefunden = (
            Teilziel.objects.im_aktuellen_konzept()
            .filter(handlungsfeld__nummer=referenz.handlungsfeld, nummer=referenz.teilziel)
            .exists()
        )
        if not gefunden:
            return None
        seite = reverse("measures:handlungsfeld", kwargs={"nummer": referenz.handlungsfeld})
        return f"{seite}#teilziel-{referenz.teilziel}"
    if (
        not Handlungsfeld.objects.im_aktuellen_konzept()
        .filter(nummer=referenz.handlungsfeld)
        .exists()
    ):
        return None
    return reverse("measures:handlungsfeld", kwargs={"nummer": referenz.handlungsfeld})
