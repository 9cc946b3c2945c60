"""The Büro reads the mail log and the task results, and may send a failed mail again.

A frozen copy of the rights (as measures/migrations/0002_rollen.py does for the roles): the
group "Büro für Integration" gets view and change of versand.Mail (change only for the action
"erneut senden"; the admin lets nobody edit a Mail) and view of django_tasks_db's results.
Re-runnable: only what is missing is added. Permissions are normally made after all
migrations (post_migrate); they are created here first so that one ``migrate`` is enough.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

BUERO = "Büro für Integration"
RECHTE = [
    ("versand", "view_mail"),
    ("versand", "change_mail"),
    ("django_tasks_database", "view_dbtaskresult"),
]


def einrichten(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in ("versand", "django_tasks_database"):
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    buero = Group.objects.using(using).get_or_create(name=BUERO)[0]
    for app_label, codename in RECHTE:
        buero.permissions.add(
            *Permission.objects.using(using).filter(
                content_type__app_label=app_label, codename=codename
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("versand", "0001_initial"),
    ]

    operations = [migrations.RunPython(einrichten, migrations.RunPython.noop)]
