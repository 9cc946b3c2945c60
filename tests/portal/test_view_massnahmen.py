"""The Maßnahmen list: filters by GET parameters, "N Maßnahmen gefunden", pagination."""

import pytest
from django.urls import reverse

from measures.choices import Status
from tests import builders as b

pytestmark = pytest.mark.django_db


def _referenzen(client, **params):
    response = client.get(reverse("measures:massnahmen"), params)
    assert response.status_code == 200
    return [m.referenz for m in response.context["massnahmen"]]


def test_without_filter_lists_all_in_concept_order(client, plan):
    response = client.get(reverse("measures:massnahmen"))
    assert [m.referenz for m in response.context["massnahmen"]] == [
        "5.1.1 / 1 a",
        "5.1.1 / 1 b",
        "5.1.1 / 2 a",
        "5.3 / 1 a",
    ]
    assert "4 Maßnahmen gefunden" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "erwartet"),
    [
        ({"handlungsfeld": "5.3"}, ["5.3 / 1 a"]),
        ({"kapitel": "5.1"}, ["5.1.1 / 1 a", "5.1.1 / 1 b", "5.1.1 / 2 a"]),
        ({"kapitel": "5"}, ["5.1.1 / 1 a", "5.1.1 / 1 b", "5.1.1 / 2 a", "5.3 / 1 a"]),
        ({"status": ["verzoegert", "umgesetzt"]}, ["5.1.1 / 1 b", "5.3 / 1 a"]),
        ({"ampel": "kritisch"}, ["5.1.1 / 1 b"]),
        ({"akteur": "verein-b"}, ["5.1.1 / 1 a", "5.1.1 / 1 b"]),
        ({"akteur": "verein-b", "federfuehrend": "true"}, ["5.1.1 / 1 b"]),
        ({"akteur": "amt-a", "federfuehrend": "true"}, ["5.1.1 / 1 a"]),
        ({"seite": "intern"}, ["5.1.1 / 1 a"]),
        ({"seite": "extern", "federfuehrend": "true"}, ["5.1.1 / 1 b"]),
        ({"q": "kitas"}, ["5.1.1 / 1 a"]),
        ({"q": "Wohnungsbörse einrichten"}, ["5.3 / 1 a"]),
        ({"q": "Wohnungsbörse Kitas"}, []),  # every word must occur
    ],
)
def test_filters_return_the_right_rows(client, plan, params, erwartet):
    assert _referenzen(client, **params) == erwartet


def test_zustaendigkeit_filters_describe_one_responsibility(client, plan):
    # Amt A is involved in 1 a and someone (A) leads there, but Amt A leads nothing else;
    # "Verein B, federführend" must not match 1 a just because A leads 1 a.
    assert "5.1.1 / 1 a" not in _referenzen(client, akteur="verein-b", federfuehrend="true")


def test_invalid_filter_value_shows_error_and_no_rows(client, plan):
    response = client.get(reverse("measures:massnahmen"), {"status": "erfunden"})
    assert list(response.context["massnahmen"]) == []
    assert "Einige Filterangaben sind ungültig" in response.content.decode()


def test_count_and_shareable_pagination_links(client, plan):
    tz = b.teilziel(plan.hf_wohnen, 2)
    for i in range(30):
        b.massnahme(tz, f"x{chr(97 + i // 26)}{chr(97 + i % 26)}"[-3:], status=Status.IN_PLANUNG)
    response = client.get(reverse("measures:massnahmen"), {"status": "in_planung"})
    html = response.content.decode()
    assert "30 Maßnahmen gefunden" in html
    assert len(response.context["massnahmen"]) == 25
    # The filter stays in the link to the next page, so that a page of results can be shared.
    assert 'href="?status=in_planung&amp;page=2"' in html
    seite2 = client.get(reverse("measures:massnahmen"), {"status": "in_planung", "page": 2})
    assert len(seite2.context["massnahmen"]) == 5
    assert client.get(reverse("measures:massnahmen"), {"page": 99}).status_code == 404


def test_filter_form_keeps_the_chosen_values(client, plan):
    html = client.get(
        reverse("measures:massnahmen"),
        {"status": "verzoegert", "q": "Kitas", "federfuehrend": "true", "akteur": "amt-a"},
    ).content.decode()
    assert 'value="verzoegert" checked' in html
    assert 'value="in_umsetzung" checked' not in html
    assert 'value="Kitas"' in html
    assert 'value="true" checked' in html  # nur federführende
    assert '<option value="amt-a" selected>' in html


def _titel(client, **params):
    import re

    html = client.get(reverse("measures:massnahmen"), params).content.decode()
    return re.search(r"<title>(.*?) – Hanse-", html, re.S).group(1).strip()


def test_each_state_of_the_list_has_its_own_title(client, plan):
    """A screen reader announces the title first; the list's states must differ (WCAG 2.4.2)."""
    tz = b.teilziel(plan.hf_wohnen, 2)
    for i in range(30):
        b.massnahme(tz, f"x{chr(97 + i // 26)}{chr(97 + i % 26)}"[-3:], status=Status.IN_PLANUNG)
    titel = {
        "alle": _titel(client),
        "seite_2": _titel(client, page=2),
        "gefiltert": _titel(client, status="in_planung"),
        "gefiltert_seite_2": _titel(client, status="in_planung", page=2),
        "ohne_treffer": _titel(client, q="Zzzyxw"),
        "fehler": _titel(client, status="erfunden"),
    }
    assert titel["alle"] == "Maßnahmen"
    assert titel["seite_2"] == "Maßnahmen – Seite 2 von 2"
    assert titel["gefiltert"] == "Maßnahmen – gefiltert, 30 Treffer"
    assert titel["gefiltert_seite_2"] == "Maßnahmen – gefiltert, 30 Treffer – Seite 2 von 2"
    assert titel["ohne_treffer"] == "Maßnahmen – keine Treffer"
    assert titel["fehler"] == "Fehler: Maßnahmen"
