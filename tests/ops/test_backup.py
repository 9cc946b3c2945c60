"""A backup restored into an empty database gives the same concept, Sachstände, history and
Messwerte.

The test empties its own database between backup and restore (``flush``, which also recreates
content types and permissions as ``migrate`` would) — the same state as a fresh, migrated
database on a new server — and compares every row of every model that matters, with users
compared by name (their numbers may differ after a restore; the dump refers to them by name).
"""

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from measures.choices import Ampel, Pruefstatus, Status
from measures.models import Berichtsrunde
from tests import builders as b
from tests.people import personen_anlegen

pytestmark = pytest.mark.django_db(transaction=True)

APPS = ["concept", "measures", "monitoring"]


def bestand():
    """Every row of the concept, measures and monitoring models, history tables included."""
    User = get_user_model()
    namen = dict(User.objects.values_list("pk", "username"))
    ergebnis = {}
    for app in APPS:
        for modell in apps.get_app_config(app).get_models():
            if modell._meta.label == "concept.Datenstand":
                continue  # a counter the triggers write (concept/datenstand.py), not content
            user_felder = [
                f.attname
                for f in modell._meta.concrete_fields
                if f.is_relation and f.related_model is User
            ]
            zeilen = []
            for zeile in modell.objects.order_by("pk").values():
                for feld in user_felder:
                    zeile[feld] = namen.get(zeile[feld])
                zeilen.append(zeile)
            ergebnis[modell._meta.label] = zeilen
    mitglieder = sorted(
        (a.slug, u)
        for a in apps.get_model("measures.Akteur").objects.all()
        for u in a.mitglieder.values_list("username", flat=True)
    )
    konten = sorted(
        (u.username, u.password, u.is_staff, tuple(u.groups.values_list("name", flat=True)))
        for u in User.objects.all()
    )
    return ergebnis, mitglieder, konten


@pytest.fixture
def daten():
    personen = personen_anlegen()
    massnahmen = b.plan_mit_massnahmen(9, akteure=[personen.akteur_a, personen.akteur_b])
    m = massnahmen[0]
    # History: two edits of a Maßnahme, by staff.
    for status, fortschritt in [(Status.IN_UMSETZUNG, 30), (Status.VERZOEGERT, 35)]:
        m.status, m.fortschritt, m._history_user = status, fortschritt, personen.buero
        m.save()
    runde = Berichtsrunde.objects.create(
        titel="Bericht 2026", stichtag=date(2026, 6, 30), faellig_am=date(2026, 7, 31)
    )
    b.sachstand(m, personen.akteur_a, personen.partner_a, berichtsrunde=runde, text="Läuft.")
    b.sachstand(
        massnahmen[1],
        personen.akteur_a,
        personen.kollegin_a,
        text="Umlaute äöüß und „Anführungszeichen“",
        ampel=Ampel.GEFAEHRDET,
        pruefstatus=Pruefstatus.FREIGEGEBEN,
        geprueft_von=personen.buero,
    )
    anteil = b.indikator("anteil", handlungsfelder=[m.teilziel.handlungsfeld])
    geschlecht = b.dimension("geschlecht")
    b.auspraegung(geschlecht, "weiblich")
    for jahr, wert in [(2018, 6.1), (2019, 6.8), (2020, 7.25)]:
        b.messwert(anteil, jahr, wert)
    b.messwert(anteil, 2020, 3.5, aufschluesselung="geschlecht=weiblich")
    return personen


def test_backup_restored_into_an_empty_database_is_the_same(daten, tmp_path):
    vorher = bestand()
    assert len(vorher[0]["measures.HistoricalMassnahme"]) >= 11
    assert len(vorher[0]["measures.Sachstand"]) == 2
    assert len(vorher[0]["monitoring.Messwert"]) == 4

    call_command("backup", ziel=str(tmp_path), nur_json=True)
    (sicherung,) = tmp_path.glob("*.json.gz")

    call_command("flush", interactive=False, verbosity=0)
    assert bestand()[0]["measures.Massnahme"] == []

    call_command("restore", str(sicherung))
    assert bestand() == vorher


def test_restore_refuses_a_database_with_data(daten, tmp_path):
    call_command("backup", ziel=str(tmp_path), nur_json=True)
    (sicherung,) = tmp_path.glob("*.json.gz")
    with pytest.raises(CommandError, match="nicht leer"):
        call_command("restore", str(sicherung))


def test_restore_is_all_or_nothing(daten, tmp_path):
    call_command("backup", ziel=str(tmp_path), nur_json=True)
    (sicherung,) = tmp_path.glob("*.json.gz")
    call_command("flush", interactive=False, verbosity=0)
    # A damaged file: cut in the middle.
    import gzip

    inhalt = gzip.decompress(sicherung.read_bytes())
    kaputt = tmp_path / "kaputt.json"
    kaputt.write_bytes(inhalt[: len(inhalt) // 2])
    with pytest.raises(Exception):  # noqa: B017 - any error; what matters is what is left
        call_command("restore", str(kaputt))
    assert get_user_model().objects.count() == 0
    assert apps.get_model("measures.Massnahme").objects.count() == 0


def test_rights_of_a_removed_model_do_not_break_the_restore(daten, tmp_path):
    """A migration that removed a model leaves its content type and rights, maybe in a group
    (measures 0001 made HistoricalAkteur_mitglieder, 0007 removed it): the dump still loads."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from measures.roles import BUERO

    weg = ContentType.objects.create(app_label="measures", model="weggefallen")
    recht = Permission.objects.create(codename="view_weggefallen", name="alt", content_type=weg)
    buero = Group.objects.get(name=BUERO)
    buero.permissions.add(recht)
    vorher = set(buero.permissions.exclude(pk=recht.pk).values_list("codename", flat=True))

    call_command("backup", ziel=str(tmp_path), nur_json=True)
    (sicherung,) = tmp_path.glob("*.json.gz")
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(sicherung))

    nachher = set(Group.objects.get(name=BUERO).permissions.values_list("codename", flat=True))
    assert nachher == vorher
    assert "view_weggefallen" not in nachher
