"""Timeouts nest: report limit + wait for a slot < gunicorn's worker timeout (issue 12, point 6).

Checked twice: Django's system checks (every manage.py command, `check --deploy`) and gunicorn
itself at start, with the timeout it really runs with (-t on the command line included).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def test_default_limits_nest(settings):
    assert settings.BERICHT_ZEITLIMIT + settings.BERICHT_WARTEZEIT < settings.GUNICORN_TIMEOUT
    call_command("check")


def test_system_check_refuses_a_render_limit_beyond_the_worker_timeout(settings):
    settings.BERICHT_ZEITLIMIT = 120
    settings.GUNICORN_TIMEOUT = 60
    with pytest.raises(SystemCheckError, match="BERICHT_ZEITLIMIT \\(120 s\\)"):
        call_command("check")
    settings.GUNICORN_TIMEOUT = 130
    call_command("check")


def gunicorn(*args, **env):
    return subprocess.run(
        [GUNICORN, "-c", "integration_portal/gunicorn_conf.py", *args, "integration_portal.wsgi"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "integration_portal.settings",
            "BIND": "127.0.0.1:8151",
            "WEB_CONCURRENCY": "1",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_gunicorn_refuses_to_start_when_limits_do_not_nest():
    lauf = gunicorn(BERICHT_ZEITLIMIT="120", GUNICORN_TIMEOUT="60")
    assert lauf.returncode == 1
    assert "Die Zeitgrenzen passen nicht ineinander" in lauf.stderr
    # The timeout given on the command line counts, not only the environment.
    lauf = gunicorn("--timeout", "30")
    assert lauf.returncode == 1
    assert "(GUNICORN_TIMEOUT, 30 s)" in lauf.stderr
