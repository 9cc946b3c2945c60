"""``check --deploy`` refuses a production without background workers (issue 14)."""

from django.core import checks

from tests.ops.test_check_deploy import PRODUKTION, manage_check


def _e003():
    return [
        m
        for m in checks.run_checks(include_deployment_checks=True)
        if m.id == "integration_portal.E003"
    ]


def test_the_immediate_backend_is_an_error_in_deployment(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    (fehler,) = _e003()
    assert fehler.level == checks.ERROR
    assert "ImmediateBackend" in fehler.msg
    assert "db_worker" in fehler.hint


def test_the_database_backend_passes(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert _e003() == []


def test_only_deployment_checks_say_so(settings):
    """``manage.py check`` on a development machine stays quiet about it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert not [m for m in checks.run_checks() if m.id == "integration_portal.E003"]


def test_production_profile_with_immediate_tasks_fails_the_check():
    ergebnis = manage_check(**PRODUKTION, TASKS_BACKEND="immediate")
    assert ergebnis.returncode != 0
    assert "integration_portal.E003" in ergebnis.stdout + ergebnis.stderr
