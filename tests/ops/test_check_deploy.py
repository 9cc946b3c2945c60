"""The production profile passes ``manage.py check --deploy``: no security remark at all."""

import os
import re
import subprocess
import sys

from django.conf import settings


def umgebung(**werte):
    """This process's environment without Django settings (a test runner sets some)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_", "SECRET_KEY", "DEBUG"))
    }
    return {**env, **werte}


def manage_check(*argumente, **werte):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", *argumente],
        cwd=settings.BASE_DIR,
        env=umgebung(**werte),
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_deploy(**werte):
    """Only the security checks, failing on any warning."""
    return manage_check("--tag", "security", "--fail-level", "WARNING", **werte)


PRODUKTION = {
    "DJANGO_SETTINGS_MODULE": "integration_portal.settings_production",
    "SECRET_KEY": "k" * 20 + "Zufall-9f3a!b7c$e2d@1x8q#w5r%t0y^u4i&o6p",
    "ALLOWED_HOSTS": "integrationsportal.rostock.de",
    # nginx in front of gunicorn (README "Betrieb"): the client address from its header.
    "TRUSTED_PROXY_COUNT": "1",
}


def test_production_profile_is_clean():
    ergebnis = check_deploy(**PRODUKTION)
    assert ergebnis.returncode == 0, ergebnis.stdout + ergebnis.stderr
    assert "System check identified no issues (0 silenced)." in ergebnis.stdout


def bemerkungen(text):
    return [zeile for zeile in text.splitlines() if re.match(r"^\?: \(|^\S+: \(", zeile)]


def test_production_profile_has_no_remark_but_on_the_api_schema(tmp_path):
    """All of ``check --deploy`` with the production profile, after collectstatic.

    drf-spectacular's W001/W002 say a filter or field of the API schema lacks a type hint: a
    gap in the API documentation, owned by the API's authors, not a deployment setting.
    """
    # What collectstatic leaves for the manifest check (tests/ops/test_statische_dateien.py).
    (tmp_path / "staticfiles.json").write_text('{"version": "1.1", "paths": {}, "hash": ""}')
    ergebnis = manage_check(**PRODUKTION, STATIC_ROOT=str(tmp_path))
    uebrig = [
        b for b in bemerkungen(ergebnis.stdout + ergebnis.stderr) if "(drf_spectacular.W00" not in b
    ]
    assert uebrig == []


def test_development_settings_are_not(tmp_path):
    """The check itself works: the base settings (DEBUG-free but lax) get remarks."""
    ergebnis = check_deploy(DJANGO_SETTINGS_MODULE="integration_portal.settings")
    assert ergebnis.returncode != 0
    assert "security.W004" in ergebnis.stderr + ergebnis.stdout  # no HSTS


def test_behind_a_proxy_without_trusting_it_is_a_remark():
    """Every client would appear as the proxy: one lockout for everybody (issue 12)."""
    ergebnis = check_deploy(**{**PRODUKTION, "TRUSTED_PROXY_COUNT": "0"})
    assert ergebnis.returncode != 0
    assert "integration_portal.W001" in ergebnis.stdout + ergebnis.stderr
    # Without a proxy (BEHIND_PROXY=false) nothing is to be trusted.
    ergebnis = check_deploy(**{**PRODUKTION, "TRUSTED_PROXY_COUNT": "0", "BEHIND_PROXY": "false"})
    assert "integration_portal.W001" not in ergebnis.stdout + ergebnis.stderr
