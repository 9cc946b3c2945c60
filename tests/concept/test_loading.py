"""load_konzept on small fixture directories that each test writes itself.

The story: the Büro loads the concept, works with it for months (status, progress, who is
responsible), and then a corrected fixture arrives. Reloading must take over the corrected
wording, record it in history, and leave the Büro's work alone.
"""

import ast
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from concept.models import BestPracticeBeispiel, Handlungsfeld, Kapitel, Konzept, Leitziel, Teilziel
from measures.choices import Ampel, Status
from measures.models import Akteur, Massnahme, Zustaendigkeit
from tests import builders as b

pytestmark = pytest.mark.django_db

AJSA = "Amt für Jugend, Soziales und Asyl"


def basis():
    """A concept of two Handlungsfelder (one without goals), three Akteure."""
    return {
        "konzept.json": {
            "konzept": {
                "titel": "Testkonzept",
                "kurztitel": "Test",
                "beschluss": "2020/BV/0974",
                "beschlossen_am": "2020-11-11",
                "einleitung": "Einleitung.",
            },
            "kapitel": [
                {"nummer": "5", "titel": "Weitere Handlungsfelder", "eltern": None},
                {"nummer": "5.4", "titel": "Beratung", "eltern": "5", "einleitung": "Absatz."},
            ],
            "handlungsfelder": ["5.2", "5.4.1"],
        },
        "akteure.json": [
            {
                "name": AJSA,
                "kurzname": "AJSA",
                "seite": "intern",
                "art": "amt",
                "aliase": ["Amt f ür Jugend, Soziales und Asyl"],
            },
            {
                "name": "Hanse-Jobcenter",
                "kurzname": "",
                "seite": "intern",
                "art": "amt",
                "aliase": [],
            },
            {
                "name": "migra e.V.",
                "kurzname": "",
                "seite": "extern",
                "art": "verein_traeger",
                "aliase": ["migra e. V."],
            },
        ],
        "handlungsfelder/5.2.json": {
            "nummer": "5.2",
            "titel": "Arbeit und Qualifizierung",
            "kapitel": "5",
            "schwerpunktthema": False,
            "einleitung": "Erster Absatz.\n\nZweiter Absatz.",
            "leitziel": "Die Kommune wirkt darauf hin.",
            "teilziele": [
                {
                    "nummer": 1,
                    "text": "Integrationsbetreuung",
                    "massnahmen": [
                        {
                            "kennung": "a",
                            "text": "Joblotsen begleiten den Integrationsprozess.",
                            "verweise": ["5.4.1"],
                            "zustaendigkeiten": [
                                {
                                    "akteur": "Hanse-Jobcenter",
                                    "seite": "intern",
                                    "federfuehrend": True,
                                    "hinweis": "",
                                },
                                {
                                    "akteur": "migra e.V.",
                                    "seite": "extern",
                                    "federfuehrend": False,
                                    "hinweis": "IFDM",
                                },
                            ],
                        },
                        {
                            "kennung": "b",
                            "text": "Förder- und Drittmittel einwerben.",
                            "zustaendigkeiten": [
                                {"akteur": AJSA, "seite": "intern", "federfuehrend": False},
                            ],
                        },
                    ],
                },
                {"nummer": 2, "text": "Kampagnen", "massnahmen": []},
            ],
            "best_practice": [{"titel": "Cup der Chancen", "text": "Ein Fußballturnier."}],
            "verweise": ["5.4.1"],
        },
        "handlungsfelder/5.4.1.json": {
            "nummer": "5.4.1",
            "titel": "Soziale Beratung",
            "kapitel": "5.4",
            "schwerpunktthema": False,
            "einleitung": "",
            "leitziel": None,
            "teilziele": [],
            "best_practice": [],
            "verweise": [],
        },
    }


def schreibe(verzeichnis, dateien):
    for name, inhalt in dateien.items():
        datei = Path(verzeichnis) / name
        datei.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(inhalt, str):
            datei.write_text(inhalt, encoding="utf-8")
        else:
            datei.write_text(json.dumps(inhalt, ensure_ascii=False, indent=1), encoding="utf-8")
    return verzeichnis


def lade(pfad):
    ausgabe = io.StringIO()
    call_command("load_konzept", pfad=Path(pfad), stdout=ausgabe)
    return ausgabe.getvalue()


@pytest.fixture
def fixtures(tmp_path):
    return schreibe(tmp_path / "konzept", basis())


def massnahme(referenz):
    hf, rest = referenz.split(" / ")
    tz, kennung = rest.split()
    return Massnahme.objects.get(
        teilziel__handlungsfeld__nummer=hf, teilziel__nummer=int(tz), kennung=kennung
    )


MODELLE = [
    Konzept,
    Kapitel,
    Handlungsfeld,
    Leitziel,
    Teilziel,
    BestPracticeBeispiel,
    Akteur,
    Massnahme,
    Zustaendigkeit,
]


def schnappschuss():
    """Every row of every loaded model, plus the history and cross-reference tables."""
    zeilen = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELLE}
    for m in [Leitziel, Teilziel, Akteur, Massnahme, Zustaendigkeit]:
        zeilen[f"{m.__name__} history"] = m.history.count()
    zeilen["hf verweise"] = sorted(
        Handlungsfeld.verweise.through.objects.values_list("from_handlungsfeld", "to_handlungsfeld")
    )
    zeilen["m verweise"] = sorted(
        Massnahme.verweise.through.objects.values_list("massnahme", "handlungsfeld")
    )
    return zeilen


def test_first_load_creates_the_plan_and_reports_it(fixtures):
    ausgabe = lade(fixtures)

    konzept = Konzept.objects.get()
    assert (konzept.beschluss, konzept.beschlossen_am) == ("2020/BV/0974", date(2020, 11, 11))
    assert list(Handlungsfeld.objects.values_list("nummer", "sortierung", "kapitel__nummer")) == [
        ("5.2", 0, "5"),
        ("5.4.1", 1, "5.4"),
    ]
    assert Kapitel.objects.get(nummer="5.4").eltern.nummer == "5"
    assert not Leitziel.objects.filter(handlungsfeld__nummer="5.4.1").exists()
    m = massnahme("5.2 / 1 a")
    assert sorted(
        m.zustaendigkeiten.values_list("akteur__name", "seite", "federfuehrend", "hinweis")
    ) == [("Hanse-Jobcenter", "intern", True, ""), ("migra e.V.", "extern", False, "IFDM")]
    assert [hf.nummer for hf in m.verweise.all()] == ["5.4.1"]
    assert [hf.nummer for hf in Handlungsfeld.objects.get(nummer="5.2").verweise.all()] == ["5.4.1"]
    assert Akteur.objects.get(name=AJSA).slug == "amt-fuer-jugend-soziales-und-asyl"
    assert "Maßnahmen" in ausgabe and "angelegt 2" in ausgabe
    assert Massnahme.history.filter(history_change_reason__contains="5.2.json").count() == 2


def test_loading_twice_gives_the_same_database_and_no_new_history(fixtures):
    lade(fixtures)
    vorher = schnappschuss()

    ausgabe = lade(fixtures)

    assert schnappschuss() == vorher
    assert "angelegt 1" not in ausgabe and "geändert 1" not in ausgabe
    assert "Maßnahmen" in ausgabe and "unverändert 2" in ausgabe


def test_staff_work_survives_a_reload(fixtures):
    lade(fixtures)
    m = massnahme("5.2 / 1 a")
    m.status, m.ampel, m.fortschritt = Status.IN_UMSETZUNG, Ampel.GEFAEHRDET, 40
    m.beginn, m.zieldatum, m.interne_notiz = date(2021, 1, 1), date(2022, 6, 30), "Rückruf"
    m.save()
    # The Büro removes migra, adds AJSA, and makes the Hanse-Jobcenter no longer federführend.
    m.zustaendigkeiten.get(akteur__name="migra e.V.").delete()
    b.zustaendigkeit(m, Akteur.objects.get(name=AJSA), federfuehrend=True, hinweis="neu")
    m.zustaendigkeiten.filter(akteur__name="Hanse-Jobcenter").update(federfuehrend=False)
    vorher = schnappschuss()

    lade(fixtures)

    m.refresh_from_db()
    assert (m.status, m.ampel, m.fortschritt) == (Status.IN_UMSETZUNG, Ampel.GEFAEHRDET, 40)
    assert (m.beginn, m.zieldatum, m.interne_notiz) == (
        date(2021, 1, 1),
        date(2022, 6, 30),
        "Rückruf",
    )
    assert sorted(m.zustaendigkeiten.values_list("akteur__name", "federfuehrend", "hinweis")) == [
        (AJSA, True, "neu"),
        ("Hanse-Jobcenter", False, ""),
    ]
    assert schnappschuss() == vorher


def test_a_new_measure_in_the_fixtures_gets_its_responsibilities(fixtures):
    lade(fixtures)
    massnahme("5.2 / 1 b").zustaendigkeiten.all().delete()  # the Büro's decision
    dateien = basis()
    hf = dateien["handlungsfelder/5.2.json"]
    hf["teilziele"][1]["massnahmen"].append(
        {
            "kennung": "a",
            "text": "Kampagne gegen Rassismus.",
            "zustaendigkeiten": [
                {"akteur": "migra e.V.", "seite": "extern", "federfuehrend": True, "hinweis": ""}
            ],
        }
    )
    schreibe(fixtures, dateien)

    lade(fixtures)

    neu = massnahme("5.2 / 2 a")
    assert list(neu.zustaendigkeiten.values_list("akteur__name", "federfuehrend")) == [
        ("migra e.V.", True)
    ]
    assert not massnahme("5.2 / 1 b").zustaendigkeiten.exists()  # not re-created


def test_a_wording_change_updates_the_text_and_is_recorded_with_a_reason(fixtures):
    lade(fixtures)
    m = massnahme("5.2 / 1 a")
    m.status = Status.IN_PLANUNG
    m.save()
    historie_vorher = m.history.count()
    dateien = basis()
    hf = dateien["handlungsfelder/5.2.json"]
    hf["leitziel"] = "Die Kommune wirkt weiterhin darauf hin."
    hf["teilziele"][0]["text"] = "Ganzheitliche Integrationsbetreuung"
    hf["teilziele"][0]["erlaeuterung"] = "Beschlossene Vorbemerkung."
    hf["teilziele"][0]["massnahmen"][0]["text"] = "Joblotsen begleiten den Prozess."
    schreibe(fixtures, dateien)

    ausgabe = lade(fixtures)

    version_vorher = m.version
    m.refresh_from_db()
    assert m.text == "Joblotsen begleiten den Prozess."
    assert m.version == version_vorher + 1  # an edit form opened before is refused
    assert m.status == Status.IN_PLANUNG
    assert m.history.count() == historie_vorher + 1
    letzte, davor = m.history.all()[:2]
    assert "Wortlaut" in letzte.history_change_reason
    assert "5.2.json" in letzte.history_change_reason
    assert davor.text == "Joblotsen begleiten den Integrationsprozess."
    tz = Teilziel.objects.get(handlungsfeld__nummer="5.2", nummer=1)
    assert tz.text == "Ganzheitliche Integrationsbetreuung"
    assert tz.erlaeuterung == "Beschlossene Vorbemerkung."
    assert tz.history.count() == 2  # one record for both fields
    assert "Wortlaut" in tz.history.first().history_change_reason
    lz = Leitziel.objects.get(handlungsfeld__nummer="5.2")
    assert lz.text == "Die Kommune wirkt weiterhin darauf hin."
    assert lz.history.first().history_change_reason.startswith("Wortlaut")
    assert "geändert 1" in ausgabe


def test_an_akteur_found_under_an_alias_is_renamed_and_keeps_its_members(
    fixtures, django_user_model
):
    lade(fixtures)
    akteur = Akteur.objects.get(name="migra e.V.")
    akteur.mitglieder.add(django_user_model.objects.create_user("partnerin"))
    dateien = basis()
    dateien["akteure.json"][2].update(name="migra e. V. Rostock", aliase=["migra e.V."])
    for m in dateien["handlungsfelder/5.2.json"]["teilziele"][0]["massnahmen"]:
        for z in m["zustaendigkeiten"]:
            if z["akteur"] == "migra e.V.":
                z["akteur"] = "migra e. V. Rostock"
    schreibe(fixtures, dateien)

    lade(fixtures)

    akteur.refresh_from_db()
    assert akteur.name == "migra e. V. Rostock"
    assert list(akteur.mitglieder.values_list("username", flat=True)) == ["partnerin"]
    assert Akteur.objects.count() == 3


def test_nothing_is_deleted_when_the_fixtures_drop_a_measure(fixtures):
    lade(fixtures)
    dateien = basis()
    del dateien["handlungsfelder/5.2.json"]["teilziele"][0]["massnahmen"][1]
    schreibe(fixtures, dateien)

    ausgabe = lade(fixtures)

    assert massnahme("5.2 / 1 b")
    assert "5.2 / 1 b" in ausgabe and "bleibt unverändert" in ausgabe


def _kaputt(aendern):
    dateien = basis()
    aendern(dateien)
    return dateien


def _unbekannter_akteur(d):
    d["handlungsfelder/5.2.json"]["teilziele"][0]["massnahmen"][1]["zustaendigkeiten"][0][
        "akteur"
    ] = "Amt für Unbekanntes"


def _alias_statt_name(d):
    d["handlungsfelder/5.2.json"]["teilziele"][0]["massnahmen"][1]["zustaendigkeiten"][0][
        "akteur"
    ] = "Amt f ür Jugend, Soziales und Asyl"


def _doppelte_kennung(d):
    d["handlungsfelder/5.2.json"]["teilziele"][0]["massnahmen"][1]["kennung"] = "a"


def _doppeltes_teilziel(d):
    d["handlungsfelder/5.2.json"]["teilziele"][1]["nummer"] = 1


def _unbekanntes_kapitel(d):
    d["handlungsfelder/5.4.1.json"]["kapitel"] = "5.9"


def _doppeltes_handlungsfeld(d):
    d["konzept.json"]["handlungsfelder"].append("5.2")


def _doppelter_akteur(d):
    d["akteure.json"].append(
        {"name": "Hanse Jobcenter", "seite": "intern", "art": "amt", "aliase": []}
    )


def _kaputtes_json(d):
    d["handlungsfelder/5.4.1.json"] = '{"nummer": "5.4.1",'


def _massnahme_kein_objekt(d):
    d["handlungsfelder/5.2.json"]["teilziele"][1]["massnahmen"] = ["a) Kampagnen"]


def _unbekannter_verweis(d):
    d["handlungsfelder/5.2.json"]["verweise"] = ["5.3.1"]


@pytest.mark.parametrize(
    ("aendern", "erwartet"),
    [
        (
            _unbekannter_akteur,
            ["5.2.json", "Teilziel 1, Maßnahme b", "Amt für Unbekanntes", "fehlt in akteure.json"],
        ),
        (_alias_statt_name, ["5.2.json", "andere Schreibweise", f"„{AJSA}“ verwenden"]),
        (_doppelte_kennung, ["5.2.json", "Teilziel 1, Maßnahme a", "Kennung doppelt"]),
        (_doppeltes_teilziel, ["5.2.json", "Teilziel 1", "Teilziel-Nummer doppelt"]),
        (_unbekanntes_kapitel, ["5.4.1.json", "unbekanntes Kapitel „5.9“"]),
        (_doppeltes_handlungsfeld, ["konzept.json", "Handlungsfeld 5.2 ist doppelt"]),
        (_doppelter_akteur, ["akteure.json", "„Hanse Jobcenter“", "derselbe Akteur wie"]),
        (_kaputtes_json, ["5.4.1.json", "kein gültiges JSON"]),
        (_unbekannter_verweis, ["5.2.json", "Verweis auf 5.3.1"]),
        (_massnahme_kein_objekt, ["5.2.json, Teilziel 2", "Eintrag 1 ist kein Objekt"]),
    ],
    ids=lambda x: x.__name__ if callable(x) else "",
)
def test_invalid_files_are_refused_in_german_and_nothing_is_written(tmp_path, aendern, erwartet):
    pfad = schreibe(tmp_path / "konzept", _kaputt(aendern))

    with pytest.raises(CommandError) as fehler:
        lade(pfad)

    meldung = str(fehler.value)
    assert meldung.startswith("Die Konzeptdateien sind fehlerhaft; es wurde nichts geschrieben")
    for teil in erwartet:
        assert teil in meldung
    assert Konzept.objects.count() == Akteur.objects.count() == Massnahme.objects.count() == 0


def test_an_invalid_reload_leaves_the_loaded_concept_untouched(fixtures):
    lade(fixtures)
    vorher = schnappschuss()
    dateien = basis()
    dateien["handlungsfelder/5.2.json"]["leitziel"] = "Neuer Wortlaut."
    _unbekannter_akteur(dateien)
    schreibe(fixtures, dateien)

    with pytest.raises(CommandError):
        lade(fixtures)

    assert schnappschuss() == vorher


def test_a_failure_while_writing_rolls_everything_back(fixtures, monkeypatch):
    import measures.loading

    def abbruch(*args, **kwargs):
        raise RuntimeError("Datenbank weg")

    monkeypatch.setattr(measures.loading, "schreibe_massnahmen", abbruch)
    with pytest.raises(RuntimeError):
        lade(fixtures)
    assert Konzept.objects.count() == Akteur.objects.count() == 0


def test_a_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Verzeichnis nicht gefunden"):
        lade(tmp_path / "gibt-es-nicht")


def test_concept_does_not_import_measures():
    """Dependencies point one way (DESIGN.md): measures → concept, never back."""
    for datei in (Path(settings.BASE_DIR) / "concept").rglob("*.py"):
        baum = ast.parse(datei.read_text(encoding="utf-8"))
        for knoten in ast.walk(baum):
            if isinstance(knoten, ast.Import):
                namen = [a.name for a in knoten.names]
            elif isinstance(knoten, ast.ImportFrom):
                namen = [knoten.module or ""]
            else:
                continue
            for name in namen:
                assert not name.startswith(("measures", "monitoring")), f"{datei}: {name}"
