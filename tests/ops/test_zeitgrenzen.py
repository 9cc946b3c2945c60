"""Timeouts nest: a waiting report is enqueued again only after its rendering must have ended.

Reports render in the task worker (berichte/tasks.py) within BERICHT_ZEITLIMIT; a row still
waiting after BERICHT_ERNEUT_SEKUNDEN is enqueued again (berichte/ablage.py). Django's system
checks refuse a retry that would come before the limit (integration_portal.E002).
"""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_default_limits_nest(settings):
    assert settings.BERICHT_ZEITLIMIT + 5 < settings.BERICHT_ERNEUT_SEKUNDEN
    call_command("check")


def test_system_check_refuses_a_retry_before_the_render_limit(settings):
    settings.BERICHT_ZEITLIMIT = 120
    settings.BERICHT_ERNEUT_SEKUNDEN = 60
    with pytest.raises(SystemCheckError, match="BERICHT_ZEITLIMIT \\(120 s\\)"):
        call_command("check")
    settings.BERICHT_ERNEUT_SEKUNDEN = 130
    call_command("check")
