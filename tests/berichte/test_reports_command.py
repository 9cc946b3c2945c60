"""``manage.py bericht``: the report as a file, named by what and when."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests.berichte.bericht_szenario import szenario_anlegen


@pytest.fixture
def s(personen):
    return szenario_anlegen(personen)


def test_handlungsfeld_bericht_einer_berichtsrunde_ins_verzeichnis(s, tmp_path):
    ausgabe = io.StringIO()
    call_command(
        "bericht",
        "--out",
        str(tmp_path),
        "--handlungsfeld",
        "5.2",
        "--berichtsrunde",
        str(s.runde_2025.pk),
        stdout=ausgabe,
    )

    datei = tmp_path / "Fortschrittsbericht_Handlungsfeld_5.2_2025-06-30.pdf"
    assert datei.exists()
    assert str(datei) in ausgabe.getvalue()
    text = " ".join(p.extract_text() for p in PdfReader(datei).pages)
    assert "5.2 Arbeit und Qualifizierung" in text
    assert "Integration durch Sprache" not in text


def test_akteur_bericht_mit_stichtag_in_eine_datei(s, tmp_path):
    ziel = tmp_path / "unterordner" / "amt-a.pdf"
    call_command(
        "bericht",
        "--out",
        str(ziel),
        "--akteur",
        "Amt A",
        "--stichtag",
        "2025-07-01",
        stdout=io.StringIO(),
    )
    assert PdfReader(ziel).metadata.title.startswith("Fortschrittsbericht")


@pytest.mark.parametrize(
    "argumente",
    [
        ["--handlungsfeld", "9.9"],
        ["--akteur", "Niemand"],
        ["--berichtsrunde", "999"],
        ["--stichtag", "30.06.2025"],
    ],
)
def test_fehler_werden_klar_gemeldet(s, tmp_path, argumente):
    with pytest.raises(CommandError):
        call_command("bericht", "--out", str(tmp_path), *argumente, stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_vorwaermen_legt_die_standardberichte_in_den_cache(s, monkeypatch):
    from django.core.cache import cache

    from berichte import cache as bericht_cache
    from berichte.data import HANDLUNGSFELD, Berichtsauftrag
    from berichte.render import Ergebnis

    cache.clear()
    gerendert = []

    def pdf_erzeugen(bericht, **grenzen):
        gerendert.append(bericht.auftrag)
        return Ergebnis(pdf=b"%PDF", seiten=1, sekunden=0.1, speicher_kb=0, zuwachs_kb=0)

    monkeypatch.setattr(bericht_cache, "pdf_erzeugen", pdf_erzeugen)
    ausgabe = io.StringIO()
    call_command("bericht", "--vorwaermen", stdout=ausgabe)

    # Today and the latest closed round, each public and internal; 5.2 and 5.3 (4.1.1 has
    # no goals of its own).
    assert len(gerendert) == 6
    assert Berichtsauftrag(berichtsrunde=s.runde_2025.pk, intern=True) in gerendert
    assert "6 Berichte im Cache" in ausgabe.getvalue()
    # Downloads now come from the cache: nothing more is rendered.
    bericht_cache.bericht_pdf(Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="5.3"))
    bericht_cache.bericht_pdf(Berichtsauftrag())
    assert len(gerendert) == 6
    cache.clear()
