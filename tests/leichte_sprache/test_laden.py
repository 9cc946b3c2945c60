"""``load_leichte_sprache``: idempotent, and never over the Büro's edits or reviews."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from leichte_sprache.laden import entwuerfe_laden
from leichte_sprache.models import Zusammenfassung
from tests import builders as b
from tests.leichte_sprache.szenario import plan_anlegen

pytestmark = pytest.mark.django_db

ENTWURF = """# Was die Stadt will
Die Stadt will: {wort}.
# Was die Stadt macht
Die Stadt hilft.
# Wer das macht
Das Büro für Integration.
"""


def _schreiben(ordner, nummer, wort="Alle finden Arbeit"):
    (ordner / f"{nummer}.txt").write_text(ENTWURF.format(wort=wort), encoding="utf-8")


def _laden(ordner):
    ausgabe = io.StringIO()
    call_command("load_leichte_sprache", pfad=ordner, stdout=ausgabe)
    return ausgabe.getvalue()


@pytest.fixture
def plan(db):
    return plan_anlegen()


@pytest.fixture
def ordner(tmp_path):
    for nummer in ("5.2", "5.3"):
        _schreiben(tmp_path, nummer)
    return tmp_path


def test_creates_the_drafts_once_and_a_second_run_changes_nothing(plan, ordner):
    ausgabe = _laden(ordner)
    assert "angelegt: 2" in ausgabe
    z = Zusammenfassung.objects.get(handlungsfeld=plan.hf_52)
    assert z.was_die_stadt_will == "Die Stadt will: Alle finden Arbeit."
    assert not z.geprueft
    assert z.history.count() == 1

    ausgabe = _laden(ordner)
    assert "unverändert: 2" in ausgabe
    assert z.history.count() == 1
    assert Zusammenfassung.objects.count() == 2


def test_a_changed_draft_replaces_an_untouched_one(plan, ordner):
    _laden(ordner)
    _schreiben(ordner, "5.2", "Mehr Menschen finden Arbeit")
    assert "aktualisiert: 1" in _laden(ordner)
    z = Zusammenfassung.objects.get(handlungsfeld=plan.hf_52)
    assert z.was_die_stadt_will == "Die Stadt will: Mehr Menschen finden Arbeit."


def test_an_edit_of_the_buero_is_kept(plan, ordner):
    _laden(ordner)
    z = Zusammenfassung.objects.get(handlungsfeld=plan.hf_52)
    z.was_getan_wird = "Das Jobcenter berät. Vom Büro ergänzt."
    z.save()  # an edit anywhere but the loader: no LADEGRUND in its history record
    _schreiben(ordner, "5.2", "Mehr Menschen finden Arbeit")
    assert "behalten: 1" in _laden(ordner)
    z.refresh_from_db()
    assert z.was_getan_wird == "Das Jobcenter berät. Vom Büro ergänzt."
    assert z.was_die_stadt_will == "Die Stadt will: Alle finden Arbeit."


def test_a_reviewed_summary_is_kept(plan, ordner):
    _laden(ordner)
    # Even when the review was written without a history record of its own (an update()).
    Zusammenfassung.objects.filter(handlungsfeld=plan.hf_53).update(
        geprueft_am=date(2026, 11, 30), geprueft_von="Prüfgruppe"
    )
    _schreiben(ordner, "5.3", "Alle lernen Deutsch")
    assert "behalten: 1" in _laden(ordner)
    z = Zusammenfassung.objects.get(handlungsfeld=plan.hf_53)
    assert z.was_die_stadt_will == "Die Stadt will: Alle finden Arbeit."
    assert z.geprueft


def test_only_the_current_konzept_gets_drafts_and_unknown_numbers_are_named(plan, ordner):
    neuer = b.konzept(beschlossen_am=date(2030, 1, 1))
    neues_52 = b.handlungsfeld(b.kapitel(neuer, "5"), "5.2")
    ausgabe = _laden(ordner)
    assert "kein Handlungsfeld im aktuellen Konzept für 5.3" in ausgabe
    assert list(Zusammenfassung.objects.values_list("handlungsfeld", flat=True)) == [neues_52.pk]


@pytest.mark.parametrize(
    ("inhalt", "meldung"),
    [
        ("Ein Satz.\n# Was die Stadt will\nx.", "Text vor der ersten Überschrift"),
        ("# Was die Stadt will\nx.\n# Was die Stadt will\ny.", "doppelte Überschrift"),
        ("# Was will ich\nx.", "unbekannte oder doppelte Überschrift „Was will ich“"),
        (
            "# Was die Stadt will\nx.\n# Was die Stadt macht\ny.",
            "es fehlt der Teil „Wer das macht“",
        ),
    ],
)
def test_a_broken_file_is_refused_in_german_and_nothing_is_written(plan, ordner, inhalt, meldung):
    (ordner / "5.4.1.txt").write_text(inhalt, encoding="utf-8")
    with pytest.raises(CommandError, match=meldung):
        _laden(ordner)
    assert not Zusammenfassung.objects.exists()


def test_an_empty_folder_is_refused(plan, tmp_path):
    with pytest.raises(CommandError, match="keine Entwürfe"):
        _laden(tmp_path)


def test_the_shipped_drafts_fit_the_shipped_concept(db):
    call_command("load_konzept", verbosity=0, stdout=io.StringIO())
    ergebnis = entwuerfe_laden()
    assert len(ergebnis.angelegt) == 19
    assert not ergebnis.ohne_handlungsfeld
    for z in Zusammenfassung.objects.all():
        z.full_clean()  # within the field lengths the admin enforces
