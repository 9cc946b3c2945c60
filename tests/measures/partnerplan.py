"""A small plan the partner tests share: who is responsible for what (tests/people.py's people).

- 5.2-1a: Akteur A federführend, Akteur B beteiligt; has an internal note
- 5.2-1b: Akteur B federführend
- 5.2-1c: Akteur A, already umgesetzt (a Berichtsrunde does not ask about it)
- 4.1.2-1a: Akteur A beteiligt
"""

from dataclasses import dataclass

from measures.choices import Status
from tests import builders as b


@dataclass
class Plan:
    a: object
    b: object
    c: object
    d: object


def plan_anlegen(personen):
    konzept = b.konzept()
    kapitel4 = b.kapitel(konzept, nummer="4", titel="Schwerpunktthemen")
    kapitel5 = b.kapitel(konzept, nummer="5", titel="Weitere Handlungsfelder")
    hf412 = b.handlungsfeld(kapitel4, "4.1.2", titel="Sprache", sortierung=1)
    hf52 = b.handlungsfeld(kapitel5, "5.2", titel="Arbeit", sortierung=2)
    tz = b.teilziel(hf52, 1)
    a = b.massnahme(tz, "a", interne_notiz="Nur intern: Absprache mit dem Jobcenter.")
    b.zustaendigkeit(a, personen.akteur_a, federfuehrend=True)
    b.zustaendigkeit(a, personen.akteur_b)
    bb = b.massnahme(tz, "b")
    b.zustaendigkeit(bb, personen.akteur_b, federfuehrend=True)
    c = b.massnahme(tz, "c", status=Status.UMGESETZT, fortschritt=100)
    b.zustaendigkeit(c, personen.akteur_a)
    d = b.massnahme(b.teilziel(hf412, 1), "a")
    b.zustaendigkeit(d, personen.akteur_a)
    return Plan(a=a, b=bb, c=c, d=d)
