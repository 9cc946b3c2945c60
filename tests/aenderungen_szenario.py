"""The change log's story for service, API and feed tests, on the public plan
(tests/oeffentlicher_plan.py: Akteur A leads 5.1.1 / 1 a, Verein B leads 5.1.1 / 1 b).

- The plan's approved Sachstand of 1 a (2024) is in the log; its unapproved draft is not.
- Partner A submits a Sachstand for 1 a with a note to the Büro: not in the log until the Büro
  approves it; then it is, with the status change it brought and without the note.
- The Büro sets 1 b from verzögert to in Umsetzung in the admin: a status entry.
- A later save of 1 b that changes only progress: no entry.
"""

from dataclasses import dataclass
from datetime import date

from measures import sachstaende
from measures.choices import Ampel, Status
from tests.oeffentlicher_plan import plan_anlegen

GEHEIME_NOTIZ = "Nur fürs Büro: Kita Nord droht auszusteigen."
NEUER_TEXT = "Alle zwanzig Kitas sind dabei."


@dataclass
class Szenario:
    plan: object
    eingereicht: object  # partner A's new Sachstand (approved by ``freigeben``)


def anlegen(personen):
    plan = plan_anlegen(personen)
    eingereicht = sachstaende.einreichen(
        personen.partner_a,
        plan.m_1a,
        datum=date(2026, 1, 15),
        status=Status.UMGESETZT,
        ampel=Ampel.IM_PLAN,
        fortschritt=100,
        text=NEUER_TEXT,
        notiz_an_buero=GEHEIME_NOTIZ,
    )
    return Szenario(plan, eingereicht)


def freigeben(szenario, personen):
    sachstaende.freigeben(szenario.eingereicht, personen.buero, kommentar="Prüfkommentar intern")


def status_im_admin_aendern(szenario, personen):
    m = szenario.plan.m_1b
    m.status = Status.IN_UMSETZUNG
    m._history_user = personen.buero
    m.save()
    m.fortschritt = 20
    m.save()
