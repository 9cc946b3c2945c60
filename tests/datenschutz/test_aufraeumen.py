"""datenschutz_aufraeumen (cron): login records older than the retention period go."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _alt_und_neu(tage_alt):
    jetzt = timezone.now()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        extra = {"failures_since_start": 1} if model is AccessAttempt else {}
        for name, zeit in (("alt", jetzt - timedelta(days=tage_alt)), ("neu", jetzt)):
            obj = model.objects.create(username=name, ip_address="10.0.0.1", **extra)
            # attempt_time is auto_now_add: set the age afterwards.
            model.objects.filter(pk=obj.pk).update(attempt_time=zeit)


def _namen():
    return {
        model.__name__: sorted(model.objects.values_list("username", flat=True))
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    }


def test_records_older_than_90_days_are_deleted_newer_ones_stay():
    _alt_und_neu(91)
    ausgabe = StringIO()
    call_command("datenschutz_aufraeumen", stdout=ausgabe)
    assert _namen() == {"AccessAttempt": ["neu"], "AccessFailureLog": ["neu"], "AccessLog": ["neu"]}
    assert "Frist: 90 Tage" in ausgabe.getvalue()


def test_records_within_the_period_stay():
    _alt_und_neu(89)
    call_command("datenschutz_aufraeumen", stdout=StringIO())
    assert _namen()["AccessLog"] == ["alt", "neu"]


def test_the_period_comes_from_the_setting(settings):
    settings.DATENSCHUTZ_AUFBEWAHRUNG_TAGE = 30
    _alt_und_neu(31)
    call_command("datenschutz_aufraeumen", stdout=StringIO())
    assert _namen()["AccessFailureLog"] == ["neu"]


def test_the_setting_reads_the_environment(monkeypatch):
    import importlib

    from integration_portal import settings as einstellungen

    monkeypatch.setenv("DATENSCHUTZ_AUFBEWAHRUNG_TAGE", "45")
    try:
        assert importlib.reload(einstellungen).DATENSCHUTZ_AUFBEWAHRUNG_TAGE == 45
    finally:
        monkeypatch.delenv("DATENSCHUTZ_AUFBEWAHRUNG_TAGE")
        importlib.reload(einstellungen)


def test_a_dry_run_only_counts():
    _alt_und_neu(200)
    ausgabe = StringIO()
    call_command("datenschutz_aufraeumen", "--trocken", "--tage", "100", stdout=ausgabe)
    assert "Anmeldungen (AccessLog): 1 zu löschen" in ausgabe.getvalue()
    assert _namen()["AccessLog"] == ["alt", "neu"]


def test_expired_sessions_go_too():
    Session.objects.create(
        session_key="abgelaufen1234", session_data="", expire_date=timezone.now() - timedelta(1)
    )
    call_command("datenschutz_aufraeumen", stdout=StringIO())
    assert not Session.objects.exists()


def test_a_period_below_one_day_is_refused():
    _alt_und_neu(5)
    with pytest.raises(CommandError, match="mindestens einen Tag"):
        call_command("datenschutz_aufraeumen", "--tage", "0", stdout=StringIO())
    assert len(_namen()["AccessLog"]) == 2
