"""WCAG 2.1 AA of the monitoring pages in real Chromium (axe-core, as tests/e2e does)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (path, number of charts on it)
SEITEN = [
    ("/indikatoren/", 0),
    ("/indikatoren/auslaenderanteil/", 1),
    ("/indikatoren/auslaenderanteil/?nach=geschlecht", 1),
    # Series chosen by checkbox; one value shown as a figure, not a chart (test_darstellung.py).
    ("/indikatoren/auslaenderanteil/?nach=geschlecht&reihe=geschlecht%3Dweiblich", 1),
    ("/indikatoren/deutschland/", 0),
    ("/handlungsfelder/4.2.2/", 0),
]


@pytest.mark.parametrize(("pfad", "diagramme"), SEITEN)
def test_page_has_no_serious_violations(
    live_server,
    seite,
    axe_pruefen,
    monitoring_daten,
    pfad,
    diagramme,
):
    antwort = seite.goto(live_server.url + pfad)
    assert antwort.status == 200
    assert seite.locator("svg[role=img]").count() == diagramme
    verstoesse = axe_pruefen(seite)
    assert not verstoesse, axe_pruefen.beschreiben(verstoesse)
