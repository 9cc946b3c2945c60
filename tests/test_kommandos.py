"""``manage.py <kommando> --help`` works for every management command of our apps.

The commands are discovered, not listed: a new command is covered the day it is added.
"""

import pytest
from django.apps import apps
from django.core.management import ManagementUtility, find_commands, load_command_class

UNSERE_APPS = [
    "integration_portal",
    "concept",
    "measures",
    "monitoring",
    "berichte",
    "portal",
    "benachrichtigungen",
]


def kommandos():
    for label in UNSERE_APPS:
        config = apps.get_app_config(label)
        for name in find_commands(f"{config.path}/management"):
            yield config.name, name


KOMMANDOS = sorted(kommandos())


def test_die_suche_findet_die_kommandos():
    namen = {name for _, name in KOMMANDOS}
    assert {"bericht", "load_konzept", "import_messwerte", "backup"} <= namen


@pytest.mark.parametrize(("app", "name"), KOMMANDOS, ids=[name for _, name in KOMMANDOS])
def test_hilfe(app, name, capsys):
    with pytest.raises(SystemExit) as ende:
        ManagementUtility(["manage.py", name, "--help"]).execute()
    assert ende.value.code == 0
    ausgabe = capsys.readouterr().out
    assert f"manage.py {name}" in ausgabe
    # The command's own description is printed, in German.
    beschreibung = str(load_command_class(app, name).help)
    assert beschreibung
    assert " ".join(beschreibung.split())[:40] in " ".join(ausgabe.split())
