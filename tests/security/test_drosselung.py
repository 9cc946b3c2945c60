"""Anonymous API clients are throttled per address (DRF, rate from API_ANON_RATE); logged-in
partners are not held back by the anonymous rate."""

import pytest
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def drei_pro_minute(monkeypatch):
    # The class reads its rates once; the dict is the one from settings.REST_FRAMEWORK.
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")


def test_anonymous_client_gets_429_after_the_rate(client, drei_pro_minute):
    for _ in range(3):
        assert client.get("/api/v1/akteure/", REMOTE_ADDR="203.0.113.5").status_code == 200
    antwort = client.get("/api/v1/akteure/", REMOTE_ADDR="203.0.113.5")
    assert antwort.status_code == 429
    assert antwort.json()["code"] == "zu_viele_anfragen"
    assert int(antwort["Retry-After"]) > 0
    # Another address is not affected.
    assert client.get("/api/v1/akteure/", REMOTE_ADDR="203.0.113.6").status_code == 200


def test_logged_in_partner_is_not_held_by_the_anonymous_rate(client, personen, drei_pro_minute):
    client.force_login(personen.partner_a)
    for _ in range(5):
        assert client.get("/api/v1/akteure/", REMOTE_ADDR="203.0.113.5").status_code == 200
