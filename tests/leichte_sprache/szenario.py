"""A small plan for the tests of Leichte Sprache: three Handlungsfelder with goals, one without.

Tests build what they assert on (DESIGN.md); this is the shared part.
"""

from dataclasses import dataclass

from leichte_sprache.laden import LADEGRUND
from leichte_sprache.models import Zusammenfassung
from tests import builders as b


@dataclass
class Plan:
    konzept: object
    hf_52: object
    hf_53: object
    hf_541: object
    hf_ohne_ziele: object


def plan_anlegen():
    konzept = b.konzept()
    kapitel = b.kapitel(konzept, "5")
    return Plan(
        konzept=konzept,
        hf_52=b.handlungsfeld(kapitel, "5.2", titel="Arbeit und Qualifizierung"),
        hf_53=b.handlungsfeld(kapitel, "5.3", titel="Integration durch Sprache"),
        hf_541=b.handlungsfeld(kapitel, "5.4.1", titel="Soziale Beratung"),
        hf_ohne_ziele=b.handlungsfeld(kapitel, "5.4", titel="Soziales", leitziel=None),
    )


def zusammenfassung(hf, **kwargs):
    """A summary as the loader writes it (its history says so)."""
    texte = {
        "was_die_stadt_will": "Die Stadt will: Alle finden Arbeit.\nDas ist wichtig.",
        "was_getan_wird": "Das Jobcenter berät.",
        "wer_das_macht": "Das Hanse-Jobcenter macht das.",
    }
    z = Zusammenfassung(handlungsfeld=hf, **{**texte, **kwargs})
    z._change_reason = LADEGRUND
    z.save()
    return z
