"""The roles as Django groups with their permissions, as measures/roles.py defined them then.

A frozen copy of the role definitions: a migration must give the same result however the live
code changes later (the running project keeps the groups current with ``rollen_einrichten`` on
post_migrate). Re-runnable: only what is missing is created. Permissions are normally made
after all migrations (post_migrate); they are created here first so that a fresh database gets
complete groups in one ``migrate``. Models of later migrations get their permissions from the
live ``measures.roles.rollen_einrichten`` on post_migrate (measures/apps.py) or
``manage.py rollen_einrichten``.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copy of measures/roles.py (group names, the Büro's apps and further rights).
BUERO = "Büro für Integration"
NETZWERKPARTNER = "Netzwerkpartner"
BUERGERSCHAFT = "Bürgerschaft"
BUERO_APPS = ("concept", "measures", "monitoring")
BUERO_WEITERE_RECHTE = [
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_user"),
    ("auth", "view_group"),
]
NETZWERKPARTNER_RECHTE = [("measures", "add_sachstand"), ("measures", "view_sachstand")]


def rollen_einrichten(apps, using):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    berechtigungen = Permission.objects.using(using)

    def rechte(paare):
        rechte = berechtigungen.none()
        for app_label, codename in paare:
            rechte |= berechtigungen.filter(content_type__app_label=app_label, codename=codename)
        return list(rechte)

    gruppen = {
        name: Group.objects.using(using).get_or_create(name=name)[0]
        for name in (BUERO, NETZWERKPARTNER, BUERGERSCHAFT)
    }
    gruppen[BUERO].permissions.add(
        *berechtigungen.filter(content_type__app_label__in=BUERO_APPS),
        *rechte(BUERO_WEITERE_RECHTE),
    )
    gruppen[NETZWERKPARTNER].permissions.add(*rechte(NETZWERKPARTNER_RECHTE))


def einrichten(apps, schema_editor):
    using = schema_editor.connection.alias
    for app_config in global_apps.get_app_configs():
        try:
            apps.get_app_config(app_config.label)
        except LookupError:
            continue  # not part of the migration state (yet)
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    rollen_einrichten(apps, using=using)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("measures", "0001_initial"),
    ]

    operations = [migrations.RunPython(einrichten, migrations.RunPython.noop)]
