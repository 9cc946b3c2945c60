"""Sachstände: who may submit, review carries the state over, approved and closed ones stay."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from measures import sachstaende
from measures.choices import Ampel, Pruefstatus, RundenStatus, Status
from measures.models import Sachstand
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

DATEN = {
    "datum": date(2026, 6, 1),
    "status": Status.IN_UMSETZUNG,
    "ampel": Ampel.GEFAEHRDET,
    "fortschritt": 35,
    "text": "Zwei Beratungstage haben stattgefunden.",
}


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


def test_partner_submits_for_a_measure_of_their_akteur(personen, plan):
    s = sachstaende.einreichen(personen.partner_a, plan.a, **DATEN)
    assert (s.akteur, s.eingereicht_von, s.pruefstatus) == (
        personen.akteur_a,
        personen.partner_a,
        Pruefstatus.EINGEREICHT,
    )
    plan.a.refresh_from_db()
    # Waiting for review does not change the measure yet.
    assert plan.a.status == Status.NICHT_BEGONNEN


@pytest.mark.parametrize("wer", ["partner_b", "buergerschaft", "buero"])
def test_others_cannot_submit(personen, plan, wer):
    with pytest.raises(PermissionDenied):
        sachstaende.einreichen(getattr(personen, wer), plan.d, **DATEN)
    assert not Sachstand.objects.exists()


def test_member_of_two_responsible_akteure_must_choose(personen, plan):
    personen.akteur_b.mitglieder.add(personen.partner_a)
    with pytest.raises(ValidationError) as fehler:
        sachstaende.einreichen(personen.partner_a, plan.a, **DATEN)
    assert "akteur" in fehler.value.message_dict
    s = sachstaende.einreichen(personen.partner_a, plan.a, akteur=personen.akteur_b, **DATEN)
    assert s.akteur == personen.akteur_b


def test_cannot_report_for_an_akteur_of_which_one_is_no_member(personen, plan):
    with pytest.raises(ValidationError):
        sachstaende.einreichen(personen.partner_a, plan.a, akteur=personen.akteur_b, **DATEN)


def test_progress_above_100_is_refused(personen, plan):
    with pytest.raises(ValidationError) as fehler:
        sachstaende.einreichen(personen.partner_a, plan.a, **{**DATEN, "fortschritt": 101})
    assert "fortschritt" in fehler.value.message_dict


def test_approval_updates_the_measure_and_records_who(personen, plan):
    s = sachstaende.einreichen(personen.partner_a, plan.a, **DATEN)
    version = plan.a.version
    sachstaende.freigeben(s, personen.buero, "Danke")
    plan.a.refresh_from_db()
    s.refresh_from_db()
    assert (plan.a.status, plan.a.ampel, plan.a.fortschritt) == (
        Status.IN_UMSETZUNG,
        Ampel.GEFAEHRDET,
        35,
    )
    assert plan.a.version == version + 1
    assert (s.pruefstatus, s.geprueft_von, s.pruefkommentar) == (
        Pruefstatus.FREIGEGEBEN,
        personen.buero,
        "Danke",
    )
    assert plan.a.history.first().history_user == personen.buero


def test_sending_back_needs_a_comment_and_leaves_the_measure(personen, plan):
    s = sachstaende.einreichen(personen.partner_a, plan.a, **DATEN)
    with pytest.raises(ValidationError):
        sachstaende.zurueckgeben(s, personen.buero, "  ")
    sachstaende.zurueckgeben(s, personen.buero, "Bitte Zahlen nennen.")
    s.refresh_from_db()
    plan.a.refresh_from_db()
    assert s.pruefstatus == Pruefstatus.ZURUECKGEGEBEN
    assert plan.a.fortschritt == 0


def test_reviewed_sachstand_cannot_be_reviewed_again(personen, plan):
    s = sachstaende.einreichen(personen.partner_a, plan.a, **DATEN)
    sachstaende.freigeben(s, personen.buero)
    with pytest.raises(ValidationError):
        sachstaende.zurueckgeben(s, personen.buero, "doch nicht")
    with pytest.raises(ValidationError):
        sachstaende.freigeben(s, personen.buero)


def test_approved_sachstand_is_fixed_in_the_model_itself(personen, plan):
    s = sachstaende.einreichen(personen.partner_a, plan.a, **DATEN)
    sachstaende.freigeben(s, personen.buero)
    s.refresh_from_db()
    s.text = "nachträglich geändert"
    with pytest.raises(ValidationError):
        s.save()
    # Pretending in memory that it still waits does not help: the stored state counts.
    s.pruefstatus = Pruefstatus.EINGEREICHT
    with pytest.raises(ValidationError):
        s.save()
    with pytest.raises(ValidationError):
        s.delete()
    assert Sachstand.objects.get().text == DATEN["text"]


def test_partner_corrects_while_waiting_but_not_after_review(personen, plan):
    s = sachstaende.einreichen(personen.partner_a, plan.a, **DATEN)
    sachstaende.aendern(personen.kollegin_a, s, fortschritt=40, text="korrigiert")
    s.refresh_from_db()
    assert (s.fortschritt, s.text) == (40, "korrigiert")
    with pytest.raises(PermissionDenied):
        sachstaende.aendern(personen.partner_b, s, text="fremd")
    sachstaende.freigeben(s, personen.buero)
    with pytest.raises(PermissionDenied):
        sachstaende.aendern(personen.partner_a, s, text="zu spät")
    s.refresh_from_db()
    assert s.text == "korrigiert"


def test_sent_back_sachstand_is_not_corrected_but_replaced(personen, plan):
    s = sachstaende.einreichen(personen.partner_a, plan.a, **DATEN)
    sachstaende.zurueckgeben(s, personen.buero, "Bitte genauer.")
    with pytest.raises(PermissionDenied):
        sachstaende.aendern(personen.partner_a, s, text="genauer")
    neu = sachstaende.einreichen(personen.partner_a, plan.a, **{**DATEN, "text": "genauer"})
    assert Sachstand.objects.count() == 2
    assert neu.pk != s.pk


def test_submission_joins_the_open_round_that_asks_the_akteur(personen, plan):
    from measures import berichtsrunden

    runde = b.berichtsrunde()
    berichtsrunden.oeffnen(runde, mails=False)
    s = sachstaende.einreichen(personen.partner_a, plan.a, **DATEN)
    assert s.berichtsrunde == runde


def test_closed_round_fixes_its_sachstaende(personen, plan):
    runde = b.berichtsrunde(status=RundenStatus.OFFEN)
    s = b.sachstand(plan.a, personen.akteur_a, personen.partner_a, berichtsrunde=runde)
    sachstaende.freigeben(s, personen.buero)
    runde.status = RundenStatus.GESCHLOSSEN
    runde.save()
    wartend = b.sachstand(plan.d, personen.akteur_a, personen.partner_a, berichtsrunde=runde)
    wartend.refresh_from_db()
    with pytest.raises(ValidationError):
        sachstaende.freigeben(wartend, personen.buero)
    with pytest.raises(PermissionDenied):
        sachstaende.aendern(personen.partner_a, wartend, text="nachgereicht")
    wartend.text = "direkt geändert"
    with pytest.raises(ValidationError):
        wartend.save()


def test_closed_round_takes_no_new_submissions(personen, plan):
    runde = b.berichtsrunde(status=RundenStatus.GESCHLOSSEN)
    with pytest.raises(ValidationError) as fehler:
        sachstaende.einreichen(personen.partner_a, plan.a, berichtsrunde=runde, **DATEN)
    assert "berichtsrunde" in fehler.value.message_dict


def test_merging_akteure_moves_even_approved_sachstaende(personen, plan):
    from measures.merging import zusammenfuehren

    dublette = b.akteur("Amt A (alt)")
    dublette.mitglieder.add(personen.partner_a)
    b.zustaendigkeit(plan.b, dublette)
    s = sachstaende.einreichen(personen.partner_a, plan.b, **DATEN)
    sachstaende.freigeben(s, personen.buero)
    zusammenfuehren(personen.akteur_a, dublette)
    s.refresh_from_db()
    # Same statement and review, now under the Akteur that stays.
    assert (s.akteur, s.text, s.pruefstatus) == (
        personen.akteur_a,
        DATEN["text"],
        Pruefstatus.FREIGEGEBEN,
    )
