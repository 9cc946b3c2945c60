"""Importing Ansprechpersonen (netzwerk/importing.py and its admin pages).

German Excel files (``;``, UTF-8 with BOM or Windows-1252, XLSX), a preview, all or nothing,
errors with row, column, value and a German message; the same file twice changes nothing.
"""

from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from integration_portal.tabellen import xlsx_inhalt
from measures.choices import AnsprechpersonRolle
from measures.models import Ansprechperson, ImportVorschau
from netzwerk import importing
from tests import builders as b

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:netzwerk_import")
BEISPIEL = Path(__file__).resolve().parents[2] / "fixtures" / "ansprechpersonen-beispiel.csv"


@pytest.fixture
def akteure(personen):
    b.akteur("Migrantenrat", slug="migrantenrat")
    b.akteur("Amt für Jugend, Soziales und Asyl, SG Integration", slug="ajsa-sg-integration")


@pytest.fixture
def buero(client, personen):
    client.force_login(personen.buero)
    return client


def hochladen(client, inhalt, name="kontakte.csv"):
    return client.post(IMPORT, {"datei": SimpleUploadedFile(name, inhalt)})


def test_the_example_file_preview_then_apply_then_again_nothing(buero, akteure):
    antwort = hochladen(buero, BEISPIEL.read_bytes())
    assert antwort.status_code == 302
    vorschau = buero.get(antwort["Location"])
    inhalt = vorschau.content.decode()
    assert "3 neue Ansprechperson(en), 0 unverändert" in inhalt
    assert "Aylin Demir" in inhalt and "koordiniert für den Akteur" in inhalt
    assert not Ansprechperson.objects.filter(email__endswith="example.org", user=None).exists()

    buero.post(antwort["Location"])
    neu = Ansprechperson.objects.filter(user=None).order_by("name")
    assert [(p.akteur.slug, p.name, p.rolle) for p in neu] == [
        ("migrantenrat", "Aylin Demir", AnsprechpersonRolle.KOORDINIERT),
        ("migrantenrat", "Jonas Berg", AnsprechpersonRolle.MELDET),
        ("ajsa-sg-integration", "Petra Schulz", AnsprechpersonRolle.MELDET),
    ]
    assert neu[0].history.first().history_change_reason.startswith("Import aus")
    assert not ImportVorschau.objects.exists()

    # The same file again: nothing to do, nothing changed, nothing staged.
    zweimal = hochladen(buero, BEISPIEL.read_bytes())
    assert zweimal.status_code == 200
    assert "0 neue Ansprechperson(en), 3 unverändert" in zweimal.content.decode()
    assert Ansprechperson.objects.filter(user=None).count() == 3
    assert not ImportVorschau.objects.exists()


def test_cp1252_and_xlsx_are_read(akteure):
    cp1252 = "Akteur;Name;E-Mail\nMigrantenrat;Jürgen Weiß;jw@example.org\n".encode("cp1252")
    _t, ergebnis = importing.lesen_und_pruefen(cp1252, "k.csv")
    assert ergebnis.ok and ergebnis.neue[0].name == "Jürgen Weiß"
    xlsx = xlsx_inhalt(["Akteur", "Name", "E-Mail"], [["migrantenrat", "Ölaf", "o@example.org"]])
    _t, ergebnis = importing.lesen_und_pruefen(xlsx, "k.xlsx")
    assert ergebnis.ok and ergebnis.neue[0].name == "Ölaf"


def test_errors_name_row_column_value_and_nothing_is_saved(buero, akteure, personen):
    Ansprechperson.objects.create(
        akteur=personen.akteur_a, name="Vorhanden", email="da@example.org", funktion="Leitung"
    )
    datei = (
        b"Akteur;Name;E-Mail;Funktion;Rolle\n"
        b"Migrantenrat;Gut;gut@example.org;;\n"  # 2: fine, but the file has errors
        b"Gibt es nicht;X;x@example.org;;\n"  # 3
        b"Migrantenrat;Y;kein-at-zeichen;;\n"  # 4
        b"Migrantenrat;Z;GUT@example.org;;\n"  # 5: duplicate of row 2
        b"Migrantenrat;R;r@example.org;;Chefin\n"  # 6
        b"Amt A;Anders;da@example.org;Kasse;\n"  # 7: against the database
        b";Leer;;;\n"  # 8
    )
    seite = hochladen(buero, datei)
    assert seite.status_code == 200
    fehler = [(f.zeile, f.spalte, f.wert) for f in seite.context["ergebnis"].fehler]
    assert fehler == [
        (3, "Akteur", "Gibt es nicht"),
        (4, "E-Mail", "kein-at-zeichen"),
        (5, "E-Mail", "GUT@example.org"),
        (6, "Rolle", "Chefin"),
        (7, "E-Mail", "da@example.org"),
        (8, "Akteur", ""),
        (8, "E-Mail", ""),
    ]
    inhalt = seite.content.decode()
    for text in (
        "Einen Akteur mit diesem Namen oder dieser Kurz-URL gibt es nicht.",
        "keine gültige E-Mail-Adresse",
        "schon in Zeile 2",
        "Unbekannte Rolle",
        "mit anderen Angaben (Name, Funktion)",
        "nichts wurde geändert",
    ):
        assert text in inhalt, text
    assert not Ansprechperson.objects.filter(email="gut@example.org").exists()
    assert not ImportVorschau.objects.exists()


def test_missing_columns_unreadable_and_oversized_files(buero, akteure, settings):
    seite = hochladen(buero, b"Name;Telefon\nA;1\n")
    assert "Es fehlt die Spalte „Akteur“, „E-Mail“" in seite.content.decode()
    seite = hochladen(buero, b"PK\x03\x04kaputt", name="k.xlsx")
    assert seite.status_code == 200 and seite.context["ergebnis"].fehler
    from measures import importvorschau

    gross = b"Akteur;E-Mail\n" + b"x;y@example.org\n" * (importvorschau.HOECHSTENS_BYTES // 15)
    seite = hochladen(buero, gross)
    assert seite.status_code == 200 and "größer als" in seite.content.decode()


def test_apply_with_invitations(buero, akteure, django_capture_on_commit_callbacks):
    antwort = hochladen(buero, BEISPIEL.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        seite = buero.post(antwort["Location"], {"einladen": "1"}, follow=True)
    assert "3 Einladungen verschickt" in seite.content.decode()
    assert len(mail.outbox) == 3


def test_only_the_uploader_sees_the_preview_and_partners_not_at_all(
    client, buero, akteure, personen
):
    antwort = hochladen(buero, BEISPIEL.read_bytes())
    from django.contrib.auth.models import User

    kollege = User.objects.create_user("kollege", "k@example.org", "x", is_staff=True)
    kollege.groups.set(personen.buero.groups.all())
    client.force_login(kollege)
    assert client.get(antwort["Location"]).status_code == 404
    client.force_login(personen.partner_a)
    assert client.get(IMPORT).status_code == 302
    assert client.post(antwort["Location"]).status_code == 302
    assert not Ansprechperson.objects.filter(email="aylin.demir@example.org").exists()
