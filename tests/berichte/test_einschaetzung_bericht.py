"""Which assessments a report shows (berichte.einschaetzungen.fuer_bericht) and the council page.

The rule, once: approved assessments of a closed round are public; of the open round only in
the internal report. Without a round, a report at a Stichtag takes the latest round whose
Stichtag is not after it — for the public one, a round closed by then.
"""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from berichte import einschaetzungen as dienst
from berichte.einschaetzungen import fuer_bericht
from berichte.models import EinschaetzungStatus
from measures.choices import RundenStatus
from tests import builders as b
from tests.berichte.einschaetzung_szenario import einschaetzung, lage_anlegen

pytestmark = pytest.mark.django_db

S = EinschaetzungStatus


def _am(tag):
    return timezone.make_aware(datetime.combine(tag, datetime.min.time()) + timedelta(hours=12))


@pytest.fixture
def lage(personen):
    return lage_anlegen()


@pytest.fixture
def zwei_runden(lage):
    """2025 closed on 15.01.2026 with approved texts; 2026 open with approved and waiting ones."""
    alt = b.berichtsrunde(
        "Berichtsrunde 2025",
        stichtag=date(2025, 12, 31),
        faellig_am=date(2026, 1, 31),
        status=RundenStatus.GESCHLOSSEN,
        geschlossen_am=_am(date(2026, 1, 15)),
    )
    e = {
        "alt_gesamt": einschaetzung(
            alt, None, lage.autorin, "<p>2025 gesamt</p>", pruefstatus=S.FREIGEGEBEN
        ),
        "alt_hf1": einschaetzung(
            alt, lage.hf_1, lage.autorin, "<p>2025 HF1</p>", pruefstatus=S.FREIGEGEBEN
        ),
        "alt_hf2": einschaetzung(alt, lage.hf_2, lage.autorin, "<p>2025 HF2 Entwurf</p>"),
        "neu_gesamt": einschaetzung(
            lage.runde, None, lage.autorin, "<p>2026 gesamt</p>", pruefstatus=S.FREIGEGEBEN
        ),
        "neu_hf1": einschaetzung(
            lage.runde, lage.hf_1, lage.autorin, "<p>2026 HF1</p>", pruefstatus=S.EINGEREICHT
        ),
    }
    return alt, e


def _pks(ergebnis):
    return (
        ergebnis.runde,
        ergebnis.gesamt.text if ergebnis.gesamt else None,
        {hf: x.text for hf, x in ergebnis.je_handlungsfeld.items()},
    )


def test_a_closed_round_shows_its_approved_ones_to_everyone(lage, zwei_runden):
    alt, _e = zwei_runden
    erwartet = (alt, "<p>2025 gesamt</p>", {lage.hf_1.pk: "<p>2025 HF1</p>"})
    assert _pks(fuer_bericht(alt, date(2025, 12, 31))) == erwartet
    assert _pks(fuer_bericht(alt, date(2025, 12, 31), intern=True)) == erwartet


def test_the_open_round_only_in_the_internal_report(lage, zwei_runden):
    assert _pks(fuer_bericht(lage.runde, date(2026, 6, 30))) == (lage.runde, None, {})
    assert _pks(fuer_bericht(lage.runde, date(2026, 6, 30), intern=True)) == (
        lage.runde,
        "<p>2026 gesamt</p>",
        {},  # the waiting one for HF1 is not shown
    )


def test_without_round_the_stichtag_picks_it(lage, zwei_runden):
    alt, _e = zwei_runden
    # Today's report (after the open round's Stichtag): public → the last closed round.
    heute = date(2026, 7, 10)
    assert fuer_bericht(None, heute).runde == alt
    assert fuer_bericht(None, heute, intern=True).runde == lage.runde
    # Before the open round's Stichtag: the closed one for both.
    assert fuer_bericht(None, date(2026, 3, 1), intern=True).runde == alt
    # After the 2025 Stichtag but before it was closed: nothing public yet; internal sees it.
    assert fuer_bericht(None, date(2026, 1, 10)).runde is None
    assert fuer_bericht(None, date(2026, 1, 10), intern=True).runde == alt
    # Before any Stichtag: nothing.
    assert fuer_bericht(None, date(2025, 6, 1), intern=True) == dienst.Einschaetzungen()


def test_planned_rounds_never_and_the_newer_closed_round_wins(lage, zwei_runden):
    alt, _e = zwei_runden
    b.berichtsrunde("Berichtsrunde 2027", stichtag=date(2026, 8, 1))  # geplant
    assert fuer_bericht(None, date(2026, 9, 1), intern=True).runde == lage.runde
    lage.runde.status = RundenStatus.GESCHLOSSEN
    lage.runde.geschlossen_am = _am(date(2026, 8, 15))
    lage.runde.save()
    assert fuer_bericht(None, date(2026, 8, 10)).runde == alt
    neu = fuer_bericht(None, date(2026, 8, 15))
    assert _pks(neu) == (lage.runde, "<p>2026 gesamt</p>", {})


def test_two_queries_at_most(lage, zwei_runden, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        fuer_bericht(None, date(2026, 7, 10), intern=True)


# --- the council page -----------------------------------------------------------------------

SEITE = reverse("measures:buergerschaft")


def test_the_council_page_shows_the_last_closed_rounds_summary(client, personen, lage, zwei_runden):
    alt, e = zwei_runden
    client.force_login(personen.buergerschaft)
    inhalt = client.get(SEITE).content.decode()
    assert "Einschätzung des Büros zur Berichtsrunde 2025" in inhalt
    assert "<p>2025 gesamt</p>" in inhalt
    assert "2026 gesamt" not in inhalt  # the open round's: internal report only
    assert f"?berichtsrunde={alt.pk}" in inhalt


def test_no_summary_before_it_is_approved(client, personen, lage):
    runde = b.berichtsrunde(
        "Berichtsrunde 2025",
        stichtag=date(2025, 12, 31),
        status=RundenStatus.GESCHLOSSEN,
        geschlossen_am=_am(date(2026, 1, 15)),
    )
    einschaetzung(runde, None, lage.autorin, "<p>nur Entwurf</p>", pruefstatus=S.EINGEREICHT)
    client.force_login(personen.buergerschaft)
    inhalt = client.get(SEITE).content.decode()
    assert "nur Entwurf" not in inhalt
    assert "Einschätzung des Büros zur" not in inhalt


@pytest.mark.parametrize("wer", ["partner_a", "partner_b"])
def test_partners_do_not_see_the_council_page(client, personen, lage, zwei_runden, wer):
    client.force_login(getattr(personen, wer))
    assert client.get(SEITE).status_code == 403
