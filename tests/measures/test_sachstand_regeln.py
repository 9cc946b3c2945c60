"""A Sachstand's date, range and length rules live on the model (issue 13, point 5):
the partner form, the API and the admin's approval refuse the same input with the same German
message, and nothing is stored or published."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from measures import sachstaende
from measures.choices import Ampel, Pruefstatus, Status
from measures.models import Sachstand
from tests import builders as b

pytestmark = pytest.mark.django_db

ZUKUNFT = "Ein Sachstand kann nicht in der Zukunft liegen."
VOR_BESCHLUSS = "Ein Sachstand kann nicht vor dem Beschluss des Konzepts (11.11.2020) liegen."


def _falsche_daten():
    heute = timezone.localdate()
    return [
        pytest.param(heute + timedelta(days=1), ZUKUNFT, id="morgen"),
        pytest.param(heute + timedelta(days=400), ZUKUNFT, id="in-400-tagen"),
        pytest.param(date(9999, 12, 31), ZUKUNFT, id="9999-12-31"),
        pytest.param(date(1, 1, 1), VOR_BESCHLUSS, id="0001-01-01"),
        pytest.param(date(2020, 11, 10), VOR_BESCHLUSS, id="tag-vor-beschluss"),
    ]


@pytest.fixture
def massnahme(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept(beschlossen_am=date(2020, 11, 11))), "5.2")
    m = b.massnahme(b.teilziel(hf, 1), "a")
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    return m


def _eingabe(**abweichend):
    return {
        "datum": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": 30,
        "text": "Die Kurse laufen.",
        **abweichend,
    }


def _formular(client, personen, **daten):
    client.force_login(personen.partner_a)
    url = reverse("measures:sachstand-neu", kwargs={"kennung": "5.2-1a"})
    response = client.post(url, _eingabe(**daten))
    assert response.status_code == 200, "das Formular hätte nicht angenommen werden dürfen"
    return response.context["form"].errors


def _api(client, personen, **daten):
    client.force_login(personen.partner_a)
    eingabe = {"massnahme": "5.2-1a", **_eingabe(**daten)}
    response = client.post("/api/v1/sachstaende/", eingabe, content_type="application/json")
    assert response.status_code == 400, response.json()
    return response.json()["felder"]


@pytest.mark.parametrize(("datum", "meldung"), _falsche_daten())
def test_form_refuses_the_date(client, personen, massnahme, datum, meldung):
    assert _formular(client, personen, datum=datum.isoformat())["datum"] == [meldung]
    assert not Sachstand.objects.exists()


@pytest.mark.parametrize(("datum", "meldung"), _falsche_daten())
def test_api_refuses_the_date_with_a_field_error(client, personen, massnahme, datum, meldung):
    assert _api(client, personen, datum=datum.isoformat())["datum"] == [meldung]
    assert not Sachstand.objects.exists()


@pytest.mark.parametrize(("datum", "meldung"), _falsche_daten())
def test_service_refuses_the_date(personen, massnahme, datum, meldung):
    daten = {**_eingabe(datum=datum), "fortschritt": 30}
    with pytest.raises(sachstaende.ValidationError) as fehler:
        sachstaende.einreichen(personen.partner_a, massnahme, **daten)
    assert fehler.value.message_dict["datum"] == [meldung]


@pytest.mark.parametrize(("datum", "meldung"), _falsche_daten())
def test_admin_does_not_approve_a_sachstand_with_such_a_date(
    client, personen, massnahme, datum, meldung
):
    """Stored before the rule existed (or by a bulk import): the Büro cannot publish it."""
    alt = b.sachstand(massnahme, personen.akteur_a, personen.partner_a, datum=datum)
    client.force_login(personen.buero)
    url = reverse("admin:measures_sachstand_change", args=[alt.pk])
    response = client.post(url, {"pruefkommentar": "", "_freigeben": "1"}, follow=True)
    assert any(meldung in str(m) for m in get_messages(response.wsgi_request))
    alt.refresh_from_db()
    assert alt.pruefstatus == Pruefstatus.EINGEREICHT
    massnahme.refresh_from_db()
    assert massnahme.status == Status.NICHT_BEGONNEN


def test_today_and_the_day_of_adoption_are_fine(client, personen, massnahme):
    client.force_login(personen.partner_a)
    for datum in (timezone.localdate(), date(2020, 11, 11)):
        eingabe = {"massnahme": "5.2-1a", **_eingabe(datum=datum.isoformat())}
        response = client.post("/api/v1/sachstaende/", eingabe, content_type="application/json")
        assert response.status_code == 201, response.json()


LANG = "x" * (Sachstand.TEXT_HOECHSTLAENGE + 1)


@pytest.mark.parametrize(
    ("feld", "wert"),
    [
        ("fortschritt", 101),
        ("fortschritt", -1),
        ("text", LANG),
    ],
)
def test_form_and_api_refuse_the_same_range_and_length(client, personen, massnahme, feld, wert):
    formular = _formular(client, personen, **{feld: wert})[feld]
    api = _api(client, personen, **{feld: wert})[feld]
    assert formular == api, (formular, api)
    assert not Sachstand.objects.exists()


def test_correcting_a_sachstand_obeys_the_same_rules(client, personen, massnahme):
    wartet = sachstaende.einreichen(personen.partner_a, massnahme, **_eingabe(fortschritt=30))
    client.force_login(personen.partner_a)
    url = reverse("measures:sachstand-bearbeiten", args=[wartet.pk])
    response = client.post(url, _eingabe(datum="9999-12-31"))
    assert response.context["form"].errors["datum"] == [ZUKUNFT]
    wartet.refresh_from_db()
    assert wartet.datum != date(9999, 12, 31)
