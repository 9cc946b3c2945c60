"""The Datenstand (issue 13, point 7; issue 16): one query, and it changes with every edit of
shown data – also the writes that bypass the ORM's signals (QuerySet.update, bulk_create, raw SQL).

Before, the report cache counted rows and took the highest id of models without history, so a
changed Handlungsfeld or Konzept title left the old PDF in the cache for a day; and until issue 16
``QuerySet.update()`` left the stamp as it was.
"""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from concept.datenstand import datenstand
from measures import sachstaende
from measures.choices import Ampel, Pruefstatus, Status
from tests import builders as b
from tests.berichte.abholen import bericht_holen

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personen):
    k = b.konzept(titel="2. Integrationskonzept")
    kap = b.kapitel(k)
    hf = b.handlungsfeld(kap, "5.2", titel="Arbeit und Qualifizierung")
    tz = b.teilziel(hf, 1)
    m = b.massnahme(tz, "a")
    z = b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    indikator = b.indikator("quote", handlungsfelder=[hf])
    wert = b.messwert(indikator, 2020, "7.0")
    return {
        "konzept": k,
        "kapitel": kap,
        "handlungsfeld": hf,
        "teilziel": tz,
        "massnahme": m,
        "zustaendigkeit": z,
        "indikator": indikator,
        "messwert": wert,
        "personen": personen,
    }


def test_one_query(plan):
    with CaptureQueriesContext(connection) as abfragen:
        datenstand()
    assert len(abfragen) == 1


def test_unchanged_data_same_stamp(plan):
    assert datenstand() == datenstand()


@pytest.mark.parametrize(
    ("objekt", "feld", "wert"),
    [
        ("konzept", "titel", "Neuer Titel des Konzepts"),
        ("kapitel", "titel", "Neues Kapitel"),
        ("handlungsfeld", "titel", "Arbeit, Qualifizierung und Ausbildung"),
        ("handlungsfeld", "einleitung", "Eine neue Einleitung."),
        ("teilziel", "text", "Geänderter Teilziel-Text"),
        ("massnahme", "status", Status.UMGESETZT),
        ("zustaendigkeit", "federfuehrend", False),
        ("indikator", "name", "Neue Quote"),
        ("messwert", "wert", "8.5"),
    ],
)
def test_every_edit_of_shown_data_changes_the_stamp(plan, objekt, feld, wert):
    vorher = datenstand()
    obj = plan[objekt]
    setattr(obj, feld, wert)
    obj.save()
    assert datenstand() != vorher


def test_edits_of_leitziel_best_practice_and_akteur_change_the_stamp(plan):
    hf = plan["handlungsfeld"]
    stempel = {datenstand()}
    hf.leitziel.text = "Ein neues Leitziel."
    hf.leitziel.save()
    stempel.add(datenstand())
    bp = hf.best_practice.create(titel="Beispiel", text="Text")
    stempel.add(datenstand())
    bp.titel = "Besseres Beispiel"
    bp.save()
    stempel.add(datenstand())
    akteur = plan["personen"].akteur_a
    akteur.name = "Amt A (neu benannt)"
    akteur.save()
    stempel.add(datenstand())
    assert len(stempel) == 5


def test_deleting_a_handlungsfeld_changes_the_stamp(plan):
    leer = b.handlungsfeld(plan["kapitel"], "5.3")
    vorher = datenstand()
    leer.delete()
    assert datenstand() != vorher


def test_only_approval_of_a_sachstand_changes_the_stamp(plan):
    personen = plan["personen"]
    vorher = datenstand()
    sachstand = sachstaende.einreichen(
        personen.partner_a,
        plan["massnahme"],
        datum=date(2026, 1, 1),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=30,
        text="Eingereicht.",
    )
    assert datenstand() == vorher
    sachstaende.freigeben(sachstand, personen.buero)
    assert datenstand() != vorher
    sachstand.refresh_from_db()
    assert sachstand.pruefstatus == Pruefstatus.FREIGEGEBEN


def test_queryset_update_changes_the_stamp(plan):
    from measures.models import Massnahme

    vorher = datenstand()
    Massnahme.objects.filter(pk=plan["massnahme"].pk).update(fortschritt=77)
    assert datenstand() != vorher


def test_queryset_delete_and_bulk_create_change_the_stamp(plan):
    from concept.models import Teilziel

    vorher = datenstand()
    Teilziel.objects.bulk_create(
        [Teilziel(handlungsfeld=plan["handlungsfeld"], nummer=9, text="Neu")]
    )
    nach_anlegen = datenstand()
    assert nach_anlegen != vorher
    Teilziel.objects.filter(nummer=9).delete()
    assert datenstand() not in (vorher, nach_anlegen)


def test_raw_sql_changes_the_stamp(plan):
    """A change made outside Django (psql, a script) counts as well: the triggers are in the DB."""
    from concept.models import Kapitel

    vorher = datenstand()
    tabelle = connection.ops.quote_name(Kapitel._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {tabelle} SET titel = %s", ["Per SQL geändert"])
    assert datenstand() != vorher


def test_many_to_many_links_change_the_stamp(plan):
    """An indicator's Handlungsfelder live in Django's link table: shown data too."""
    zweites = b.handlungsfeld(plan["kapitel"], "5.3")
    vorher = datenstand()
    plan["indikator"].handlungsfelder.add(zweites)
    nach_hinzufuegen = datenstand()
    assert nach_hinzufuegen != vorher
    plan["indikator"].handlungsfelder.remove(zweites)
    assert datenstand() not in (vorher, nach_hinzufuegen)


def test_approval_by_queryset_update_changes_the_stamp_and_pending_edits_do_not(plan):
    from measures.models import Sachstand

    personen = plan["personen"]
    sachstand = b.sachstand(plan["massnahme"], personen.akteur_a, personen.partner_a)
    assert sachstand.pruefstatus != Pruefstatus.FREIGEGEBEN
    vorher = datenstand()
    Sachstand.objects.filter(pk=sachstand.pk).update(text="Noch in Prüfung, neu formuliert.")
    assert datenstand() == vorher
    Sachstand.objects.filter(pk=sachstand.pk).update(pruefstatus=Pruefstatus.FREIGEGEBEN)
    freigegeben = datenstand()
    assert freigegeben != vorher
    # Back from approved to pending is a change too (the shown Sachstand disappears).
    Sachstand.objects.filter(pk=sachstand.pk).update(pruefstatus=Pruefstatus.EINGEREICHT)
    assert datenstand() not in (vorher, freigegeben)


def test_data_nobody_sees_leaves_the_stamp(plan):
    """Sessions, mails, report files: writes that happen on every visit must not empty caches."""
    from django.contrib.auth.models import User

    vorher = datenstand()
    User.objects.create_user("neu-hier")
    User.objects.filter(username="neu-hier").update(first_name="Neu")
    assert datenstand() == vorher


def test_every_watched_table_has_its_triggers():
    from concept import datenstand as modul

    if connection.vendor == "sqlite":
        sql = "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
    else:
        sql = (
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE %s AND NOT t.tgisinternal"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [modul.PRAEFIX + "%"])
        mit_trigger = {zeile[0] for zeile in cursor.fetchall()}
    erwartet = {modell._meta.db_table for modell, _bedingung in modul.beobachtet()}
    assert {"measures_massnahme", "monitoring_messwert", "concept_teilziel"} <= erwartet
    assert mit_trigger == erwartet


def test_triggers_are_made_again_after_a_migration_rebuilds_a_table(plan):
    """SQLite drops a table's triggers when a migration rebuilds it; post_migrate puts them back."""
    from concept import datenstand as modul

    modul.trigger_einrichten()
    assert set(modul.trigger_einrichten()) == {m._meta.db_table for m, _b in modul.beobachtet()}
    vorher = datenstand()
    plan["teilziel"].text = "Nach dem erneuten Einrichten"
    plan["teilziel"].save()
    assert datenstand() != vorher


def _pdf_text(antwort):
    daten = b"".join(antwort.streaming_content) if antwort.streaming else antwort.content
    text = "\n".join(seite.extract_text() or "" for seite in PdfReader(io.BytesIO(daten)).pages)
    return " ".join(text.split())


def test_edited_handlungsfeld_title_is_in_the_next_pdf(client, plan):
    """Real PDFs, read back: the second request after the edit is not the cached first one."""
    url = reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "5.2"})
    erste = bericht_holen(client, url)
    assert erste.status_code == 200
    assert "Arbeit und Qualifizierung" in _pdf_text(erste)

    hf = plan["handlungsfeld"]
    hf.titel = "Erwerbsarbeit für alle"
    hf.save()
    zweite = bericht_holen(client, url)
    assert zweite.status_code == 200
    text = _pdf_text(zweite)
    assert "Erwerbsarbeit für alle" in text
    assert "Arbeit und Qualifizierung" not in text


def test_edited_konzept_title_is_in_the_next_pdf(client, plan):
    url = reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "5.2"})
    bericht_holen(client, url)
    plan["konzept"].titel = "Drittes Integrationskonzept"
    plan["konzept"].save()
    assert "Drittes Integrationskonzept" in _pdf_text(bericht_holen(client, url))
