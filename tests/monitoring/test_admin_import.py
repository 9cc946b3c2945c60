"""The admin upload: a preview that writes nothing, then a confirmation that writes everything."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from measures.models import ImportVorschau
from measures.roles import BUERO
from monitoring.models import Indikator, Messwert
from tests import builders as b

pytestmark = pytest.mark.django_db
URL = "/admin/monitoring/messwert/importieren/"
ZWEI_WERTE = "indikator;datum;wert\nanteil;2019;6,8\nanteil;2020;7\n"


@pytest.fixture
def buero(client, personen):
    personen.buero.is_superuser = True
    personen.buero.save()
    client.force_login(personen.buero)
    b.indikator("anteil", nachkommastellen=2)
    return client


def hochladen(client, text, name="werte.csv"):
    inhalt = text if isinstance(text, bytes) else text.encode()
    return client.post(URL, {"datei": SimpleUploadedFile(name, inhalt, "text/csv")})


def vorschau_oeffnen(client, text, name="werte.csv"):
    antwort = hochladen(client, text, name)
    assert antwort.status_code == 302, antwort.context and antwort.context.get("ergebnis")
    return antwort.url, client.get(antwort.url)


def test_preview_shows_what_would_happen_and_writes_nothing(buero):
    _url, antwort = vorschau_oeffnen(buero, ZWEI_WERTE)

    text = antwort.content.decode()
    assert antwort.status_code == 200
    assert "Vorschau: 2 neu, 0 geändert, 0 unverändert." in text
    assert text.count("<td>neu</td>") == 2
    assert Messwert.objects.count() == 0
    assert 'value="Import bestätigen"' in text
    assert " style=" not in text and "css/import.css" in text


def test_a_changed_value_reads_old_arrow_new_without_colour(buero):
    b.messwert(Indikator.objects.get(kennung="anteil"), 2019, "6.5")
    _url, antwort = vorschau_oeffnen(
        buero, "indikator;datum;wert;status\nanteil;2019;6,8;vorläufig\n"
    )
    text = antwort.content.decode()
    assert '<del class="import-alt">6.5</del> <span class="import-pfeil">→</span> ' in text
    assert '<ins class="import-neu">6.8</ins>' in text
    assert '<del class="import-alt">endgültig</del>' in text


def test_confirming_the_preview_applies_it_with_the_user_in_history(buero, personen):
    url, _vorschau = vorschau_oeffnen(buero, ZWEI_WERTE)

    antwort = buero.post(url)

    assert antwort.status_code == 302
    assert antwort.url == reverse("admin:monitoring_messwert_changelist")
    assert Messwert.objects.count() == 2
    eintrag = Messwert.history.first()
    assert eintrag.history_user == personen.buero
    assert eintrag.history_change_reason == "Import aus werte.csv"
    # The staged file is used up: a second confirmation cannot import twice.
    assert buero.post(url).status_code == 404
    assert ImportVorschau.objects.count() == 0


def test_errors_are_listed_by_row_and_cannot_be_confirmed(buero):
    antwort = hochladen(buero, "indikator;datum;wert\nanteil;2019;x\nnix;2020;7\n")

    text = antwort.content.decode()
    assert "2 Fehler – nichts wurde gespeichert." in text
    assert "<td>2</td><td>wert</td><td>„x“</td>" in text
    assert "<td>3</td><td>indikator</td><td>„nix“</td>" in text
    assert "Import bestätigen" not in text
    assert Messwert.objects.count() == 0
    assert ImportVorschau.objects.count() == 0


@pytest.fixture
def zweite_kollegin(django_user_model):
    user = django_user_model.objects.create_user("buero2", "b2@example.org", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=BUERO))
    return user


def test_only_the_uploader_can_open_confirm_or_cancel_the_staged_file(
    buero, client, zweite_kollegin
):
    url, vorschau = vorschau_oeffnen(buero, "indikator;datum;wert\nanteil;2019;6,8\n")
    pk = vorschau.context["vorschau"].pk
    andere = client.__class__()
    andere.force_login(zweite_kollegin)
    assert andere.get(URL).status_code == 200  # she may import in general
    assert andere.get(url).status_code == 404
    assert andere.post(url).status_code == 404
    abbrechen = reverse("admin:monitoring_messwert_import_abbrechen", args=[pk])
    assert andere.post(abbrechen).status_code == 404
    assert Messwert.objects.count() == 0
    assert ImportVorschau.objects.filter(pk=pk, besitzer__username="buero").exists()


def test_cancel_deletes_the_staged_file_and_expired_ones_disappear(buero):
    url, vorschau = vorschau_oeffnen(buero, "indikator;datum;wert\nanteil;2019;6,8\n")
    pk = vorschau.context["vorschau"].pk
    buero.post(reverse("admin:monitoring_messwert_import_abbrechen", args=[pk]))
    assert ImportVorschau.objects.count() == 0

    url, _vorschau = vorschau_oeffnen(buero, "indikator;datum;wert\nanteil;2019;6,8\n")
    ImportVorschau.objects.update(ablauf=timezone.now() - timedelta(seconds=1))
    assert buero.get(url).status_code == 404
    vorschau_oeffnen(buero, "indikator;datum;wert\nanteil;2020;7\n")  # the next upload cleans up
    assert ImportVorschau.objects.count() == 1


def test_nothing_lands_in_the_shared_temp_folder(buero, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    url, _vorschau = vorschau_oeffnen(buero, "indikator;datum;wert\nanteil;2019;6,8\n")
    buero.post(url)
    assert list(tmp_path.iterdir()) == []


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

    from monitoring.choices import Richtung
    from monitoring.models import Indikator, Zielwert

    indikator = Indikator.objects.get(kennung="anteil")
    indikator.richtung = Richtung.NEUTRAL
    with pytest.raises(ValidationError, match="braucht eine Richtung"):
        Zielwert(indikator=indikator, jahr=2030, wert=5).full_clean()
    indikator.richtung = Richtung.HOEHER_BESSER
    indikator.save()
    Zielwert.objects.create(indikator=indikator, jahr=2030, wert=5)
    indikator.richtung = Richtung.NEUTRAL
    with pytest.raises(ValidationError) as fehler:
        indikator.full_clean()
    assert "richtung" in fehler.value.message_dict


def test_a_new_auspraegung_gets_its_slug_from_the_name(buero):
    from monitoring.models import Auspraegung

    stadtbereich = b.dimension("stadtbereich", "Stadtbereich")
    a = Auspraegung.objects.create(dimension=stadtbereich, name="Groß Klein")
    assert a.slug == "gross-klein"
    seite = buero.get(f"/admin/monitoring/dimension/{stadtbereich.pk}/change/")
    assert seite.status_code == 200


def test_a_breakdown_typed_in_the_admin_is_checked_and_sorted(buero):
    from django.core.exceptions import ValidationError

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
