"""The shipped drafts, checked mechanically against the rules of the Netzwerk Leichte Sprache.

What a machine can check: every Handlungsfeld with goals has a draft with its three parts, each
sentence stands on its own line and is short, and the usual abbreviations are absent. Whether a
text is understood is for the Prüfgruppe; the Büro records its review in the admin.
"""

import json
import re
from pathlib import Path

import pytest

from leichte_sprache.laden import STANDARDPFAD, entwuerfe_lesen

KONZEPT = Path(__file__).resolve().parents[2] / "fixtures" / "konzept" / "handlungsfelder"
ENTWUERFE = entwuerfe_lesen(STANDARDPFAD)

# Measured on 1.12.2026: the longest sentence of all drafts has 13 words. The Netzwerk Leichte
# Sprache asks for short sentences; 13 keeps every draft inside that and fails a long new one.
HOECHSTENS_WOERTER = 13
# The brief: about 8 to 15 sentences per Handlungsfeld; 16 allows one explained word more.
SAETZE = range(8, 17)
ABKUERZUNGEN = re.compile(
    r"\b(z\.\s?B|bzw|u\.\s?a|ggf|usw|ca|d\.\s?h|bspw|inkl|evtl|o\.\s?ä|u\.\s?ä|sog|vgl)\.",
    re.IGNORECASE,
)
# Two sentences on one line: an end mark followed by the start of a new sentence.
ZWEI_SAETZE = re.compile(r"[.!?]\s+\S")


def _saetze(nummer):
    return [s for teil in ENTWUERFE[nummer].values() for s in teil.split("\n")]


def _mit_zielen():
    for datei in sorted(KONZEPT.glob("*.json")):
        daten = json.loads(datei.read_text(encoding="utf-8"))
        if daten.get("leitziel"):
            yield daten["nummer"]


def test_every_handlungsfeld_with_goals_has_a_draft_and_no_other():
    mit_zielen = set(_mit_zielen())
    assert len(mit_zielen) == 19
    assert set(ENTWUERFE) == mit_zielen


@pytest.mark.parametrize("nummer", sorted(ENTWUERFE))
def test_sentences_are_short_one_per_line_without_abbreviations(nummer):
    saetze = _saetze(nummer)
    assert len(saetze) in SAETZE, f"{nummer}: {len(saetze)} Sätze"
    zu_lang = [s for s in saetze if len(s.split()) > HOECHSTENS_WOERTER]
    assert not zu_lang, f"{nummer}: Sätze über {HOECHSTENS_WOERTER} Wörter: {zu_lang}"
    abgekuerzt = [s for s in saetze if ABKUERZUNGEN.search(s)]
    assert not abgekuerzt, f"{nummer}: Abkürzungen: {abgekuerzt}"
    doppelt = [s for s in saetze if ZWEI_SAETZE.search(s)]
    assert not doppelt, f"{nummer}: mehr als ein Satz in einer Zeile: {doppelt}"
    ohne_ende = [s for s in saetze if not s.endswith((".", "?", "!", ":"))]
    assert not ohne_ende, f"{nummer}: Zeile ohne Satzende: {ohne_ende}"
    # Gender stars and slashes are hard to read aloud; the drafts name both or say "Menschen".
    assert not [s for s in saetze if "*" in s or "/" in s], nummer


def test_every_draft_says_who_does_it_by_name():
    # "Wer das macht" names Akteure of the concept, not only "die Stadt".
    for nummer, teile in ENTWUERFE.items():
        assert re.search(
            r"\b(Amt|Büro|Rat|Jobcenter|Träger|Zentr|Verein|Kammer|Agentur|Kreis|"
            r"Bibliothek|Schule|Bürgerschaft|Stellen|Dienst|SprInt|Gemeinschaften)",
            teile["wer_das_macht"],
        ), nummer


def test_the_abbreviation_check_finds_them():
    for text in (
        "z. B. hier",
        "z.B. hier",
        "bzw. dort",
        "u. a. das",
        "ggf. mehr",
        "usw.",
        "ca. 5",
        "d. h. so",
    ):
        assert ABKUERZUNGEN.search(text), text
    assert not ABKUERZUNGEN.search("Zum Beispiel: Die Stadt hilft.")
