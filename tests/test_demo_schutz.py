"""Every demo command refuses without DEBUG unless --force is given (measures.management.hilfe
.DemoKommando, the one place of that guard), and changes nothing when it refuses."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from measures.models import Berichtsrunde
from monitoring.models import Indikator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kommando", "was"),
    [
        ("demo_konten", "Demo-Konten mit bekannten Passwörtern"),
        ("demo_fortschritt", "erfundene Sachstände"),
        ("demo_leistungen", "Demo-Indikatoren"),
    ],
)
def test_a_demo_command_refuses_without_debug(settings, kommando, was):
    settings.DEBUG = False
    with pytest.raises(CommandError, match=f"DEBUG ist aus: {was}"):
        call_command(kommando)
    assert not get_user_model().objects.exists()
    assert not Berichtsrunde.objects.exists()
    assert not Indikator.objects.exists()
