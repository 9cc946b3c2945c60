"""Every API address works with and without its trailing slash, for every method: no redirect
that turns a POST into a GET (the Sachstand was silently lost), no 500 under DEBUG."""

import pytest

from measures.models import Sachstand
from monitoring.models import Messwert
from tests import builders as b
from tests.api.beispiele import SACHSTAND

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2")
    m = b.massnahme(b.teilziel(hf, 1), "a")
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    b.messwert(b.indikator("arbeitslose"), 2023, "11")
    return personen


@pytest.mark.parametrize("debug", [False, True])
def test_post_of_a_sachstand_without_slash_saves_it(client, plan, settings, debug):
    settings.DEBUG = debug
    client.force_login(plan.partner_a)
    antwort = client.post("/api/v1/sachstaende", SACHSTAND, content_type="application/json")
    assert antwort.status_code == 201, antwort.content
    sachstand = Sachstand.objects.get()
    assert sachstand.massnahme.oeffentliche_kennung == "5.2-1a"
    assert sachstand.eingereicht_von == plan.partner_a


def test_put_and_bulk_without_slash_save(client, plan):
    client.force_login(plan.buero)
    messwert = Messwert.objects.get()
    antwort = client.put(
        f"/api/v1/messwerte/{messwert.pk}",
        {"indikator": "arbeitslose", "datum": "2023", "wert": "12"},
        content_type="application/json",
    )
    assert antwort.status_code == 200, antwort.content
    antwort = client.post(
        "/api/v1/messwerte/bulk",
        [{"indikator": "arbeitslose", "datum": "2024", "wert": "13"}],
        content_type="application/json",
    )
    assert antwort.status_code == 200, antwort.content
    assert sorted(Messwert.objects.values_list("wert", flat=True)) == [12, 13]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1",
        "/api/v1/konzept",
        "/api/v1/schema",
        "/api/v1/handlungsfelder",
        "/api/v1/handlungsfelder/5.2",
        "/api/v1/teilziele/5.2-1",
        "/api/v1/massnahmen",
        "/api/v1/massnahmen/5.2-1a",
        "/api/v1/akteure/amt-a",
        "/api/v1/sachstaende",
        "/api/v1/berichtsrunden",
        "/api/v1/indikatoren/arbeitslose",
        "/api/v1/messwerte",
    ],
)
def test_every_read_answers_without_slash_as_with_it(client, plan, url):
    ohne = client.get(url)
    mit = client.get(url + "/")
    assert ohne.status_code == mit.status_code == 200
    assert ohne.content == mit.content


def test_the_docs_page_answers_without_slash(client, plan):
    # Its script address follows the page's own (the split view), so only the status here.
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("methode", ["post", "put", "patch", "delete"])
def test_no_redirect_for_any_method(client, plan, settings, methode, debug):
    settings.DEBUG = debug
    client.force_login(plan.buero)
    for url in ("/api/v1", "/api/v1/massnahmen", "/api/v1/massnahmen/5.2-1a", "/api/v1/konzept"):
        antwort = getattr(client, methode)(url, {}, content_type="application/json")
        assert antwort.status_code == 405, (url, antwort.status_code)
        assert antwort.json()["code"] == "methode_nicht_erlaubt"


def test_the_schema_and_links_name_the_slashed_form(client, plan):
    pfade = client.get("/api/v1/schema/?format=json").json()["paths"]
    assert "/api/v1/massnahmen/{kennung}/" in pfade
    assert "/api/v1/konzept/" in pfade
    assert all(pfad.endswith("/") for pfad in pfade)
    start = client.get("/api/v1/").json()
    assert start["massnahmen"] == "http://testserver/api/v1/massnahmen/"
