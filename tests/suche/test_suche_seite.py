"""/suche/: hits by kind, highlighted and escaped; references jump; only what is public.

Every test runs on SQLite and PostgreSQL alike (the match is one rule: concept/volltext.py).
"""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SUCHE = "/suche/"
ROLLEN = ["partner_a", "kollegin_a", "partner_b", "buergerschaft", "buero"]


def _treffer(response):
    """{kind: [titles of its hits]} of a results page."""
    html = response.content.decode()
    gruppen = {}
    for abschnitt in re.findall(r'<section class="suchgruppe".*?</section>', html, re.S):
        art = re.search(r'id="treffer-(\w+)"', abschnitt).group(1)
        titel = re.findall(r"<h3><a [^>]*>(.*?)</a></h3>", abschnitt, re.S)
        gruppen[art] = [re.sub(r"</?mark>", "", t) for t in titel]
    return gruppen


def _suche(client, q, **weitere):
    return client.get(SUCHE, {"q": q, **weitere})


@pytest.mark.parametrize(
    ("q", "art", "titel"),
    [
        ("Sprachmittler", "massnahmen", "Maßnahme 5.2 / 1 a"),
        ("sprachmittlung", "massnahmen", "Maßnahme 5.2 / 1 a"),
        ("Sprachmittler", "best_practice", "Sprachmittlerpool"),
        ("Strasse", "handlungsfelder", "5.2 Arbeit und Qualifizierung"),
        ("Hanse-Jobcenter", "massnahmen", "Maßnahme 5.2 / 1 b"),
        ("Hanse-Jobcenter", "akteure", "Hanse-Jobcenter (HJC)"),
        ("HJC", "massnahmen", "Maßnahme 5.2 / 1 b"),
        ("Zugang Beratung", "teilziele", "Teilziel 5.2 / 1 – Arbeit und Qualifizierung"),
        ("Migrationsgeschichte", "leitziele", "Leitziel 5.2 Arbeit und Qualifizierung"),
        ("Beratungsquote", "indikatoren", "Beratungsquote"),
    ],
)
def test_finds_by_stem_folding_and_akteur(client, suchplan, q, art, titel):
    response = _suche(client, q)
    assert response.status_code == 200
    assert titel in _treffer(response)[art]


def test_only_the_current_konzept(client, suchplan):
    treffer = _treffer(_suche(client, "Sprachmittlung"))
    assert treffer["massnahmen"] == ["Maßnahme 5.2 / 1 a"]
    assert "Alte" not in _suche(client, "Sprachmittlung").content.decode()


def test_counts_per_kind_and_the_hit_marked(client, suchplan):
    html = _suche(client, "Sprachmittler").content.decode()
    assert re.search(r'id="treffer-massnahmen">Maßnahmen <span class="anzahl">\(1\)', html)
    assert "<mark>Sprachmittlung</mark>" in html


@pytest.mark.parametrize(
    ("q", "ziel"),
    [
        ("5.2 / 1 a", "/massnahmen/5.2-1a/"),
        ("5.2-1a", "/massnahmen/5.2-1a/"),
        ("5.2 1a", "/massnahmen/5.2-1a/"),
        ("5.2/1a", "/massnahmen/5.2-1a/"),
        ("5.2 / 1 b", "/massnahmen/5.2-1b/"),
        ("5.2 / 1", "/handlungsfelder/5.2/#teilziel-1"),
        ("5.2", "/handlungsfelder/5.2/"),
    ],
)
def test_a_reference_jumps_to_its_object(client, suchplan, q, ziel):
    response = _suche(client, q)
    assert response.status_code == 302
    assert response["Location"] == ziel


def test_an_unknown_reference_searches_and_finds_nothing(client, suchplan):
    response = _suche(client, "9.9 / 1 a")
    assert response.status_code == 200
    assert not any(_treffer(response).values())


@pytest.mark.parametrize(
    ("parameter", "meldung"),
    [
        ({"q": ""}, "Bitte geben Sie einen Suchbegriff ein."),
        ({"q": "x" * 101}, "Bitte geben Sie höchstens 100 Zeichen ein"),
        ({"q": "Arbeit", "art": "passwoerter"}, "Diese Art von Treffern gibt es nicht."),
        ({"q": "Arbeit", "art": "akteure", "seite": "abc"}, "Die Seitenzahl muss eine ganze Zahl"),
        (
            {"q": "Arbeit", "art": "akteure", "seite": "99999"},
            "Die Seitenzahl muss eine ganze Zahl",
        ),
        ({"q": "und der"}, "Bitte geben Sie ein aussagekräftigeres Suchwort ein"),
    ],
)
def test_bad_input_gets_a_german_message(client, suchplan, parameter, meldung):
    response = client.get(SUCHE, parameter)
    assert response.status_code == 200
    assert meldung in response.content.decode()
    assert not _treffer(response)


def test_without_q_only_the_form(client, db):
    response = client.get(SUCHE)
    assert response.status_code == 200
    assert 'role="search"' in response.content.decode()


def test_markup_in_q_and_in_texts_is_escaped(client, suchplan):
    html = _suche(client, '<script>alert(1)</script>"><img src=x>').content.decode()
    assert "<script>alert" not in html and "<img src=x>" not in html
    assert "&lt;script&gt;" in html
    html = _suche(client, "fett").content.decode()
    assert "<b>" not in html
    assert "&lt;b&gt;<mark>fett</mark>&lt;/b&gt;" in html


def test_marking_cannot_be_abused_to_inject(client, suchplan):
    html = _suche(client, "mark Sprachmittlung").content.decode()
    assert "<mark><mark>" not in html
    assert "&lt;mark" not in html or "<mark>" in html


@pytest.mark.parametrize("rolle", ["anonymous", *ROLLEN])
def test_internal_notes_and_unpublished_indicators_never_appear(client, suchplan, personen, rolle):
    if rolle != "anonymous":
        client.force_login(getattr(personen, rolle))
    response = _suche(client, "Quittenbaum")
    assert response.status_code == 200
    assert not any(_treffer(response).values())
    assert "Quote" not in response.content.decode()


def test_all_n_link_to_the_filtered_list_and_to_one_kind(client, suchplan):
    from tests import builders as b

    tz = suchplan["a"].teilziel
    for buchstabe in "cdefgh":
        b.massnahme(tz, buchstabe, text=f"Weitere Sprachmittlung {buchstabe}")
    html = _suche(client, "Sprachmittlung").content.decode()
    assert len(_treffer(_suche(client, "Sprachmittlung"))["massnahmen"]) == 5
    link = reverse("measures:massnahmen") + "?q=Sprachmittlung"
    assert f'href="{link}">alle 7 Maßnahmen anzeigen' in html
    # The list's q is the same rule: it shows the same 7.
    liste = client.get(link)
    assert liste.context["paginator"].count == 7


def test_one_kind_with_pages(client, suchplan):
    from tests import builders as b

    for i in range(30):
        b.akteur(f"Beratungsverein {i}")
    response = _suche(client, "Beratungsverein", art="akteure")
    assert len(_treffer(response)["akteure"]) == 25
    assert "Seite 1 von 2" in response.content.decode()
    zweite = _suche(client, "Beratungsverein", art="akteure", seite=2)
    assert len(_treffer(zweite)["akteure"]) == 5


def test_the_header_of_every_page_has_the_search_box(client, suchplan):
    html = client.get("/").content.decode()
    assert 'role="search"' in html
    assert 'action="/suche/"' in html
    assert '<label for="kopf-suche-q">' in html


def test_anonymous_results_are_stored_per_datenstand(client, suchplan, django_assert_num_queries):
    erste = _suche(client, "Sprachmittlung")
    with django_assert_num_queries(1):
        zweite = _suche(client, "Sprachmittlung")
    assert zweite.content == erste.content
    suchplan["b"].__class__.objects.filter(pk=suchplan["b"].pk).update(text="Sprachmittlung auch")
    assert len(_treffer(_suche(client, "Sprachmittlung"))["massnahmen"]) == 2


def test_a_typo_finds_the_word_on_postgresql(client, suchplan):
    from django.db import connection

    response = _suche(client, "Sprachmitlung")
    assert response.status_code == 200
    if connection.vendor != "postgresql":
        # pg_trgm is PostgreSQL's; SQLite says plainly that nothing was found.
        assert not any(_treffer(response).values())
        return
    assert "Maßnahme 5.2 / 1 a" in _treffer(response)["massnahmen"]
    html = response.content.decode()
    assert "ähnlich geschriebene Wörter" in html
    assert "<mark>Sprachmittlung</mark>" in html


@pytest.mark.parametrize(
    "q",
    [
        "5,5",
        "1.000 Euro",
        "C++",
        "ß",
        "'",
        "\\",
        "%",
        "_",
        "日本語",
        "😀 Kita",
        "a:*|b",
        "(",
        "4.1.2.3.4",
    ],
)
def test_odd_input_is_searched_or_refused_never_a_500(client, suchplan, q):
    assert _suche(client, q).status_code == 200


def test_like_wildcards_are_literal(client, suchplan):
    # "%" and "_" are no words; "Straße%" searches for Straße only.
    assert _treffer(_suche(client, "Straße%"))["handlungsfelder"] == [
        "5.2 Arbeit und Qualifizierung"
    ]
