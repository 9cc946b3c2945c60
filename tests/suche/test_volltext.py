"""The matching rule and the reference parser, without a database (concept/volltext.py,
measures/referenzen.py)."""

import re

import pytest

from concept.volltext import falten, stamm, suchwoerter
from measures.referenzen import Referenz, referenz_lesen


@pytest.mark.parametrize(
    ("text", "gefaltet"),
    [
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Mädchen", "madchen"),
        ("Maedchen", "madchen"),
        ("Hanse-Jobcenter", "hanse jobcenter"),
        ("Café", "cafe"),
    ],
)
def test_falten(text, gefaltet):
    assert falten(text) == gefaltet


def test_stems_of_related_words_are_equal():
    assert stamm(falten("Sprachmittler")) == stamm(falten("Sprachmittlung")) == "sprachmittl"


@pytest.mark.parametrize(
    ("eingabe", "text"),
    [
        ("Sprachmittler", "Einsatz von Sprachmittlung"),
        ("Strasse", "an der Straße"),
        ("Straße", "in der Strasse"),
        ("Maedchen", "für Mädchen"),
        ("Kita", "Stärkung der Sprachkitas"),
        ("jobcenter", "Hanse-Jobcenter"),
    ],
)
def test_the_pattern_finds_the_unfolded_spelling(eingabe, text):
    (wort,) = suchwoerter(eingabe)
    assert re.search(wort.regex, text, re.IGNORECASE)
    assert wort.passt_zu(text.split()[-1])


def test_short_stems_only_at_the_start_of_a_word():
    (wort,) = suchwoerter("EU")
    assert re.search(wort.regex, "Förderung der EU", re.IGNORECASE)
    assert not re.search(wort.regex, "eine neue Idee", re.IGNORECASE)


def test_stop_words_repeats_and_bounds():
    assert [w.gefaltet for w in suchwoerter("die Arbeit und die Arbeit")] == ["arbeit"]
    assert suchwoerter("und oder") == []
    assert len(suchwoerter(" ".join(f"wort{i}" for i in range(50)))) == 8
    # Markup is not a word: nothing of it reaches the SQL.
    assert [w.gefaltet for w in suchwoerter("<script>alert('x')</script>")] == ["script", "alert"]


@pytest.mark.parametrize(
    "eingabe", ["5.2 / 1 a", "5.2-1a", "5.2 1a", "5.2/1a", "5.2 / 1 a)", "5.2-1A", " 5.2 /1 a "]
)
def test_reference_to_a_measure_in_every_spelling(eingabe):
    assert referenz_lesen(eingabe) == Referenz("5.2", 1, "a")


def test_references_to_teilziel_and_handlungsfeld():
    assert referenz_lesen("5.2 / 1") == Referenz("5.2", 1)
    assert referenz_lesen("4.1.2-3") == Referenz("4.1.2", 3)
    assert referenz_lesen("5.2") == Referenz("5.2")


@pytest.mark.parametrize("eingabe", ["", "2020", "Sprachmittlung", "5.2 / 1 abc", "5..2", "5.2 x"])
def test_no_reference(eingabe):
    assert referenz_lesen(eingabe) is None
