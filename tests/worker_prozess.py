"""Run ``manage.py db_worker`` in a process of its own on the database this process uses.

For the end-to-end test of the mail queue (tests/versand/) and the mail benchmark: the worker
sends through real SMTP to ``smtp`` (a tests/smtp_sink.SmtpSink) and stops once the queue is
empty (``--batch``).
"""

import os
import subprocess
import sys
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def datenbank_url():
    """The URL (for DATABASE_URL) of the database the default connection uses now."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        if not db["NAME"] or "memory" in str(db["NAME"]):
            raise RuntimeError("Eine SQLite-Datenbank im Speicher teilt kein anderer Prozess.")
        return f"sqlite:///{db['NAME']}"
    anmeldung = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        anmeldung += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{anmeldung}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def db_worker(smtp, *argumente, timeout=300):
    """Run the worker until no task is due; the finished process (returncode, stdout, stderr)."""
    umgebung = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "integration_portal.settings",
        "DATABASE_URL": datenbank_url(),
        "TASKS_BACKEND": "db",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp.host,
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_USE_TLS": "0",
    }
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            *argumente,
        ],
        cwd=settings.BASE_DIR,
        env=umgebung,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
