"""The concept in the admin as a tree (Handlungsfeld → Teilziele → Maßnahmen → Zuständigkeiten),
and changes to the adopted wording, which need a reason that history keeps."""

import pytest
from django.urls import reverse

from concept.models import Leitziel, Teilziel
from measures.choices import Status
from measures.models import Massnahme
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def baum(personen):
    k = b.konzept()
    hf = b.handlungsfeld(b.kapitel(k), "5.2", "Bildung", leitziel="Bildung für alle.")
    tz = b.teilziel(hf, 1, "Übergänge gestalten.")
    m = b.massnahme(tz, "a", text="Bildungslotsen einsetzen.")
    b.zustaendigkeit(m, personen.akteur_b, federfuehrend=True)
    return {"hf": hf, "tz": tz, "m": m}


@pytest.fixture
def buero_client(client, personen):
    client.force_login(personen.buero)
    return client


def test_tree_handlungsfeld_shows_leitziel_and_teilziele(buero_client, baum):
    response = buero_client.get(reverse("admin:concept_handlungsfeld_change", args=[baum["hf"].pk]))
    assert response.status_code == 200
    inhalt = response.content.decode()
    assert "Bildung für alle." in inhalt
    assert "Übergänge gestalten." in inhalt
    # Inline rows link on to the Teilziel's own page.
    assert reverse("admin:concept_teilziel_change", args=[baum["tz"].pk]) in inhalt


def test_tree_teilziel_shows_its_massnahmen(buero_client, baum):
    response = buero_client.get(reverse("admin:concept_teilziel_change", args=[baum["tz"].pk]))
    assert response.status_code == 200
    inhalt = response.content.decode()
    assert "Bildungslotsen einsetzen." in inhalt
    assert reverse("admin:measures_massnahme_change", args=[baum["m"].pk]) in inhalt


def test_tree_massnahme_shows_its_zustaendigkeiten(buero_client, baum):
    response = buero_client.get(reverse("admin:measures_massnahme_change", args=[baum["m"].pk]))
    assert response.status_code == 200
    assert "Verein B" in response.content.decode()


def _teilziel_daten(tz, **aenderungen):
    daten = {
        "handlungsfeld": tz.handlungsfeld_id,
        "nummer": str(tz.nummer),
        "text": tz.text,
        "aenderungsgrund": "",
        "massnahmen-TOTAL_FORMS": "0",
        "massnahmen-INITIAL_FORMS": "0",
        "massnahmen-MIN_NUM_FORMS": "0",
        "massnahmen-MAX_NUM_FORMS": "1000",
    }
    daten.update(aenderungen)
    return daten


def test_changing_teilziel_wording_without_reason_is_refused(buero_client, baum):
    tz = baum["tz"]
    url = reverse("admin:concept_teilziel_change", args=[tz.pk])
    response = buero_client.post(url, _teilziel_daten(tz, text="Übergänge besser gestalten."))
    assert response.status_code == 200
    assert "aenderungsgrund" in response.context["adminform"].form.errors
    tz.refresh_from_db()
    assert tz.text == "Übergänge gestalten."


def test_changing_teilziel_wording_with_reason_keeps_it_in_history(buero_client, baum, personen):
    tz = baum["tz"]
    url = reverse("admin:concept_teilziel_change", args=[tz.pk])
    response = buero_client.post(
        url,
        _teilziel_daten(
            tz, text="Übergänge besser gestalten.", aenderungsgrund="Beschluss 2026/BV/0001"
        ),
    )
    assert response.status_code == 302
    tz.refresh_from_db()
    assert tz.text == "Übergänge besser gestalten."
    record = tz.history.first()
    assert record.history_change_reason == "Beschluss 2026/BV/0001"
    assert record.history_user == personen.buero
    historie = buero_client.get(reverse("admin:concept_teilziel_history", args=[tz.pk]))
    inhalt = historie.content.decode()
    assert "Beschluss 2026/BV/0001" in inhalt
    assert "Übergänge besser gestalten." in inhalt


def test_saving_unchanged_wording_from_a_browser_needs_no_reason(buero_client, baum):
    tz = baum["tz"]
    tz.text = "Erste Zeile.\nZweite Zeile."
    tz.save()
    url = reverse("admin:concept_teilziel_change", args=[tz.pk])
    # Browsers send textarea line breaks as CRLF.
    response = buero_client.post(url, _teilziel_daten(tz, text="Erste Zeile.\r\nZweite Zeile."))
    assert response.status_code == 302


def test_changing_leitziel_wording_needs_a_reason(buero_client, baum):
    leitziel = Leitziel.objects.get(handlungsfeld=baum["hf"])
    url = reverse("admin:concept_leitziel_change", args=[leitziel.pk])
    daten = {"handlungsfeld": baum["hf"].pk, "text": "Bildung für alle, ein Leben lang."}
    assert buero_client.post(url, daten).status_code == 200
    daten["aenderungsgrund"] = "Redaktionelle Anpassung"
    assert buero_client.post(url, daten).status_code == 302
    assert leitziel.history.first().history_change_reason == "Redaktionelle Anpassung"


def test_changing_massnahme_wording_needs_a_reason(buero_client, baum):
    m = baum["m"]
    url = reverse("admin:measures_massnahme_change", args=[m.pk])
    daten = {
        "teilziel": m.teilziel_id,
        "kennung": "a",
        "text": "Bildungslotsinnen und -lotsen einsetzen.",
        "status": m.status,
        "ampel": m.ampel,
        "fortschritt": "0",
        "basis_version": "1",
        "zustaendigkeiten-TOTAL_FORMS": "0",
        "zustaendigkeiten-INITIAL_FORMS": "0",
        "zustaendigkeiten-MIN_NUM_FORMS": "0",
        "zustaendigkeiten-MAX_NUM_FORMS": "1000",
        "meilensteine-TOTAL_FORMS": "0",
        "meilensteine-INITIAL_FORMS": "0",
        "meilensteine-MIN_NUM_FORMS": "0",
        "meilensteine-MAX_NUM_FORMS": "1000",
    }
    response = buero_client.post(url, daten)
    assert response.status_code == 200
    assert "Grund der Änderung" in response.content.decode()
    m.refresh_from_db()
    assert m.version == 1
    daten["aenderungsgrund"] = "geschlechtergerechte Sprache"
    assert buero_client.post(url, daten).status_code == 302
    m.refresh_from_db()
    assert m.text == "Bildungslotsinnen und -lotsen einsetzen."
    assert m.history.first().history_change_reason == "geschlechtergerechte Sprache"


def test_inline_rows_show_adopted_wording_read_only(buero_client, baum):
    url = reverse("admin:concept_handlungsfeld_change", args=[baum["hf"].pk])
    seite = buero_client.get(url)
    teilziel_formset = next(
        f for f in seite.context["inline_admin_formsets"] if f.formset.model is Teilziel
    )
    assert teilziel_formset.formset.forms[0].fields["text"].disabled


def test_status_change_in_teilziel_inline_goes_through_the_version_check(
    buero_client, baum, personen
):
    tz, m = baum["tz"], baum["m"]
    url = reverse("admin:concept_teilziel_change", args=[tz.pk])
    daten = _teilziel_daten(
        tz,
        **{
            "massnahmen-TOTAL_FORMS": "1",
            "massnahmen-INITIAL_FORMS": "1",
            "massnahmen-0-id": str(m.pk),
            "massnahmen-0-teilziel": str(tz.pk),
            "massnahmen-0-kennung": "a",
            "massnahmen-0-status": Status.IN_UMSETZUNG,
            "massnahmen-0-ampel": m.ampel,
            "massnahmen-0-fortschritt": "20",
            "massnahmen-0-zieldatum": "",
            "massnahmen-0-basis_version": "1",
        },
    )
    assert buero_client.post(url, daten).status_code == 302
    m.refresh_from_db()
    assert (m.status, m.fortschritt, m.version) == (Status.IN_UMSETZUNG, 20, 2)
    assert m.history.first().history_user == personen.buero

    # The same stale form again: version 1 is gone, so it is refused.
    daten["massnahmen-0-fortschritt"] = "90"
    response = buero_client.post(url, daten)
    assert response.status_code == 200
    assert Massnahme.objects.get(pk=m.pk).fortschritt == 20
