"""The Akteur hierarchy in fixtures/konzept/akteure.json (fixtures/notes/hierarchie.md), loaded
idempotently by measures/loading.py: a reload fills only missing parents."""

from pathlib import Path

import pytest

from measures.loading import lade_konzept
from measures.models import Akteur

pytestmark = pytest.mark.django_db

KONZEPT = Path(__file__).resolve().parents[2] / "fixtures" / "konzept"


def untereinheiten(name):
    return sorted(Akteur.objects.get(name=name).untereinheiten.values_list("name", flat=True))


def test_the_concept_loads_its_hierarchy_once():
    lade_konzept(KONZEPT)
    assert untereinheiten("Amt für Jugend, Soziales und Asyl") == [
        "Amt für Jugend, Soziales und Asyl, Abt. Leistungen Asyl",
        "Amt für Jugend, Soziales und Asyl, Jugendhaus",
        "Amt für Jugend, Soziales und Asyl, SG Integration",
    ]
    assert len(untereinheiten("Hauptamt")) == 4
    assert Akteur.objects.filter(uebergeordnet__isnull=False).count() == 11
    historie = Akteur.history.count()
    lade_konzept(KONZEPT)
    assert Akteur.history.count() == historie  # the second load changes nothing


def test_a_parent_set_by_the_buero_survives_a_reload():
    lade_konzept(KONZEPT)
    joblotsen = Akteur.objects.get(name="Hanse-Jobcenter, Joblotsen")
    joblotsen.uebergeordnet = Akteur.objects.get(name="Hauptamt")
    joblotsen.save()
    lade_konzept(KONZEPT)
    joblotsen.refresh_from_db()
    assert joblotsen.uebergeordnet.name == "Hauptamt"


@pytest.mark.parametrize(
    ("eltern", "meldung"),
    [
        ({"B": "Gibt es nicht"}, "kein anderer Akteur"),
        ({"B": "B"}, "kein anderer Akteur"),
        ({"A": "B", "B": "A"}, "im Kreis"),
    ],
)
def test_wrong_parents_are_refused_in_german(tmp_path, eltern, meldung):
    import json

    from concept.loading import Fehlerliste
    from measures.loading import lies_akteure

    datei = tmp_path / "akteure.json"
    datei.write_text(
        json.dumps(
            [
                {
                    "name": n,
                    "seite": "intern",
                    "art": "amt",
                    "aliase": [],
                    **({"uebergeordnet": eltern[n]} if n in eltern else {}),
                }
                for n in ("A", "B")
            ]
        ),
        encoding="utf-8",
    )
    fehler = Fehlerliste()
    lies_akteure(datei, fehler)
    assert any(meldung in f for f in fehler), fehler
