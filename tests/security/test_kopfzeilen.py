"""Security headers: the Content Security Policy everywhere (no 'unsafe-inline'), and with the
production profile HSTS, HTTPS redirect, secure cookies and the rest of ``check --deploy``."""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

SEITEN = [
    "/",
    "/massnahmen/",
    "/akteure/",
    "/best-practice/",
    "/konto/login/",
    "/admin/login/",
    "/api/v1/massnahmen/",
    "/healthz",
    "/gibt-es-nicht/",
]


def richtlinie(antwort):
    return {
        teil.split()[0]: teil.split()[1:]
        for teil in antwort["Content-Security-Policy"].split(";")
        if teil.strip()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("pfad", SEITEN)
def test_every_answer_has_a_strict_content_security_policy(client, pfad):
    antwort = client.get(pfad)
    assert antwort.status_code in (200, 404)
    csp = richtlinie(antwort)
    assert "'unsafe-inline'" not in antwort["Content-Security-Policy"]
    assert "'unsafe-eval'" not in antwort["Content-Security-Policy"]
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_a_nonce_appears_in_the_policy_only_when_a_template_uses_it(rf):
    """An inline script that must exist carries the request's nonce; the policy names it."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def mit_script(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    anfrage = rf.get("/")
    antwort = CSPMiddleware(mit_script)(anfrage)
    nonce = anfrage.csp_nonce
    assert f"'nonce-{nonce}'" in richtlinie(antwort)["script-src"]

    anfrage = rf.get("/")
    antwort = CSPMiddleware(lambda r: HttpResponse("kein Script"))(anfrage)
    assert richtlinie(antwort)["script-src"] == ["'self'"]


# Rendered by WeasyPrint into the PDF reports, never served to a browser: CSP does not apply.
NUR_PDF = {
    "templates/berichte/bericht.html",
    "templates/berichte/_zusammenfassung.html",
    "templates/berichte/_handlungsfeld.html",
    "templates/berichte/_anhang.html",
    "templates/berichte/_anhang_veraenderungen.html",
    "templates/berichte/_auf_einen_blick.html",
    "templates/berichte/_ampel_mix.html",
    "templates/berichte/_blick_liste.html",
    "templates/berichte/_einschaetzung.html",
}
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*nonce=)(?![^>]*application/json)|<style|\sstyle=|\son[a-z]+=",
    re.IGNORECASE,
)


def test_our_templates_have_no_inline_script_style_or_event_handler():
    """CSP would block them in the browser; this finds them before a user does."""
    basis = Path(settings.BASE_DIR)
    funde = []
    for datei in sorted([*basis.glob("templates/**/*.html"), *basis.glob("templates/**/*.svg")]):
        name = str(datei.relative_to(basis))
        if name in NUR_PDF:
            continue
        for nummer, zeile in enumerate(datei.read_text().splitlines(), 1):
            if INLINE.search(zeile):
                funde.append(f"{name}:{nummer}: {zeile.strip()}")
    assert funde == []


@pytest.fixture
def produktion(settings, monkeypatch):
    """The production profile's security settings applied to the running test settings."""
    monkeypatch.setenv("SECRET_KEY", "t" * 60)
    profil = importlib.import_module("integration_portal.settings_production")
    profil = importlib.reload(profil)
    for name in [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_REDIRECT_EXEMPT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "X_FRAME_OPTIONS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
    ]:
        setattr(settings, name, getattr(profil, name))
    return profil


@pytest.mark.django_db
def test_production_sends_the_security_headers(client, produktion):
    antwort = client.get("/", secure=True)
    assert antwort.status_code == 200
    assert antwort["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert antwort["X-Content-Type-Options"] == "nosniff"
    assert antwort["Referrer-Policy"] == "same-origin"
    assert antwort["X-Frame-Options"] == "DENY"
    assert antwort["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy" in antwort


@pytest.mark.django_db
def test_production_redirects_http_to_https_but_not_the_health_probe(client, produktion):
    antwort = client.get("/massnahmen/")
    assert antwort.status_code == 301
    assert antwort["Location"] == "https://testserver/massnahmen/"
    # The reverse proxy says the client used HTTPS: no redirect.
    assert client.get("/massnahmen/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_production_cookies_are_secure_and_httponly(client, produktion):
    User.objects.create_user("sabine", password="richtig-und-lang-genug-42")
    antwort = client.post(
        reverse("login"),
        {"username": "sabine", "password": "richtig-und-lang-genug-42"},
        secure=True,
    )
    assert antwort.status_code == 302
    sitzung = antwort.cookies["sessionid"]
    assert sitzung["secure"] and sitzung["httponly"] and sitzung["samesite"] == "Lax"
    antwort = client.get(reverse("login"), secure=True)
    assert antwort.cookies["csrftoken"]["secure"]


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        importlib.reload(importlib.import_module("integration_portal.settings_production"))
    monkeypatch.setenv("SECRET_KEY", "zu-kurz")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(importlib.import_module("integration_portal.settings_production"))


def test_passwords_are_validated():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for schwach in ["12345678", "passwort", "kurz"]:
        with pytest.raises(ValidationError):
            validate_password(schwach)
    validate_password("Hanse-Sail-im-August-2026")


# Browser features the portal never uses: denied to the page and to anything it might embed.
VERBOTEN = [
    "accelerometer",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
    "xr-spatial-tracking",
]


def erlaubnisse(antwort):
    return {
        teil.split("=")[0].strip(): teil.split("=")[1].strip()
        for teil in antwort["Permissions-Policy"].split(",")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("pfad", [*SEITEN, "/static/css/portal.css", "/favicon.ico"])
def test_every_answer_denies_the_browser_features_the_portal_does_not_use(client, pfad):
    antwort = client.get(pfad)
    richtlinie = erlaubnisse(antwort)
    for feature in VERBOTEN:
        assert richtlinie[feature] == "()", feature


@pytest.mark.django_db
def test_error_pages_deny_them_too(monkeypatch):
    from django.test import Client

    from portal.views import OverviewView

    def kaputt(self, *args, **kwargs):
        raise ValueError("Programmierfehler")

    monkeypatch.setattr(OverviewView, "get", kaputt)
    antwort = Client(raise_request_exception=False).get("/")
    assert antwort.status_code == 500
    assert erlaubnisse(antwort)["camera"] == "()"
