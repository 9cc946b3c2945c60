import socket

import pytest
from django_tasks_db.management.commands.db_worker import Worker

from tests.smtp_sink import SmtpSink


def freier_port():
    """A port nobody listens on (bound and released at once): connecting is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Django sends through real SMTP to a sink on loopback (tests/smtp_sink.py)."""
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = sink.host
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        yield sink


@pytest.fixture
def smtp_geschlossen(settings):
    """Django sends through SMTP to a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = freier_port()
    settings.EMAIL_TIMEOUT = 2
    return settings.EMAIL_PORT


@pytest.fixture
def worker(monkeypatch):
    """The real worker loop of django_tasks_db in this process: every due task, then stop.

    Its ``close_old_connections`` between tasks (request hygiene for a long-running process)
    would close the connection inside the test's transaction; within one test it is left out.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def laufen():
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test",
            excluded_queue_names=[],
        ).run()

    return laufen


@pytest.fixture
def db_worker_prozess(transactional_db, smtp):
    """``manage.py db_worker --batch`` in its own process on the test database (committed data).

    Returns a function that runs it until the queue is empty and returns the finished process.
    """
    from tests.worker_prozess import db_worker

    return lambda: db_worker(smtp)
