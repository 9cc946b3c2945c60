"""The changes since the comparison round, grouped as the annex of a report lists them.

Every changed measure (``berichte.data.Aenderung``: status, Ampel or progress differ from the
previous closed Berichtsrunde) lands in exactly one group, checked in this order:

1. **neu umgesetzt** – the status became „umgesetzt“ (it was anything else before);
2. **verschlechtert** – the Ampel got worse (im Plan → gefährdet → kritisch), or progress went
   down, or the status became „verzögert“ or „zurückgestellt“;
3. **verbessert** – the Ampel got better or progress went up (and nothing got worse);
4. **sonstige** – anything else: e.g. only the status changed between two other states, or the
   Ampel changed to or from „unbewertet“ (which is neither better nor worse).

A measure with signs both ways (Ampel worse, progress up) counts as verschlechtert: the council
should see it among the worries.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from measures.choices import Ampel, Status

# Ampel from good to bad; „unbewertet“ has no rank.
AMPEL_RANG = {Ampel.IM_PLAN: 0, Ampel.GEFAEHRDET: 1, Ampel.KRITISCH: 2}
STATUS_SCHLECHTER = (Status.VERZOEGERT, Status.ZURUECKGESTELLT)

VERSCHLECHTERT, VERBESSERT, NEU_UMGESETZT, SONSTIGE = (
    "verschlechtert",
    "verbessert",
    "neu_umgesetzt",
    "sonstige",
)
GRUPPEN = (
    (VERSCHLECHTERT, _("verschlechtert")),
    (VERBESSERT, _("verbessert")),
    (NEU_UMGESETZT, _("neu umgesetzt")),
    (SONSTIGE, _("sonstige Veränderungen")),
)


@dataclass
class Gruppe:
    schluessel: str
    titel: str
    aenderungen: list = field(default_factory=list)


@dataclass
class Veraenderungen:
    gruppen: list  # [Gruppe] in the order of GRUPPEN

    def __len__(self):
        return sum(len(g.aenderungen) for g in self.gruppen)

    def gruppe(self, schluessel):
        return next(g for g in self.gruppen if g.schluessel == schluessel)

    @property
    def hauptgruppen(self):
        """The three groups the summary counts (without „sonstige“)."""
        return [g for g in self.gruppen if g.schluessel != SONSTIGE]


def _ampel_richtung(vorher, jetzt):
    """-1 worse, +1 better, 0 unchanged or not comparable."""
    if vorher not in AMPEL_RANG or jetzt not in AMPEL_RANG:
        return 0
    return (AMPEL_RANG[vorher] > AMPEL_RANG[jetzt]) - (AMPEL_RANG[vorher] < AMPEL_RANG[jetzt])


def gruppe_von(aenderung):
    """The group key of one change (see the module docstring)."""
    status, vorher = aenderung.zeile.status, aenderung.status_vorher
    if status == Status.UMGESETZT and vorher != Status.UMGESETZT:
        return NEU_UMGESETZT
    ampel = _ampel_richtung(aenderung.ampel_vorher, aenderung.zeile.ampel)
    zuwachs = aenderung.zuwachs
    if ampel < 0 or zuwachs < 0 or (status != vorher and status in STATUS_SCHLECHTER):
        return VERSCHLECHTERT
    if ampel > 0 or zuwachs > 0:
        return VERBESSERT
    return SONSTIGE


def gruppieren(aenderungen):
    """``Veraenderungen`` with every change in its group, in the order given (concept order)."""
    ergebnis = Veraenderungen([Gruppe(schluessel, str(titel)) for schluessel, titel in GRUPPEN])
    for aenderung in aenderungen:
        ergebnis.gruppe(gruppe_von(aenderung)).aenderungen.append(aenderung)
    return ergebnis
