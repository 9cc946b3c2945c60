"""measures/permissions.py: who is Büro, whose Akteure, who may read the internal note."""

import pytest
from django.contrib.auth.models import AnonymousUser, User

from measures.permissions import akteure_von, ist_buergerschaft, ist_buero, kann_interne_notiz_sehen

pytestmark = pytest.mark.django_db


def test_buero_is_staff_superuser_or_group(personen):
    assert ist_buero(personen.buero)
    assert ist_buero(User.objects.create_superuser("root", "r@example.org", "x"))
    for wer in ("partner_a", "kollegin_a", "partner_b", "buergerschaft"):
        assert not ist_buero(getattr(personen, wer)), wer
    assert not ist_buero(AnonymousUser())


def test_inactive_accounts_have_no_rights(personen):
    personen.buero.is_active = False
    assert not ist_buero(personen.buero)


def test_buergerschaft_reads_as_council(personen):
    assert ist_buergerschaft(personen.buergerschaft)
    assert ist_buergerschaft(personen.buero)
    assert not ist_buergerschaft(personen.partner_a)


def test_akteure_von(personen):
    assert list(akteure_von(personen.partner_a)) == [personen.akteur_a]
    assert list(akteure_von(personen.kollegin_a)) == [personen.akteur_a]
    assert list(akteure_von(personen.partner_b)) == [personen.akteur_b]
    assert list(akteure_von(personen.buergerschaft)) == []
    assert list(akteure_von(AnonymousUser())) == []


def test_internal_note_rule(personen, plan):
    darf = {
        wer: kann_interne_notiz_sehen(getattr(personen, wer), plan.m_1b)
        for wer in ("partner_a", "kollegin_a", "partner_b", "buergerschaft", "buero")
    }
    # 1 b: only Verein B is responsible (federführend); Akteur A is not involved.
    assert darf == {
        "partner_a": False,
        "kollegin_a": False,
        "partner_b": True,
        "buergerschaft": False,
        "buero": True,
    }
    assert not kann_interne_notiz_sehen(AnonymousUser(), plan.m_1b)
