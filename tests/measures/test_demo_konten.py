"""demo_konten: one account per role for local use, never by accident in production."""

import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission, User
from django.core.management import CommandError, call_command

from measures.choices import Seite
from measures.roles import BUERGERSCHAFT, BUERO, NETZWERKPARTNER
from tests import builders as b

pytestmark = pytest.mark.django_db

AJSA = "Amt für Jugend, Soziales und Asyl"


@pytest.fixture
def akteure():
    b.akteur(AJSA)
    b.akteur("Jugendmigrationsdienst", seite=Seite.EXTERN, art="verein_traeger")
    return b.akteur("migra e.V.", seite=Seite.EXTERN, art="verein_traeger")


def demo(**kwargs):
    ausgabe = io.StringIO()
    call_command("demo_konten", stdout=ausgabe, **kwargs)
    return ausgabe.getvalue()


def test_refuses_without_debug(akteure, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG ist aus"):
        demo()
    assert not User.objects.exists()


def test_creates_one_account_per_role_and_prints_the_passwords(akteure, settings):
    settings.DEBUG = True
    # The roles migration may have set the group up; without permissions it gets all of ours.
    Group.objects.get_or_create(name=BUERO)[0].permissions.clear()

    ausgabe = demo()

    assert "demo-buero-2020" in ausgabe and "partner-migra" in ausgabe
    buero = authenticate(username="buero", password="demo-buero-2020")
    assert buero.is_staff and buero.groups.filter(name=BUERO).exists()
    unsere = Permission.objects.filter(
        content_type__app_label__in=["concept", "measures", "monitoring"]
    )
    assert set(Group.objects.get(name=BUERO).permissions.all()) == set(unsere)
    assert unsere.filter(codename="change_massnahme").exists()
    ajsa = set(User.objects.filter(akteure__name=AJSA).values_list("username", flat=True))
    assert ajsa == {"partner-ajsa", "partner-kollegin"}
    assert list(akteure.mitglieder.values_list("username", flat=True)) == ["partner-migra"]
    partner = authenticate(username="partner-ajsa", password="demo-partner-ajsa-2020")
    assert not partner.is_staff and partner.groups.filter(name=NETZWERKPARTNER).exists()
    rat = authenticate(username="buergerschaft", password="demo-buergerschaft-2020")
    assert list(rat.groups.values_list("name", flat=True)) == [BUERGERSCHAFT]


def test_is_idempotent_and_keeps_a_configured_buero_group(akteure, settings):
    gruppe = Group.objects.get_or_create(name=BUERO)[0]
    nur_lesen = Permission.objects.get(codename="view_massnahme")
    gruppe.permissions.set([nur_lesen])

    demo(force=True)
    demo(force=True)

    assert User.objects.count() == 5
    assert list(gruppe.permissions.all()) == [nur_lesen]
    assert authenticate(username="partner-kollegin", password="demo-partner-kollegin-2020")


def test_needs_the_concept_loaded(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="zuerst das Konzept laden"):
        demo()


def test_demo_buero_reaches_the_admin_with_the_published_second_factor(akteure, settings, client):
    from measures.demo_zweiter_faktor import DEMO_TOTP_BASE32, demo_code

    settings.DEBUG = True
    assert DEMO_TOTP_BASE32 in demo()
    demo()  # again: still one device
    client.post("/konto/login/", {"username": "buero", "password": "demo-buero-2020"})
    assert client.get("/admin/").status_code == 302
    assert client.post("/konto/zwei-faktor/", {"code": demo_code()}).status_code == 302
    assert client.get("/admin/").status_code == 200
