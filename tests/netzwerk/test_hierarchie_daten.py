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
