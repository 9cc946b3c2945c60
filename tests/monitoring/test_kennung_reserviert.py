"""A Kennung that is one of the monitoring's own addresses (/indikatoren/datenlage/,
/indikatoren/daten.csv, /indikatoren/excel/…) would make the indicator unreachable: refused in
the admin's form and in a JSON upload, with a German message, nothing stored."""

import json

import pytest
from django.core.exceptions import ValidationError

from monitoring.importing import importieren
from monitoring.models import Indikator
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kennung", ["datenlage", "daten", "excel"])
def test_the_model_rule_refuses_an_address_of_the_portal(kennung):
    indikator = Indikator(
        kennung=kennung, name="X", kurzdefinition="X", einheit="anzahl", datenquelle="Q"
    )
    with pytest.raises(ValidationError) as fehler:
        indikator.full_clean()
    assert "ist eine Adresse des Portals" in str(fehler.value.message_dict["kennung"])


def test_an_ordinary_kennung_passes():
    b.indikator("einbuergerungen").full_clean()


def test_a_json_upload_with_such_a_kennung_stores_nothing():
    beschreibung = {
        "indikatoren": [
            {
                "kennung": "datenlage",
                "name": "Datenlage",
                "kurzdefinition": "X",
                "einheit": "anzahl",
                "datenquelle": "Q",
            }
        ],
        "messwerte": [{"indikator": "datenlage", "datum": "2020", "wert": "1"}],
    }
    ergebnis = importieren(json.dumps(beschreibung).encode(), "werte.json", anwenden=True)
    assert not ergebnis.ok
    assert not Indikator.objects.filter(kennung="datenlage").exists()
