"""Writing and reviewing the Büro's assessments (berichte/einschaetzungen.py), like a Sachstand.

Who: the Büro writes and reviews — a second person approves (four eyes); partners, council
members and anonymous users do nothing. When: until the round is closed; then nothing changes.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied, ValidationError

from berichte import einschaetzungen as dienst
from berichte.models import Einschaetzung, EinschaetzungStatus
from measures import berichtsrunden
from measures.roles import BUERO
from tests.berichte.einschaetzung_szenario import einschaetzung, lage_anlegen

pytestmark = pytest.mark.django_db

S = EinschaetzungStatus


@pytest.fixture
def lage(personen):
    return lage_anlegen()


def _neu(lage, text="<p>Die Bildungsangebote wachsen.</p>", handlungsfeld="hf_1"):
    e = Einschaetzung(
        berichtsrunde=lage.runde,
        handlungsfeld=getattr(lage, handlungsfeld) if handlungsfeld else None,
        text=text,
    )
    return dienst.speichern(e, lage.autorin)


def _eingereicht(lage, **kwargs):
    return dienst.einreichen(_neu(lage, **kwargs), lage.autorin)


def test_the_way_through_review(lage):
    e = _neu(lage, text="Plain text.\n\nZweiter Absatz.")
    assert (e.pruefstatus, e.verfasst_von) == (S.ENTWURF, lage.autorin)
    assert e.text == "<p>Plain text.</p>\n\n<p>Zweiter Absatz.</p>"
    e = dienst.einreichen(e, lage.autorin)
    assert e.pruefstatus == S.EINGEREICHT
    e = dienst.freigeben(e, lage.pruefer, "passt")
    e.refresh_from_db()
    assert (e.pruefstatus, e.geprueft_von, e.kommentar) == (S.FREIGEGEBEN, lage.pruefer, "passt")
    assert e.geprueft_am is not None
    assert list(Einschaetzung.objects.freigegeben()) == [e]
    # The history proves who did what, with the reason.
    verlauf = list(e.history.order_by("history_id"))
    assert [(h.pruefstatus, h.history_user, h.history_change_reason) for h in verlauf] == [
        (S.ENTWURF, lage.autorin, "angelegt"),
        (S.EINGEREICHT, lage.autorin, "eingereicht"),
        (S.FREIGEGEBEN, lage.pruefer, "freigegeben"),
    ]


def test_the_author_cannot_approve_or_send_back_their_own(lage):
    e = _eingereicht(lage)
    with pytest.raises(ValidationError, match="Vier-Augen-Prinzip"):
        dienst.freigeben(e, lage.autorin)
    with pytest.raises(ValidationError, match="Vier-Augen-Prinzip"):
        dienst.zurueckgeben(e, lage.autorin, "selbst")
    e.refresh_from_db()
    assert e.pruefstatus == S.EINGEREICHT


def test_whoever_changes_the_text_becomes_its_author(lage):
    e = _neu(lage)
    e.text = "<p>Vom Prüfer ergänzt.</p>"
    e = dienst.speichern(e, lage.pruefer)
    assert e.verfasst_von == lage.pruefer
    e = dienst.einreichen(e, lage.autorin)
    with pytest.raises(ValidationError, match="Vier-Augen-Prinzip"):
        dienst.freigeben(e, lage.pruefer)
    assert dienst.freigeben(e, lage.autorin).pruefstatus == S.FREIGEGEBEN


@pytest.mark.parametrize("wer", ["anonym", "partner_a", "partner_b", "buergerschaft"])
def test_only_the_buero_writes_and_reviews(lage, personen, wer):
    user = AnonymousUser() if wer == "anonym" else getattr(personen, wer)
    e = Einschaetzung(berichtsrunde=lage.runde, handlungsfeld=lage.hf_1, text="<p>x</p>")
    with pytest.raises(PermissionDenied):
        dienst.speichern(e, user)
    eingereicht = _eingereicht(lage, handlungsfeld="hf_2")
    for schritt in (dienst.einreichen, dienst.freigeben):
        with pytest.raises(PermissionDenied):
            schritt(eingereicht, user)
    with pytest.raises(PermissionDenied):
        dienst.zurueckgeben(eingereicht, user, "nein")
    eingereicht.refresh_from_db()
    assert eingereicht.pruefstatus == S.EINGEREICHT
    assert not Einschaetzung.objects.filter(handlungsfeld=lage.hf_1).exists()


def test_the_buero_group_without_staff_flag_counts_as_buero(lage, django_user_model):
    kollegin = django_user_model.objects.create_user("kollegin_buero")
    kollegin.groups.add(Group.objects.get(name=BUERO))
    e = _eingereicht(lage)
    assert dienst.freigeben(e, kollegin).pruefstatus == S.FREIGEGEBEN


def test_sending_back_needs_a_comment_and_may_be_submitted_again(lage):
    e = _eingereicht(lage)
    with pytest.raises(ValidationError) as fehler:
        dienst.zurueckgeben(e, lage.pruefer, "  ")
    assert "Bitte begründen Sie" in str(fehler.value)
    e = dienst.zurueckgeben(e, lage.pruefer, "Bitte die Zahlen ergänzen.")
    assert (e.pruefstatus, e.kommentar) == (S.ZURUECKGEGEBEN, "Bitte die Zahlen ergänzen.")
    e.text = "<p>Mit Zahlen: 40 Kurse.</p>"
    e = dienst.speichern(e, lage.autorin)
    assert e.pruefstatus == S.ENTWURF
    assert dienst.einreichen(e, lage.autorin).pruefstatus == S.EINGEREICHT


@pytest.mark.parametrize("status", [S.EINGEREICHT, S.FREIGEGEBEN])
def test_a_second_review_is_refused(lage, status):
    e = _eingereicht(lage)
    if status == S.FREIGEGEBEN:
        e = dienst.freigeben(e, lage.pruefer)
    with pytest.raises(ValidationError):
        dienst.einreichen(e, lage.autorin)
    if status == S.FREIGEGEBEN:
        with pytest.raises(ValidationError, match="wartet nicht auf Prüfung"):
            dienst.freigeben(e, lage.pruefer)


def test_editing_an_approved_one_puts_it_back_to_draft(lage):
    e = dienst.freigeben(_eingereicht(lage), lage.pruefer)
    e.text = "<p>Neu gefasst.</p>"
    e = dienst.speichern(e, lage.autorin)
    e.refresh_from_db()
    assert (e.pruefstatus, e.geprueft_von, e.geprueft_am) == (S.ENTWURF, None, None)
    assert not Einschaetzung.objects.freigegeben().exists()
    # The approved wording stays provable.
    freigegebene = e.history.filter(pruefstatus=S.FREIGEGEBEN).get()
    assert freigegebene.text == "<p>Die Bildungsangebote wachsen.</p>"
    assert e.history.latest().history_change_reason.startswith("Text geändert")


def test_saving_without_a_text_change_keeps_the_approval(lage):
    e = dienst.freigeben(_eingereicht(lage), lage.pruefer)
    e.pruefstatus = S.ENTWURF  # an edit cannot change the review fields
    e = dienst.speichern(e, lage.autorin)
    e.refresh_from_db()
    assert (e.pruefstatus, e.geprueft_von) == (S.FREIGEGEBEN, lage.pruefer)


def _schliessen(lage):
    berichtsrunden.schliessen(lage.runde)
    lage.runde.refresh_from_db()


def test_nothing_changes_once_the_round_is_closed(lage):
    freigegeben = dienst.freigeben(_eingereicht(lage), lage.pruefer)
    wartet = _eingereicht(lage, handlungsfeld="hf_2")
    wartet.pruefstatus = S.ENTWURF
    Einschaetzung.objects.filter(pk=wartet.pk).update(pruefstatus=S.ENTWURF)
    _schliessen(lage)
    vorher = {e.pk: (e.text, e.pruefstatus) for e in Einschaetzung.objects.all()}

    freigegeben.text = "<p>Nachträglich</p>"
    with pytest.raises(ValidationError, match="festgehalten"):
        dienst.speichern(freigegeben, lage.autorin)
    with pytest.raises(ValidationError, match="festgehalten"):
        dienst.einreichen(wartet, lage.autorin)
    with pytest.raises(ValidationError, match="festgehalten"):
        dienst.freigeben(wartet, lage.pruefer)
    with pytest.raises(ValidationError, match="festgehalten"):
        dienst.zurueckgeben(wartet, lage.pruefer, "zu spät")
    # The model's own rule, for any other path.
    with pytest.raises(ValidationError, match="festgehalten"):
        freigegeben.full_clean()
    neu = Einschaetzung(berichtsrunde=lage.runde, handlungsfeld=None, text="<p>Gesamt</p>")
    with pytest.raises(ValidationError) as fehler:
        dienst.speichern(neu, lage.autorin)
    assert "nimmt keine Einschätzungen an" in str(fehler.value)
    assert {e.pk: (e.text, e.pruefstatus) for e in Einschaetzung.objects.all()} == vorher


def test_an_assessment_cannot_be_moved_into_a_closed_round(lage):
    from measures.choices import RundenStatus
    from tests import builders as b

    geschlossen = b.berichtsrunde("Alt", status=RundenStatus.GESCHLOSSEN)
    e = _neu(lage)
    e.berichtsrunde = geschlossen
    with pytest.raises(ValidationError) as fehler:
        e.full_clean()
    assert "berichtsrunde" in fehler.value.message_dict


def test_one_assessment_per_round_and_handlungsfeld_and_one_summary(lage):
    _neu(lage)
    _neu(lage, handlungsfeld=None)
    for hf in ("hf_1", None):
        with pytest.raises(ValidationError) as fehler:
            _neu(lage, handlungsfeld=hf)
        assert "schon" in " ".join(fehler.value.messages)
    assert Einschaetzung.objects.count() == 2


def test_the_stand_of_a_round_counts_approved_ones_of_the_current_konzept(lage):
    dienst.freigeben(_eingereicht(lage), lage.pruefer)
    _eingereicht(lage, handlungsfeld="hf_2")  # waiting: does not count
    # Of the older edition (stored directly; the form would not offer it): does not count.
    einschaetzung(lage.runde, lage.hf_alt, lage.autorin, pruefstatus=S.FREIGEGEBEN)
    stand = dienst.stand(lage.runde)
    assert (stand.freigegeben, stand.handlungsfelder, stand.ohne) == (1, 2, 1)
    assert not stand.gesamt_freigegeben
    dienst.freigeben(_eingereicht(lage, handlungsfeld=None), lage.pruefer)
    assert dienst.stand(lage.runde).gesamt_freigegeben
