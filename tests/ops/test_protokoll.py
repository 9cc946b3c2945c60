"""The log says each thing once: a refused or missing page is one line without a traceback
(the security log has the 403 with user and address); no handler prints a record twice."""

import logging

import pytest
from django.urls import reverse

from tests.measures.partnerplan import plan_anlegen


def handler_die_ausgeben(logger_name, status_code=404, level=logging.WARNING):
    """The configured handlers that would print this record (pytest's own capture left out;
    Django's mail handler prints nothing and mails only where ADMINS is set)."""
    record = logging.makeLogRecord(
        {"name": logger_name, "levelno": level, "levelname": "WARNING", "msg": "x"}
    )
    record.status_code = status_code
    logger, treffer = logging.getLogger(logger_name), []
    for f in logger.filters:
        if not f.filter(record):
            return []
    while logger:
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest") or not isinstance(
                handler, logging.StreamHandler
            ):
                continue
            if record.levelno >= handler.level and handler.filter(record):
                treffer.append(handler)
        if not logger.propagate:
            break
        logger = logger.parent
    return treffer


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("logger_name", ["django.request", "django.server", "django.security"])
def test_no_record_is_printed_twice(settings, debug, logger_name):
    """``make run`` has DEBUG on: Django's own console handler then printed everything again."""
    settings.DEBUG = debug
    assert len(handler_die_ausgeben(logger_name, status_code=500, level=logging.ERROR)) == 1


def warnungen(caplog):
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.django_db
def test_an_expected_403_is_one_line_without_traceback(client, personen, caplog):
    plan = plan_anlegen(personen)
    client.force_login(personen.partner_b)
    caplog.clear()
    with caplog.at_level(logging.INFO):
        antwort = client.get(
            reverse("measures:sachstand-neu", kwargs={"kennung": plan.d.oeffentliche_kennung})
        )
    assert antwort.status_code == 403
    (eintrag,) = warnungen(caplog)
    assert eintrag.name == "integration_portal.security"
    assert eintrag.benutzer == "partner_b"
    assert not eintrag.exc_info


@pytest.mark.django_db
def test_an_api_401_is_one_line(client, caplog):
    with caplog.at_level(logging.INFO):
        assert client.post("/api/v1/sachstaende/", {}).status_code == 401
    (eintrag,) = warnungen(caplog)
    assert eintrag.name == "integration_portal.security"


@pytest.mark.django_db
def test_a_404_is_one_line_without_traceback(client, caplog):
    with caplog.at_level(logging.INFO):
        assert client.get("/handlungsfelder/99.9/").status_code == 404
    (eintrag,) = warnungen(caplog)
    assert eintrag.name == "django.request"
    assert eintrag.getMessage() == "Not Found: /handlungsfelder/99.9/"
    assert not eintrag.exc_info


@pytest.mark.django_db
def test_a_500_keeps_its_traceback(caplog, monkeypatch):
    from django.test import Client

    from portal.views import OverviewView

    def kaputt(self, *args, **kwargs):
        raise ValueError("Programmierfehler")

    monkeypatch.setattr(OverviewView, "get", kaputt)
    with caplog.at_level(logging.INFO):
        assert Client(raise_request_exception=False).get("/").status_code == 500
    (eintrag,) = warnungen(caplog)
    assert eintrag.levelno == logging.ERROR
    assert eintrag.exc_info and eintrag.exc_info[0] is ValueError
