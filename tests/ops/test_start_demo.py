"""``manage.py demo`` (``make demo``): the local demo in one process (issue 16, "Start cheap").

The five steps that were five processes: migrate, load_konzept, load_monitoring, demo_konten,
demo_fortschritt. The demo accounts' published passwords are stored with a cheap hash, which
Django strengthens at the first login.
"""

import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import get_hasher
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from concept.models import Konzept
from measures.models import Berichtsrunde, Sachstand
from monitoring.models import Indikator

pytestmark = pytest.mark.django_db

DJANGO_STANDARD = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]


def demo(**kwargs):
    ausgabe = io.StringIO()
    call_command("demo", stdout=ausgabe, **kwargs)
    return ausgabe.getvalue()


def bestand():
    return {
        "konzepte": Konzept.objects.count(),
        "indikatoren": Indikator.objects.count(),
        "konten": User.objects.count(),
        "runden": sorted(Berichtsrunde.objects.values_list("titel", flat=True)),
        "sachstaende": Sachstand.objects.count(),
    }


def test_demo_richtet_alles_in_einem_prozess_ein_und_wiederholt_sich_nicht(settings):
    settings.DEBUG = True

    ausgabe = demo()

    assert "demo-buero-2020" in ausgabe  # demo_konten printed the accounts
    nach_dem_ersten = bestand()
    assert nach_dem_ersten["konzepte"] == 1
    assert nach_dem_ersten["indikatoren"] > 0
    assert nach_dem_ersten["konten"] == 5
    assert "Berichtsrunde Juni 2026" in nach_dem_ersten["runden"]
    assert nach_dem_ersten["sachstaende"] > 0
    assert authenticate(username="partner-ajsa", password="demo-partner-ajsa-2020")

    demo()

    assert bestand() == nach_dem_ersten


def test_demo_verweigert_ohne_debug_vor_dem_ersten_schritt(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG ist aus"):
        demo()
    assert not Konzept.objects.exists()
    assert not User.objects.exists()


def test_demo_passwoerter_werden_bei_der_ersten_anmeldung_voll_gehasht(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = DJANGO_STANDARD
    call_command("load_konzept", stdout=io.StringIO())
    call_command("demo_konten", stdout=io.StringIO())
    gespeichert = User.objects.get(username="buero").password
    assert gespeichert.startswith("pbkdf2_sha256$1000$")

    assert authenticate(username="buero", password="demo-buero-2020")
    assert not authenticate(username="buero", password="falsch")

    algorithmus, runden, *_rest = User.objects.get(username="buero").password.split("$")
    assert algorithmus == "pbkdf2_sha256"
    assert int(runden) == get_hasher().iterations > 1000
