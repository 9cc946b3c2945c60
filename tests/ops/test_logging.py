"""Structured logging: one JSON object per line, with the fields passed in ``extra``."""

import json
import logging
import sys

from integration_portal.logging import JsonFormatter


def test_a_record_is_one_json_line_with_its_extra_fields():
    eintrag = logging.makeLogRecord(
        {
            "name": "integration_portal.security",
            "levelname": "WARNING",
            "msg": "Anmeldung fehlgeschlagen für %s",
            "args": ("sabine",),
            "ereignis": "anmeldung_fehlgeschlagen",
            "ip": "198.51.100.7",
        }
    )
    zeile = JsonFormatter().format(eintrag)
    assert "\n" not in zeile
    daten = json.loads(zeile)
    assert daten["stufe"] == "WARNING"
    assert daten["logger"] == "integration_portal.security"
    assert daten["meldung"] == "Anmeldung fehlgeschlagen für sabine"
    assert daten["ereignis"] == "anmeldung_fehlgeschlagen"
    assert daten["ip"] == "198.51.100.7"
    assert daten["zeit"].endswith("+00:00")


def test_exceptions_and_odd_values_do_not_break_the_line():
    try:
        raise ValueError("kaputt")
    except ValueError:
        info = sys.exc_info()
    eintrag = logging.makeLogRecord(
        {"msg": "Fehler", "exc_info": info, "request": object(), "levelname": "ERROR"}
    )
    daten = json.loads(JsonFormatter().format(eintrag))
    assert "ValueError: kaputt" in daten["ausnahme"]
    assert daten["request"].startswith("<object object")


def test_production_logs_json(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "t" * 60)
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    profil = importlib.reload(importlib.import_module("integration_portal.settings_production"))
    assert profil.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert profil.LOGGING["formatters"]["json"]["()"] == "integration_portal.logging.JsonFormatter"
