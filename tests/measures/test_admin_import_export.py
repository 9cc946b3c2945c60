"""Export of the Maßnahmen list as filtered (CSV, XLSX) and import of status, Ampel, progress and
dates with a preview: bad rows are reported by number and nothing changes; a good file applies
every row, all in one, and history records each change."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.choices import Ampel, Status
from measures.models import Massnahme
from tests.measures.admin_daten import plan_anlegen

pytestmark = pytest.mark.django_db

EXPORT = reverse("admin:measures_massnahme_export")
IMPORT = reverse("admin:measures_massnahme_import")
IMPORT_BESTAETIGEN = reverse("admin:measures_massnahme_process_import")
CSV_FORMAT, XLSX_FORMAT = "0", "1"
KOPF = ["Referenz", "Status", "Ampel", "Fortschritt (%)", "Beginn", "Zieldatum"]


@pytest.fixture
def admin_plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def buero_client(client, personen):
    client.force_login(personen.buero)
    return client


def _export(client, format_, filter_):
    seite = client.get(EXPORT + filter_)
    assert seite.status_code == 200
    response = client.post(EXPORT + filter_, {"format": format_, "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def test_csv_export_holds_exactly_the_filtered_rows(buero_client, admin_plan):
    inhalt = _export(buero_client, CSV_FORMAT, "?seite=extern").decode("utf-8-sig")
    zeilen = list(csv.DictReader(io.StringIO(inhalt)))
    assert [z["Referenz"] for z in zeilen] == ["4.1.2 / 1 b", "5.2 / 2 a"]
    erste = zeilen[0]
    assert erste["Status"] == "in Umsetzung"
    assert erste["Ampel"] == "kritisch"
    assert erste["Fortschritt (%)"] == "40"
    assert erste["federführend"] == "Verein B"
    assert erste["Maßnahme"] == "Sprachkurse für Neuzugewanderte ausbauen"


def test_xlsx_export_holds_exactly_the_filtered_rows(buero_client, admin_plan):
    inhalt = _export(buero_client, XLSX_FORMAT, "?ueberfaellig=ja")
    blatt = openpyxl.load_workbook(io.BytesIO(inhalt)).active
    zeilen = list(blatt.iter_rows(values_only=True))
    kopf = list(zeilen[0])
    assert [z[kopf.index("Referenz")] for z in zeilen[1:]] == ["4.1.2 / 1 b"]


def test_unfiltered_export_holds_every_row(buero_client, admin_plan):
    inhalt = _export(buero_client, CSV_FORMAT, "").decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(inhalt)))) == 4


def _csv(zeilen):
    puffer = io.StringIO()
    schreiber = csv.writer(puffer)
    schreiber.writerow(KOPF)
    schreiber.writerows(zeilen)
    return SimpleUploadedFile("stand.csv", puffer.getvalue().encode("utf-8"), "text/csv")


def _xlsx(zeilen):
    mappe = openpyxl.Workbook()
    blatt = mappe.active
    blatt.append(KOPF)
    for zeile in zeilen:
        blatt.append(zeile)
    puffer = io.BytesIO()
    mappe.save(puffer)
    return SimpleUploadedFile(
        "stand.xlsx",
        puffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _stand():
    return list(
        Massnahme.objects.order_by("pk").values_list(
            "status", "ampel", "fortschritt", "beginn", "zieldatum", "version"
        )
    )


def test_import_dry_run_reports_each_bad_row_by_number_and_changes_nothing(
    buero_client, admin_plan
):
    vorher = _stand()
    historie_vorher = Massnahme.history.count()
    datei = _csv(
        [
            ["4.1.2 / 1 b", "umgesetzt", "im Plan", "100", "01.02.2025", "31.12.2025"],  # good
            ["9.9 / 9 z", "umgesetzt", "im Plan", "100", "", ""],  # no such measure
            ["5.2 / 1 a", "fertig", "im Plan", "10", "", ""],  # unknown status
            ["5.2 / 2 a", "entfallen", "kritisch", "150", "", ""],  # progress over 100
            ["4.1.2 / 1 a", "umgesetzt", "im Plan", "100", "gestern", ""],  # not a date
        ]
    )
    response = buero_client.post(
        IMPORT, {"resource": "0", "format": CSV_FORMAT, "import_file": datei}
    )
    assert response.status_code == 200
    ergebnis = response.context["result"]
    assert "confirm_form" not in response.context  # a file with errors cannot be applied
    fehlerhafte = sorted(zeile.number for zeile in ergebnis.invalid_rows) + sorted(
        nummer for nummer, _fehler in ergebnis.row_errors()
    )
    assert sorted(fehlerhafte) == [2, 3, 4, 5]
    meldungen = {zeile.number: str(zeile.error_dict) for zeile in ergebnis.invalid_rows}
    assert "9.9 / 9 z" in meldungen[2]
    assert "fertig" in meldungen[3]
    assert "gestern" in meldungen[5]
    inhalt = response.content.decode()
    assert "Keine Maßnahme mit der Referenz" in inhalt
    assert _stand() == vorher
    assert Massnahme.history.count() == historie_vorher


@pytest.mark.parametrize("datei_bauen", [_xlsx, _csv], ids=["xlsx", "csv"])
def test_valid_import_applies_every_row_after_the_preview(
    buero_client, admin_plan, personen, datei_bauen
):
    zeilen = [
        ["4.1.2 / 1 b", "umgesetzt", "im Plan", 100, "01.02.2025", "31.12.2025"],
        ["5.2-1a", "in_planung", "gefährdet", 15, "", "30.06.2027"],
        ["5.2 / 2 a", "entfallen", "unbewertet", 0, "", ""],
    ]
    if datei_bauen is _xlsx:
        zeilen[0][4] = date(2025, 2, 1)  # spreadsheet programs store real dates
    format_ = XLSX_FORMAT if datei_bauen is _xlsx else CSV_FORMAT
    vorschau = buero_client.post(
        IMPORT, {"resource": "0", "format": format_, "import_file": datei_bauen(zeilen)}
    )
    assert vorschau.status_code == 200
    assert not vorschau.context["result"].has_errors()
    assert not vorschau.context["result"].has_validation_errors()
    assert Massnahme.objects.get(pk=admin_plan.m2.pk).status == Status.IN_UMSETZUNG  # preview

    bestaetigung = vorschau.context["confirm_form"].initial
    response = buero_client.post(IMPORT_BESTAETIGEN, bestaetigung)
    assert response.status_code == 302

    m2, m3, m4 = (
        Massnahme.objects.get(pk=m.pk) for m in (admin_plan.m2, admin_plan.m3, admin_plan.m4)
    )
    assert (m2.status, m2.ampel, m2.fortschritt, m2.beginn, m2.zieldatum) == (
        Status.UMGESETZT,
        Ampel.IM_PLAN,
        100,
        date(2025, 2, 1),
        date(2025, 12, 31),
    )
    assert (m3.status, m3.ampel, m3.fortschritt, m3.zieldatum) == (
        Status.IN_PLANUNG,
        Ampel.GEFAEHRDET,
        15,
        date(2027, 6, 30),
    )
    assert (m4.ampel, m4.zieldatum) == (Ampel.UNBEWERTET, None)
    for m in (m2, m3, m4):
        assert m.version == 2
        record = m.history.first()
        assert record.history_change_reason.startswith("Import aus „stand.")
        assert record.history_user == personen.buero
    # 4.1.2 / 1 a was not in the file: untouched.
    assert Massnahme.objects.get(pk=admin_plan.m1.pk).version == 1


def test_import_of_an_unchanged_row_writes_no_history(buero_client, admin_plan):
    m1 = admin_plan.m1
    datei = _csv(
        [["4.1.2 / 1 a", "umgesetzt", "im Plan", "100", "", m1.zieldatum.strftime("%d.%m.%Y")]]
    )
    vorschau = buero_client.post(
        IMPORT, {"resource": "0", "format": CSV_FORMAT, "import_file": datei}
    )
    buero_client.post(IMPORT_BESTAETIGEN, vorschau.context["confirm_form"].initial)
    m1.refresh_from_db()
    assert m1.version == 1
    assert m1.history.count() == 1
