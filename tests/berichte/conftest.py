"""Fixtures the report tests share (the global conftest already empties the cache per test)."""

import pytest

from berichte import cache as bericht_cache
from berichte.render import Ergebnis
from tests.berichte.bericht_szenario import szenario_anlegen


@pytest.fixture
def s(personen):
    return szenario_anlegen(personen)


@pytest.fixture
def gerendert(monkeypatch):
    """WeasyPrint replaced by a stand-in that records which reports were rendered."""
    berichte = []

    def pdf_erzeugen(bericht, **grenzen):
        berichte.append(bericht)
        return Ergebnis(pdf=b"%PDF-1.7 Attrappe", seiten=1, sekunden=0, speicher_kb=0, zuwachs_kb=0)

    monkeypatch.setattr(bericht_cache, "pdf_erzeugen", pdf_erzeugen)
    return berichte
