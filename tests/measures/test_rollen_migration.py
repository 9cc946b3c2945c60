"""The roles migration (measures/migrations/0002_rollen.py) carries its own frozen copy of the
role definitions and gives a fresh database the three groups with their rights."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection

pytestmark = pytest.mark.django_db


def rechte(gruppe):
    return set(
        Group.objects.get(name=gruppe).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


def test_die_migration_legt_die_rollen_mit_ihren_rechten_an():
    Group.objects.all().delete()
    migration = importlib.import_module("measures.migrations.0002_rollen")
    # RunPython hands over the schema editor; the function only reads its connection.
    migration.einrichten(apps, SimpleNamespace(connection=connection))

    plan = set(
        Permission.objects.filter(
            content_type__app_label__in=["concept", "measures", "monitoring"]
        ).values_list("content_type__app_label", "codename")
    )
    assert ("measures", "change_massnahme") in plan
    assert ("monitoring", "add_messwert") in plan
    konten = {("auth", r) for r in ["add_user", "change_user", "view_user", "view_group"]}
    assert rechte("Büro für Integration") == plan | konten
    assert rechte("Netzwerkpartner") == {
        ("measures", "add_sachstand"),
        ("measures", "view_sachstand"),
    }
    assert rechte("Bürgerschaft") == set()
