"""The admin upload: a preview that writes nothing, then a confirmation that writes everything."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models import Messwert
from tests import builders as b

pytestmark = pytest.mark.django_db
URL = "/admin/monitoring/messwert/importieren/"


@pytest.fixture
def buero(client, personen, tmp_path, monkeypatch):
    monkeypatch.setattr("monitoring.admin.ABLAGE", tmp_path)  # previews leave no files behind
    personen.buero.is_superuser = True
    personen.buero.save()
    client.force_login(personen.buero)
    b.indikator("anteil", nachkommastellen=2)
    return client


def hochladen(client, text, name="werte.csv"):
    return client.post(URL, {"datei": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_preview_shows_what_would_happen_and_writes_nothing(buero):
    antwort = hochladen(buero, "indikator;datum;wert\nanteil;2019;6,8\nanteil;2020;7\n")

    text = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Vorschau: 2 neu, 0 geändert, 0 unverändert." in text
    assert text.count("<td>neu</td>") == 2
    assert Messwert.objects.count() == 0
    assert 'value="Import bestätigen"' in text


def test_confirming_the_preview_applies_it_with_the_user_in_history(buero, personen):
    vorschau = hochladen(buero, "indikator;datum;wert\nanteil;2019;6,8\nanteil;2020;7\n")
    marke = re.search(r'name="marke" value="([0-9a-f]{32})"', vorschau.content.decode()).group(1)

    antwort = buero.post(URL, {"marke": marke, "dateiname": "werte.csv"})

    assert antwort.status_code == 302
    assert antwort.url == reverse("admin:monitoring_messwert_changelist")
    assert Messwert.objects.count() == 2
    eintrag = Messwert.history.first()
    assert eintrag.history_user == personen.buero
    assert eintrag.history_change_reason == "Import aus werte.csv"
    # The mark is used up: a second confirmation cannot import twice.
    wieder = buero.post(URL, {"marke": marke, "dateiname": "werte.csv"}, follow=True)
    assert "abgelaufen" in wieder.content.decode()


def test_errors_are_listed_by_row_and_cannot_be_confirmed(buero):
    antwort = hochladen(buero, "indikator;datum;wert\nanteil;2019;x\nnix;2020;7\n")

    text = antwort.content.decode()
    assert "2 Fehler – nichts wurde gespeichert." in text
    assert "<td>2</td><td>wert</td>" in text and "<td>3</td><td>indikator</td>" in text
    assert "Import bestätigen" not in text
    assert Messwert.objects.count() == 0


def test_partners_may_not_import(client, personen):
    client.force_login(personen.partner_a)
    assert client.get(URL).status_code in (302, 403)


def test_changelist_links_to_the_import(buero):
    assert URL in buero.get("/admin/monitoring/messwert/").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/monitoring/indikator/",
        "/admin/monitoring/indikator/add/",
        "/admin/monitoring/dimension/add/",
        "/admin/monitoring/messwert/add/",
        URL,
    ],
)
def test_admin_pages_render(buero, url):
    assert buero.get(url).status_code == 200


def test_indicator_change_page_and_its_history(buero):
    from monitoring.models import Indikator

    indikator = Indikator.objects.get(kennung="anteil")
    assert buero.get(f"/admin/monitoring/indikator/{indikator.pk}/change/").status_code == 200
    assert buero.get(f"/admin/monitoring/indikator/{indikator.pk}/history/").status_code == 200


def test_a_target_needs_a_direction(buero):
    from django.core.exceptions import ValidationError

    from monitoring.models import Indikator

    indikator = Indikator.objects.get(kennung="anteil")
    indikator.zielwert = 5
    with pytest.raises(ValidationError):
        indikator.full_clean()


def test_a_new_auspraegung_gets_its_slug_from_the_name(buero):
    from monitoring.models import Auspraegung

    stadtbereich = b.dimension("stadtbereich", "Stadtbereich")
    a = Auspraegung.objects.create(dimension=stadtbereich, name="Groß Klein")
    assert a.slug == "gross-klein"
    seite = buero.get(f"/admin/monitoring/dimension/{stadtbereich.pk}/change/")
    assert seite.status_code == 200


def test_a_breakdown_typed_in_the_admin_is_checked_and_sorted(buero):
    from django.core.exceptions import ValidationError

    from monitoring.models import Messwert

    geschlecht = b.dimension("geschlecht")
    b.auspraegung(geschlecht, "weiblich")
    bereich = b.dimension("stadtbereich")
    b.auspraegung(bereich, "Groß Klein")
    wert = Messwert(indikator=b.indikator("x"), datum="2020-12-31", wert=1)

    wert.aufschluesselung = "stadtbereich=gross-klein;geschlecht=weiblich"
    wert.full_clean()
    assert wert.aufschluesselung == "geschlecht=weiblich;stadtbereich=gross-klein"
    for falsch in ("geschlecht=maennlich", "geschlecht", "geschlecht=weiblich;geschlecht=weiblich"):
        wert.aufschluesselung = falsch
        with pytest.raises(ValidationError):
            wert.full_clean()
