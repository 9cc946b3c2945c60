"""/healthz answers the load balancer: 200 with a working database, 503 without (the static
files probe: tests/ops/test_statische_dateien.py)."""

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthy(client):
    antwort = client.get("/healthz")
    assert antwort.status_code == 200
    assert antwort.json() == {"status": "ok", "datenbank": "ok", "seiten": "ok"}
    assert "no-cache" in antwort["Cache-Control"]


def test_database_down_is_503(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def kaputt(self, sql, params=None):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", kaputt)
    antwort = client.get("/healthz")
    assert antwort.status_code == 503
    assert antwort.json() == {"status": "fehler", "datenbank": "nicht erreichbar"}


def test_only_get(client):
    assert client.post("/healthz").status_code == 405
