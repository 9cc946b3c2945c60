"""A Handlungsfeld page: introduction, Leitziel, Teilziele with Maßnahmen and Akteure."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _seite(client, nummer):
    return client.get(reverse("measures:handlungsfeld", kwargs={"nummer": nummer}))


def test_shows_goals_measures_and_akteure(client, plan):
    response = _seite(client, "5.1.1")
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Frühkindliche Bildung",
        "Kitas sind Orte der Begegnung.",
        "Alle Kinder lernen früh und gut Deutsch.",
        "Sprachförderung in allen Kitas",
        "Sprachkitas ausbauen",
        "5.1.1 / 1 a",
        "verwaltungsintern",
        "verwaltungsextern",
        "für Kitas freier Träger",
    ]:
        assert text in html, text
    assert 'href="/massnahmen/5.1.1-1a/"' in html
    assert 'href="/akteure/amt-a/"' in html
    # Federführend is said in words, next to the Akteur that leads.
    assert 'Amt A</a> <strong class="federfuehrend">(federführend)</strong>' in html


def test_teilziel_progress_and_status_as_text(client, plan):
    response = _seite(client, "5.1.1")
    teilziele = list(response.context["handlungsfeld"].teilziele.all())
    assert [t.fortschritt for t in teilziele] == [pytest.approx(25.0), None]
    html = response.content.decode()
    assert "25 %" in html
    assert "noch nicht messbar" in html  # Teilziel 2 has only an entfallen measure
    assert "in Umsetzung" in html and "kritisch" in html


def test_cross_references_are_links(client, plan):
    html = _seite(client, "5.1.1").content.decode()
    assert 'href="/handlungsfelder/5.3/"' in html  # Handlungsfeld → 5.3
    assert 'href="/handlungsfelder/5.2/"' in html  # Maßnahme 1 a → 5.2


def test_handlungsfeld_without_goals_shows_introduction_and_best_practice(client, plan):
    response = _seite(client, "5.2")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gesundheit ist ein Querschnittsthema." in html
    assert "Gesundheitslotsen" in html
    assert "Leitziel" not in html
    assert "Teilziele und Maßnahmen" not in html


def test_unknown_number_is_404(client, plan):
    assert _seite(client, "9.9").status_code == 404


def test_internal_note_never_on_the_handlungsfeld_page(client, plan, personen):
    client.force_login(personen.buero)
    assert "Vertraulich" not in _seite(client, "5.1.1").content.decode()


def test_links_to_the_pdf_report_of_the_handlungsfeld(client, plan):
    assert 'href="/berichte/handlungsfelder/5.1.1.pdf"' in _seite(client, "5.1.1").content.decode()
    # 5.2 has no measures of its own, hence no report of its own
    assert "/berichte/handlungsfelder/5.2.pdf" not in _seite(client, "5.2").content.decode()


def test_adopted_explanation_of_a_teilziel_is_shown(client, plan):
    from concept.models import Teilziel

    teilziel = Teilziel.objects.filter(massnahmen__isnull=False).select_related("handlungsfeld")[0]
    teilziel.erlaeuterung = "Vorbemerkung des Beschlusses zu diesem Teilziel."
    teilziel.save()
    response = client.get(f"/handlungsfelder/{teilziel.handlungsfeld.nummer}/")
    assert "Vorbemerkung des Beschlusses zu diesem Teilziel." in response.content.decode()
