"""Data for the tests of the Büro's assessments (tests/berichte/test_einschaetzung_*.py).

Two people of the Büro — ``autorin`` writes, ``pruefer`` reviews (four eyes) — beside the
people of tests/people.py; a current Konzept with two Handlungsfelder and an older edition with
one; an open round.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group, User

from berichte.models import Einschaetzung
from measures.choices import RundenStatus
from measures.roles import BUERO
from tests import builders as b


@dataclass
class Lage:
    autorin: User
    pruefer: User
    hf_1: object
    hf_2: object
    hf_alt: object
    runde: object


def buero_person(name):
    user = User.objects.create_user(name, f"{name}@example.org", "geheim-12345", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=BUERO)[0])
    return user


def lage_anlegen():
    alt = b.konzept(beschlossen_am=date(2014, 5, 1))
    hf_alt = b.handlungsfeld(b.kapitel(alt), "5.1", "Altes Handlungsfeld")
    neu = b.konzept(beschlossen_am=date(2020, 11, 11))
    kapitel = b.kapitel(neu)
    return Lage(
        autorin=buero_person("autorin"),
        pruefer=buero_person("pruefer"),
        hf_1=b.handlungsfeld(kapitel, "5.1", "Bildung"),
        hf_2=b.handlungsfeld(kapitel, "5.2", "Arbeit"),
        hf_alt=hf_alt,
        runde=b.berichtsrunde("Berichtsrunde 2026", status=RundenStatus.OFFEN),
    )


def einschaetzung(runde, handlungsfeld, autorin, text="<p>Es geht voran.</p>", **kwargs):
    """Stored directly (bypasses the services), as Entwurf unless given."""
    return Einschaetzung.objects.create(
        berichtsrunde=runde, handlungsfeld=handlungsfeld, verfasst_von=autorin, text=text, **kwargs
    )
