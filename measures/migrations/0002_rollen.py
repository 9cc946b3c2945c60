"""The roles as Django groups with their permissions (measures/roles.py).

Re-runnable: ``rollen_einrichten`` only creates what is missing. Permissions are normally made
after all migrations (post_migrate); they are created here first so that a fresh database gets
complete groups in one ``migrate``. Models of later migrations get their permissions from the
same function on post_migrate (measures/apps.py) or ``manage.py rollen_einrichten``.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from measures.roles import rollen_einrichten


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
