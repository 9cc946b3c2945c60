"""The change log service (measures/aenderungen.py), told by tests/aenderungen_szenario.py."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from measures import aenderungen
from measures.choices import Status
from tests import aenderungen_szenario as sz
from tests import builders as b

pytestmark = pytest.mark.django_db


def _log(**filter):
    return aenderungen.laden(aenderungen.aenderungen(**filter))


def _kurz(eintraege):
    return [(e.art, e.massnahme.referenz, e.status_vorher, e.status) for e in eintraege]


def test_submitted_sachstand_is_not_in_the_log_until_approved(personen):
    szenario = sz.anlegen(personen)
    texte = [e.sachstand.text for e in _log() if e.sachstand]
    assert texte == ["Zwölf Kitas nehmen teil."]

    sz.freigeben(szenario, personen)
    eintraege = _log()
    assert _kurz(eintraege)[0] == (
        "sachstand",
        "5.1.1 / 1 a",
        Status.IN_UMSETZUNG,
        Status.UMGESETZT,
    )
    assert eintraege[0].sachstand.text == sz.NEUER_TEXT
    assert eintraege[0].akteur == personen.akteur_a
    # The approval's own record of the measure is told by the Sachstand, not twice.
    assert [e.art for e in eintraege] == ["sachstand", "sachstand"]


def test_status_changes_from_history_without_progress_only_saves(personen):
    szenario = sz.anlegen(personen)
    sz.status_im_admin_aendern(szenario, personen)
    eintraege = _log()
    assert _kurz(eintraege) == [
        ("status", "5.1.1 / 1 b", Status.VERZOEGERT, Status.IN_UMSETZUNG),
        ("sachstand", "5.1.1 / 1 a", Status.IN_UMSETZUNG, Status.IN_UMSETZUNG),
    ]
    assert eintraege[0].sachstand is None and eintraege[0].akteur is None


def test_internal_texts_are_not_loaded(personen):
    szenario = sz.anlegen(personen)
    sz.freigeben(szenario, personen)
    sachstand = _log()[0].sachstand
    # Deferred fields: a template or serializer would have to ask for them on purpose.
    assert {"notiz_an_buero", "pruefkommentar"} <= sachstand.get_deferred_fields()


def test_by_handlungsfeld_and_akteur(personen):
    szenario = sz.anlegen(personen)
    sz.freigeben(szenario, personen)
    sz.status_im_admin_aendern(szenario, personen)
    plan = szenario.plan
    assert _kurz(_log(handlungsfeld=plan.hf_wohnen)) == []
    assert {e.massnahme for e in _log(handlungsfeld=plan.hf_bildung)} == {plan.m_1a, plan.m_1b}
    # Akteur A is responsible for 1 a only; Verein B for 1 a and 1 b.
    assert {e.massnahme for e in _log(akteur=personen.akteur_a)} == {plan.m_1a}
    assert {e.massnahme for e in _log(akteur=personen.akteur_b)} == {plan.m_1a, plan.m_1b}


def test_akteur_includes_its_subunits(personen):
    szenario = sz.anlegen(personen)
    sz.status_im_admin_aendern(szenario, personen)
    amt = b.akteur("Oberamt")
    personen.akteur_b.uebergeordnet = amt
    personen.akteur_b.save()
    assert szenario.plan.m_1b in {e.massnahme for e in _log(akteur=amt)}


def test_seit_keeps_later_changes_only(personen):
    szenario = sz.anlegen(personen)
    sz.freigeben(szenario, personen)
    nach_freigabe = timezone.now()
    sz.status_im_admin_aendern(szenario, personen)
    assert [e.art for e in _log(seit=nach_freigabe)] == ["status"]
    assert _log(seit=timezone.now() + timedelta(seconds=1)) == []


def test_only_the_current_konzept(personen):
    szenario = sz.anlegen(personen)
    sz.status_im_admin_aendern(szenario, personen)
    # A newer edition makes the plan's measures history.
    b.konzept(beschlossen_am=szenario.plan.konzept.beschlossen_am + timedelta(days=1))
    assert _log() == []


def test_one_query_for_the_rows_and_two_to_load(personen, django_assert_num_queries):
    szenario = sz.anlegen(personen)
    sz.freigeben(szenario, personen)
    sz.status_im_admin_aendern(szenario, personen)
    with django_assert_num_queries(3):
        assert len(_log()) == 3


@pytest.mark.parametrize(
    ("wert", "erwartet"),
    [
        ("2026-03-01", (2026, 3, 1, 0, 0)),
        ("2026-03-01T12:30", (2026, 3, 1, 12, 30)),
        ("2026-03-01T12:30:00+00:00", (2026, 3, 1, 13, 30)),
        ("2026-03-01 12:30Z", (2026, 3, 1, 13, 30)),
    ],
)
def test_seit_lesen_accepts_dates_and_datetimes(wert, erwartet):
    zeitpunkt = timezone.localtime(aenderungen.seit_lesen(wert))
    assert (zeitpunkt.year, zeitpunkt.month, zeitpunkt.day, zeitpunkt.hour, zeitpunkt.minute) == (
        erwartet
    )


@pytest.mark.parametrize(
    "wert",
    ["gestern", "2026-02-30", "2026-13-01", "0001-01-01", "99999-01-01", "2026-03-01T25:00", "1;"],
)
def test_seit_lesen_refuses_garbage_in_german(wert):
    with pytest.raises(ValidationError) as fehler:
        aenderungen.seit_lesen(wert)
    assert "seit" in fehler.value.messages[0]


def test_seit_lesen_empty_is_none():
    assert aenderungen.seit_lesen("") is None
    assert aenderungen.seit_lesen(None) is None


def test_a_status_the_choices_no_longer_know_is_shown_as_stored(personen):
    szenario = sz.anlegen(personen)
    sz.status_im_admin_aendern(szenario, personen)
    historie = aenderungen.Historie.objects.filter(id=szenario.plan.m_1b.pk)
    historie.filter(status=Status.VERZOEGERT).update(status="ruhend")
    eintrag = _log()[0]
    assert (eintrag.status_vorher_anzeige, eintrag.status_anzeige) == ("ruhend", "in Umsetzung")
