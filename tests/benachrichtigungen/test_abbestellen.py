"""Opt-out: the signed one-click link (GET asks, POST switches off) and the account page."""

import pytest
from django.core import mail
from django.urls import reverse

from benachrichtigungen import abbestellen
from benachrichtigungen.choices import Art, Stufe
from benachrichtigungen.models import Abbestellung, Schritt
from tests.benachrichtigungen.conftest import tag


def link_aus_mail(nachricht, art):
    for zeile in nachricht.body.splitlines():
        if zeile.startswith(f"{art.label}: "):
            return zeile.split(": ", 1)[1].replace("http://127.0.0.1:8000", "")
    raise AssertionError("kein Abbestell-Link")


def test_the_link_in_a_reminder_switches_that_kind_off(client, lage, laufen):
    post = laufen(tag(-7))
    pfad = link_aus_mail(post["partner_a@example.org"][0], Art.ERINNERUNG)
    antwort = client.get(pfad)
    assert antwort.status_code == 200
    assert "Ja, abbestellen" in antwort.text and "partner_a@example.org" in antwort.text
    assert not Abbestellung.objects.exists()  # GET (a mail scanner) changes nothing
    antwort = client.post(pfad)
    assert antwort.status_code == 200 and "Erledigt" in antwort.text
    assert list(Abbestellung.objects.values_list("adresse", "art")) == [
        ("partner_a@example.org", Art.ERINNERUNG)
    ]
    client.post(pfad)  # twice is fine
    assert Abbestellung.objects.count() == 1
    post = laufen(tag(1))
    assert "partner_a@example.org" not in post and "kollegin_a@example.org" in post
    # The Büro sees why (admin "Erinnerungsschritte").
    schritt = Schritt.objects.filter(stufe=Stufe.ERINNERUNG, anfrage__akteur__name="Amt A").first()
    assert schritt.empfaenger == "kollegin_a@example.org"
    assert schritt.hinweis == "partner_a@example.org: abbestellt"


@pytest.mark.parametrize(
    "verfaelschen",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: abbestellen.signing.dumps({"a": "x@example.org", "k": "erinnerung"}),
        lambda t: "kein-token",
        lambda t: abbestellen.signing.dumps(
            {"a": "x@example.org", "k": "quatsch"}, salt=abbestellen.SALZ
        ),
    ],
)
def test_a_tampered_link_is_refused_in_german(client, db, verfaelschen):
    echt = abbestellen.token("a@example.org", Art.ERINNERUNG)
    pfad = reverse("benachrichtigungen:abbestellen", args=[verfaelschen(echt)])
    for antwort in (client.get(pfad), client.post(pfad)):
        assert antwort.status_code == 400
        assert "Dieser Link ist ungültig" in antwort.text
    assert not Abbestellung.objects.exists()


def test_changing_the_address_in_the_token_breaks_the_signature(client, db):
    echt = abbestellen.token("a@example.org", Art.ERINNERUNG)
    anderer = abbestellen.token("b@example.org", Art.ERINNERUNG)
    gemischt = anderer.split(":")[0] + ":" + echt.split(":", 1)[1]
    assert (
        client.post(reverse("benachrichtigungen:abbestellen", args=[gemischt])).status_code == 400
    )


def test_settings_page_needs_a_login(client, db):
    antwort = client.get("/konto/benachrichtigungen/")
    assert antwort.status_code == 302 and "/konto/login/" in antwort["Location"]


def test_partner_switches_kinds_off_and_on(client, personen):
    client.force_login(personen.partner_a)
    antwort = client.get("/konto/benachrichtigungen/")
    assert antwort.status_code == 200
    assert str(Art.ERINNERUNG.label) in antwort.text
    assert str(Art.TAGESUEBERSICHT.label) not in antwort.text  # the Büro's only
    assert antwort.text.count("checked") == 3
    antwort = client.post("/konto/benachrichtigungen/", {"erhalten": [Art.PRUEFUNG]}, follow=True)
    assert "Ihre Einstellungen wurden gespeichert." in antwort.text
    assert set(Abbestellung.objects.values_list("adresse", "art")) == {
        ("partner_a@example.org", Art.ERINNERUNG),
        ("partner_a@example.org", Art.ESKALATION),
    }
    client.post("/konto/benachrichtigungen/", {"erhalten": [Art.PRUEFUNG, Art.ERINNERUNG]})
    assert set(Abbestellung.objects.values_list("art", flat=True)) == {Art.ESKALATION}


def test_a_forged_kind_in_the_form_is_refused(client, personen):
    client.force_login(personen.partner_a)
    antwort = client.post("/konto/benachrichtigungen/", {"erhalten": ["tagesuebersicht"]})
    assert antwort.status_code == 200 and "Fehler:" in antwort.text
    assert not Abbestellung.objects.exists()


def test_settings_cover_the_contact_rows_own_address(client, personen):
    from measures.models import Ansprechperson

    Ansprechperson.objects.filter(user=personen.partner_b).update(email="Amt@Verein-b.example")
    client.force_login(personen.partner_b)
    antwort = client.post("/konto/benachrichtigungen/", {"erhalten": []})
    assert antwort.status_code == 302
    assert {a for a, _ in Abbestellung.objects.values_list("adresse", "art")} == {
        "amt@verein-b.example",
        "partner_b@example.org",
    }


def test_buero_can_switch_off_the_digest(client, personen):
    client.force_login(personen.buero)
    antwort = client.get("/konto/benachrichtigungen/")
    assert str(Art.TAGESUEBERSICHT.label) in antwort.text
    client.post("/konto/benachrichtigungen/", {"erhalten": [Art.PRUEFUNG]})
    assert abbestellen.ist_abbestellt("buero@example.org", Art.TAGESUEBERSICHT)


def test_settings_page_query_budget(client, personen, django_assert_max_num_queries):
    client.force_login(personen.partner_a)
    with django_assert_max_num_queries(6):
        assert client.get("/konto/benachrichtigungen/").status_code == 200
    assert mail.outbox == []


def test_an_account_without_address_has_nothing_to_set(client, personen):
    personen.partner_b.email = ""
    personen.partner_b.save()
    client.force_login(personen.partner_b)
    assert "keine E-Mail-Adresse" in client.get("/konto/benachrichtigungen/").text
    antwort = client.post("/konto/benachrichtigungen/", {"erhalten": []})
    assert antwort.status_code == 200 and "keine E-Mail-Adresse" in antwort.text
    assert not Abbestellung.objects.exists()
