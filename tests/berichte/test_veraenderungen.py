"""Which annex group a change falls in (berichte/veraenderungen.py), and the assessment filter."""

from dataclasses import dataclass

import pytest

from berichte.templatetags.bericht import einschaetzung_html
from berichte.veraenderungen import (
    NEU_UMGESETZT,
    SONSTIGE,
    VERBESSERT,
    VERSCHLECHTERT,
    gruppe_von,
    gruppieren,
)
from measures.choices import Ampel, Status


@dataclass
class _Zeile:
    status: str
    ampel: str
    fortschritt: int


@dataclass
class _Aenderung:
    zeile: _Zeile
    status_vorher: str
    ampel_vorher: str
    fortschritt_vorher: int

    @property
    def zuwachs(self):
        return self.zeile.fortschritt - self.fortschritt_vorher


def _a(vorher, jetzt):
    return _Aenderung(_Zeile(*jetzt), *vorher)


U, P, V, Z = Status.IN_UMSETZUNG, Status.IN_PLANUNG, Status.VERZOEGERT, Status.ZURUECKGESTELLT
OK, GEF, KRIT, OHNE = Ampel.IM_PLAN, Ampel.GEFAEHRDET, Ampel.KRITISCH, Ampel.UNBEWERTET


@pytest.mark.parametrize(
    ("vorher", "jetzt", "gruppe"),
    [
        ((U, GEF, 50), (Status.UMGESETZT, OK, 100), NEU_UMGESETZT),
        ((U, OK, 50), (Status.UMGESETZT, GEF, 40), NEU_UMGESETZT),  # done outweighs all
        ((U, OK, 50), (U, GEF, 50), VERSCHLECHTERT),
        ((U, OK, 50), (U, OK, 40), VERSCHLECHTERT),
        ((U, OK, 50), (V, OK, 50), VERSCHLECHTERT),
        ((U, OK, 50), (Z, OK, 50), VERSCHLECHTERT),
        ((U, KRIT, 50), (U, GEF, 70), VERBESSERT),
        ((U, OK, 50), (U, OK, 60), VERBESSERT),
        ((U, OK, 50), (U, KRIT, 70), VERSCHLECHTERT),  # mixed signs: among the worries
        ((U, OK, 50), (U, OHNE, 50), SONSTIGE),  # unbewertet is neither better nor worse
        ((P, OK, 50), (U, OK, 50), SONSTIGE),
    ],
)
def test_gruppe_einer_veraenderung(vorher, jetzt, gruppe):
    assert gruppe_von(_a(vorher, jetzt)) == gruppe


def test_gruppieren_behaelt_die_reihenfolge_und_zaehlt():
    erste, zweite = _a((U, OK, 50), (U, OK, 40)), _a((U, OK, 10), (U, OK, 0))
    dritte = _a((U, OK, 10), (U, OK, 20))
    ergebnis = gruppieren([erste, dritte, zweite])
    assert ergebnis.gruppe(VERSCHLECHTERT).aenderungen == [erste, zweite]
    assert ergebnis.gruppe(VERBESSERT).aenderungen == [dritte]
    assert len(ergebnis) == 3
    assert [g.schluessel for g in ergebnis.hauptgruppen] == [
        VERSCHLECHTERT,
        VERBESSERT,
        NEU_UMGESETZT,
    ]
    assert not gruppieren([])


def test_einschaetzung_html_laesst_nur_die_erlaubten_tags():
    html = (
        '<p class="x" onclick="boese()">Gut <strong>so</strong> <em>und</em><br>'
        '<a href="https://rostock.de" title="t">hier</a> <a href="javascript:alert(1)">nein</a>'
        "</p><ul><li>eins</li></ul><ol><li>zwei</li></ol><script>alert(1)</script>"
        '<img src="x" onerror="alert(2)"><h1>Titel</h1><style>p{}</style>'
    )
    sauber = einschaetzung_html(html)
    # The report renders what the one sanitiser (berichte.einschaetzungen.bereinigen) leaves.
    assert sauber == (
        '<p>Gut <strong>so</strong> <em>und</em><br><a href="https://rostock.de" title="t" '
        'rel="noopener noreferrer nofollow">hier</a> <a rel="noopener noreferrer nofollow">nein'
        "</a></p><ul><li>eins</li></ul><ol><li>zwei</li></ol>Titel"
    )
    assert einschaetzung_html(None) == ""


def test_ampel_mix_als_ein_verlauf_mit_harten_grenzen():
    from berichte.templatetags.bericht import ampel_verlauf

    verlauf = ampel_verlauf([(Ampel.IM_PLAN, 1), (Ampel.KRITISCH, 3)])
    assert verlauf == (
        "linear-gradient(to right, #2e7d32 0.0%, #2e7d32 25.0%, #a00000 25.0%, #a00000 100.0%)"
    )
    assert ampel_verlauf([]) == ""
