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


def test_vorwaermen_gibt_die_standardberichte_in_auftrag(s, django_capture_on_commit_callbacks):
    from berichte.ablage import anfordern, auftrag_aus_json
    from berichte.data import HANDLUNGSFELD, Berichtsauftrag
    from berichte.models import Berichtsdatei, DateiStatus

    ausgabe = io.StringIO()
    with django_capture_on_commit_callbacks() as aufgaben:
        call_command("bericht", "--vorwaermen", stdout=ausgabe)

    # Today and the latest closed round, each public and internal; 5.2 and 5.3 (4.1.1 has
    # no goals of its own). Enqueued for the worker, not rendered by the command.
    assert len(aufgaben) == 6
    auftraege = [auftrag_aus_json(d.auftrag) for d in Berichtsdatei.objects.all()]
    assert Berichtsauftrag(berichtsrunde=s.runde_2025.pk, intern=True) in auftraege
    assert set(Berichtsdatei.objects.values_list("status", flat=True)) == {DateiStatus.WARTET}
    assert "6 Berichte in Auftrag gegeben, 0 schon vorhanden" in ausgabe.getvalue()
    # Asked for again (a request, a second run): the same rows, no new task.
    with django_capture_on_commit_callbacks() as aufgaben:
        anfordern(Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="5.3"))
        call_command("bericht", "--vorwaermen", stdout=io.StringIO())
    assert aufgaben == []
    assert Berichtsdatei.objects.count() == 6
