"""Second factor: staff need a TOTP code before the admin opens; partners may use it too.

These tests log in through the real forms (the login page, then the code page); elsewhere
``force_login`` stands for a complete login (tests/conftest.py).
"""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from konten.zwei_faktor import wiederherstellungscodes_erzeugen
from tests.konten.totp import app_geraet, code

pytestmark = pytest.mark.django_db

PASSWORT = "geheim-12345"  # tests/people.py
ADMIN = reverse("admin:index")
CODE_SEITE = reverse("konten:zwei-faktor")


def _anmelden(client, user, ziel=ADMIN):
    antwort = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORT, "next": ziel}
    )
    assert antwort.status_code == 302, antwort.content.decode()[:1000]
    return antwort


def test_staff_without_second_factor_cannot_reach_admin_pages(client, personen):
    app_geraet(personen.buero)
    _anmelden(client, personen.buero)
    for url in (ADMIN, reverse("admin:measures_massnahme_changelist"), "/admin/auth/user/"):
        antwort = client.get(url)
        assert antwort.status_code == 302
        assert antwort["Location"].startswith(CODE_SEITE)
    # The session gives no staff rights on the API either.
    assert client.post("/api/v1/messwerte/", {}, content_type="application/json").status_code in {
        401,
        403,
    }


def test_staff_with_a_valid_totp_code_reach_the_admin(client, personen):
    geraet = app_geraet(personen.buero)
    _anmelden(client, personen.buero)
    antwort = client.post(CODE_SEITE, {"code": code(geraet), "next": ADMIN})
    assert antwort.status_code == 302
    assert antwort["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_is_refused(client, personen, caplog):
    geraet = app_geraet(personen.buero)
    _anmelden(client, personen.buero)
    falsch = f"{(int(code(geraet)) + 1) % 1_000_000:06d}"
    antwort = client.post(CODE_SEITE, {"code": falsch, "next": ADMIN})
    assert antwort.status_code == 200
    assert "Der Code stimmt nicht" in antwort.content.decode()
    assert client.get(ADMIN).status_code == 302
    (eintrag,) = [
        r for r in caplog.records if getattr(r, "ereignis", "") == "zweiter_faktor_falsch"
    ]
    assert eintrag.benutzer == "buero"
    assert falsch not in eintrag.getMessage()


def test_a_recovery_code_works_once(client, personen):
    app_geraet(personen.buero)
    wiederherstellung = wiederherstellungscodes_erzeugen(personen.buero)[0]
    _anmelden(client, personen.buero)
    assert client.post(CODE_SEITE, {"code": wiederherstellung, "next": ADMIN}).status_code == 302
    assert client.get(ADMIN).status_code == 200

    client.post(reverse("logout"))
    _anmelden(client, personen.buero)
    antwort = client.post(CODE_SEITE, {"code": wiederherstellung, "next": ADMIN})
    assert antwort.status_code == 200
    assert client.get(ADMIN).status_code == 302


def test_staff_without_device_set_it_up_on_first_login(client, personen):
    antwort = client.post(
        reverse("admin:login"),
        {"username": "buero", "password": PASSWORT, "next": ADMIN},
        follow=True,
    )
    inhalt = antwort.content.decode()
    assert antwort.redirect_chain[-1][0].startswith(CODE_SEITE)
    assert "<svg" in inhalt  # the QR code, inline
    geraet = TOTPDevice.objects.get(user=personen.buero, confirmed=False)
    antwort = client.post(CODE_SEITE, {"code": code(geraet), "next": ADMIN})
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", antwort.content.decode())
    assert len(codes) == 10
    geraet.refresh_from_db()
    assert geraet.confirmed
    assert client.get(ADMIN).status_code == 200


def test_setup_refuses_a_wrong_firstcode(client, personen):
    _anmelden(client, personen.buero)
    client.get(CODE_SEITE)
    geraet = TOTPDevice.objects.get(user=personen.buero, confirmed=False)
    falsch = f"{(int(code(geraet)) + 1) % 1_000_000:06d}"
    assert client.post(CODE_SEITE, {"code": falsch}).status_code == 200
    geraet.refresh_from_db()
    assert not geraet.confirmed
    assert client.get(ADMIN).status_code == 302


def test_partner_without_device_logs_in_normally(client, personen):
    antwort = _anmelden(client, personen.partner_a, ziel="/meine-massnahmen/")
    assert antwort["Location"] == "/meine-massnahmen/"
    assert client.get("/meine-massnahmen/").status_code == 200


def test_partner_who_set_up_a_device_is_asked_for_thecode(client, personen):
    _anmelden(client, personen.partner_a, ziel="/meine-massnahmen/")
    client.get(CODE_SEITE)
    geraet = TOTPDevice.objects.get(user=personen.partner_a, confirmed=False)
    assert client.post(CODE_SEITE, {"code": code(geraet)}).status_code == 200
    client.post(reverse("logout"))

    _anmelden(client, personen.partner_a, ziel="/meine-massnahmen/")
    antwort = client.get("/meine-massnahmen/")
    assert antwort.status_code == 302
    assert antwort["Location"].startswith(CODE_SEITE)
    assert client.post(CODE_SEITE, {"code": code(geraet, versatz=1)}).status_code == 302
    assert client.get("/meine-massnahmen/").status_code == 200


def test_partner_may_remove_the_second_factor_staff_may_not(client, personen):
    for user, darf in ((personen.partner_a, True), (personen.buero, False)):
        geraet = app_geraet(user)
        _anmelden(client, user, ziel=CODE_SEITE)
        assert client.post(CODE_SEITE, {"code": code(geraet)}).status_code == 302
        client.post(CODE_SEITE, {"aktion": "entfernen"})
        assert TOTPDevice.objects.filter(user=user).exists() is not darf
        client.logout()
