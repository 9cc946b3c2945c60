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


# --- who sees a Sachstand: one queryset method for the API, the pages and the rest ----------


ROLLEN = ["anonymous", "partner_a", "kollegin_a", "partner_b", "buergerschaft", "buero"]


def _sachstaende(personen, plan):
    from measures.choices import Pruefstatus
    from tests import builders as b

    return {
        "freigegeben": b.sachstand(
            plan.m_1a, personen.akteur_a, personen.partner_a, pruefstatus=Pruefstatus.FREIGEGEBEN
        ),
        "wartet_a": b.sachstand(plan.m_1a, personen.akteur_a, personen.partner_a),
        "zurueck_b": b.sachstand(
            plan.m_1a,
            personen.akteur_b,
            personen.partner_b,
            pruefstatus=Pruefstatus.ZURUECKGEGEBEN,
            pruefkommentar="Bitte genauer.",
        ),
    }


ERWARTET = {
    "anonymous": {"freigegeben"},
    "partner_a": {"freigegeben", "wartet_a"},
    "kollegin_a": {"freigegeben", "wartet_a"},
    "partner_b": {"freigegeben", "zurueck_b"},
    "buergerschaft": {"freigegeben"},
    "buero": {"freigegeben", "wartet_a", "zurueck_b"},
}


def _user(personen, rolle):
    return AnonymousUser() if rolle == "anonymous" else getattr(personen, rolle)


@pytest.mark.parametrize("rolle", ROLLEN)
def test_sachstand_sichtbar_fuer_every_role(personen, plan, rolle):
    from measures.models import Sachstand

    staende = _sachstaende(personen, plan)
    namen = {pk: name for name, s in staende.items() for pk in [s.pk]}
    # The plan brings Sachstände of its own; these three are the ones that tell the roles apart.
    sichtbar = Sachstand.objects.sichtbar_fuer(_user(personen, rolle)).filter(pk__in=namen)
    assert {namen[s.pk] for s in sichtbar} == ERWARTET[rolle]
    assert sichtbar.count() == len(ERWARTET[rolle])  # no row twice


@pytest.mark.parametrize("rolle", ROLLEN)
def test_api_and_measure_page_show_what_the_rule_says(client, personen, plan, rolle):
    staende = _sachstaende(personen, plan)
    if rolle != "anonymous":
        client.force_login(getattr(personen, rolle))
    namen = {s.pk: name for name, s in staende.items()}
    api = client.get("/api/v1/sachstaende/?page_size=500").json()["results"]
    assert {namen[s["id"]] for s in api if s["id"] in namen} == ERWARTET[rolle]
    seite = client.get(plan.m_1a.get_absolute_url()).context["massnahme"]
    assert {namen[s.pk] for s in seite.sichtbare_sachstaende if s.pk in namen} == ERWARTET[rolle]


def test_there_is_no_second_copy_of_the_sachstand_rule():
    import measures.api.views
    import measures.permissions

    assert not hasattr(measures.permissions, "kann_sachstand_sehen")
    assert not hasattr(measures.api.views, "sichtbare_sachstaende")


@pytest.mark.parametrize("rolle", ROLLEN)
def test_queryset_form_and_object_checks_agree(personen, plan, rolle):
    from measures.models import Massnahme
    from measures.permissions import kann_sachstand_melden, mit_rechten

    user = _user(personen, rolle)
    for m in mit_rechten(Massnahme.objects.all(), user):
        assert m.interne_notiz_sichtbar == kann_interne_notiz_sehen(user, m), (rolle, m)
        assert m.darf_melden == kann_sachstand_melden(user, m), (rolle, m)
