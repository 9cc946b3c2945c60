"""Permissions from Ansprechpersonen and the Akteur hierarchy (measures/permissions.py).

Akteur A gets a subunit "Abteilung A1" (and below it "Sachgebiet A1a"); partner_a coordinates
for A, kollegin_a only reports for A. The coordinator may report for the subunits' measures, the
plain member may not; a deactivated contact or account may nothing; partner B nothing of A.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from measures import sachstaende
from measures.choices import Ampel, AnsprechpersonRolle, Status
from measures.models import Ansprechperson, Massnahme, Sachstand
from measures.permissions import akteure_von, ist_zustaendig, kann_interne_notiz_sehen, mit_rechten
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def baum(personen):
    a1 = b.akteur("Abteilung A1", uebergeordnet=personen.akteur_a)
    a1a = b.akteur("Sachgebiet A1a", uebergeordnet=a1)
    Ansprechperson.objects.filter(akteur=personen.akteur_a, user=personen.partner_a).update(
        rolle=AnsprechpersonRolle.KOORDINIERT
    )
    tz = b.teilziel(b.handlungsfeld(b.kapitel(b.konzept()), "5.1"), 1)
    m_a1 = b.massnahme(tz, "a", interne_notiz="intern A1")
    b.zustaendigkeit(m_a1, a1)
    m_a1a = b.massnahme(tz, "b")
    b.zustaendigkeit(m_a1a, a1a)
    return a1, a1a, m_a1, m_a1a


def melden(user, massnahme):
    return sachstaende.einreichen(
        user,
        massnahme,
        datum=timezone.localdate().isoformat(),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=30,
        text="Stand",
    )


def test_coordinator_of_the_parent_reports_for_the_subunits(personen, baum):
    a1, a1a, m_a1, m_a1a = baum
    assert set(akteure_von(personen.partner_a)) == {personen.akteur_a, a1, a1a}
    assert ist_zustaendig(personen.partner_a, m_a1)
    assert ist_zustaendig(personen.partner_a, m_a1a)
    assert kann_interne_notiz_sehen(personen.partner_a, m_a1)
    s = melden(personen.partner_a, m_a1a)
    assert s.akteur == a1a
    # The coordinator sees the subunit's waiting Sachstand; partner B does not.
    assert Sachstand.objects.sichtbar_fuer(personen.partner_a).filter(pk=s.pk).exists()
    assert not Sachstand.objects.sichtbar_fuer(personen.partner_b).filter(pk=s.pk).exists()


def test_a_plain_member_of_the_parent_may_not_report_for_subunits(personen, baum):
    _a1, _a1a, m_a1, _m = baum
    assert list(akteure_von(personen.kollegin_a)) == [personen.akteur_a]
    assert not ist_zustaendig(personen.kollegin_a, m_a1)
    with pytest.raises(PermissionDenied):
        melden(personen.kollegin_a, m_a1)


def test_partner_b_nothing_of_a(personen, baum):
    _a1, _a1a, m_a1, m_a1a = baum
    assert list(akteure_von(personen.partner_b)) == [personen.akteur_b]
    zeilen = mit_rechten(Massnahme.objects.filter(pk__in=[m_a1.pk, m_a1a.pk]), personen.partner_b)
    assert [z.darf_melden for z in zeilen] == [False, False]
    with pytest.raises(PermissionDenied):
        melden(personen.partner_b, m_a1)


def test_a_deactivated_contact_may_nothing(personen, baum):
    _a1, _a1a, m_a1, _m = baum
    Ansprechperson.objects.filter(user=personen.partner_a).update(aktiv=False)
    assert list(akteure_von(personen.partner_a)) == []
    assert not ist_zustaendig(personen.partner_a, m_a1)
    with pytest.raises(PermissionDenied):
        melden(personen.partner_a, m_a1)


def test_a_deactivated_account_may_nothing(personen, baum):
    _a1, _a1a, m_a1, _m = baum
    personen.partner_a.is_active = False
    personen.partner_a.save()
    assert list(akteure_von(personen.partner_a)) == []
    assert not ist_zustaendig(personen.partner_a, m_a1)


def test_coordination_reaches_three_levels_and_no_further(personen, baum):
    _a1, a1a, _m, _m2 = baum
    ebene3 = b.akteur("Team 3", uebergeordnet=a1a)
    ebene4 = b.akteur("Team 4", uebergeordnet=ebene3)
    meine = set(akteure_von(personen.partner_a))
    assert ebene3 in meine and ebene4 not in meine


def test_coordinating_a_subunit_gives_nothing_of_the_parent(personen, baum):
    a1, a1a, _m, _m2 = baum
    Ansprechperson.objects.create(
        akteur=a1, user=personen.partner_b, rolle=AnsprechpersonRolle.KOORDINIERT
    )
    assert set(akteure_von(personen.partner_b)) == {personen.akteur_b, a1, a1a}
