"""Query budgets of the pages that show summaries, at 1× and 10× data, for every role.

The plan of tests/portal/test_query_counts.py, with a summary for every Handlungsfeld: the
switch on the Handlungsfeld page costs no query (it comes with the Handlungsfeld), its own page
and the list on /leichte-sprache/ a fixed number.
"""

import pytest

from concept.models import Handlungsfeld
from leichte_sprache.models import Zusammenfassung
from tests.portal.test_query_counts import BUDGETS, ROLLEN, _je_rolle, aufbauen

pytestmark = pytest.mark.django_db


def aufbauen_mit_zusammenfassungen(faktor, jahr, mitglied):
    urls = aufbauen(faktor, jahr, mitglied)
    felder = Handlungsfeld.objects.filter(konzept__beschlossen_am__year=jahr)
    Zusammenfassung.objects.bulk_create(
        Zusammenfassung(
            handlungsfeld=hf,
            was_die_stadt_will="Die Stadt will etwas.\n" * faktor,
            was_getan_wird="Die Stadt macht etwas.",
            wer_das_macht="Das Amt macht das.",
        )
        for hf in felder
    )
    nummer = urls["handlungsfeld"].split("/")[2]
    return {
        **urls,
        "handlungsfeld_leichte_sprache": f"/handlungsfelder/{nummer}/leichte-sprache/",
    }


@pytest.mark.parametrize(
    "seite", ["handlungsfeld", "handlungsfeld_leichte_sprache", "leichte_sprache"]
)
def test_pages_with_summaries_stay_within_budget_and_do_not_grow(client, personen, seite):
    klein = _je_rolle(
        client, personen, aufbauen_mit_zusammenfassungen(1, 2030, personen.partner_a)[seite]
    )
    gross = _je_rolle(
        client, personen, aufbauen_mit_zusammenfassungen(10, 2031, personen.partner_a)[seite]
    )
    ueber = {r: (klein[r], BUDGETS[seite][r]) for r in ROLLEN if klein[r] > BUDGETS[seite][r]}
    assert not ueber, f"{seite}: über dem Budget (Abfragen, Budget): {ueber}"
    assert gross == klein, f"{seite}: {klein} Abfragen bei 1×, {gross} bei 10×"
