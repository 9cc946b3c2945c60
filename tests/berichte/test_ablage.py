"""Stored reports (berichte/ablage.py, berichte/tasks.py): the key, one task per key however many
ask at once, the file written by the task, the cleanup, and a closed round's reports with the
mail to the Bürgerschaft."""

import io
import os
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from berichte import ablage
from berichte.data import HANDLUNGSFELD, Berichtsauftrag
from berichte.models import Berichtsdatei, DateiStatus
from berichte.rundenberichte import ANLASS
from berichte.tasks import bericht_erstellen
from measures import berichtsrunden
from measures.choices import RundenStatus
from tests import builders as b
from versand.models import Mail


def test_the_key_changes_with_data_day_parameters_and_format(s, monkeypatch):
    auftrag = Berichtsauftrag()
    key = ablage.schluessel(auftrag)
    assert len(key) == 64 and key == ablage.schluessel(Berichtsauftrag())
    # Today's date stands in for none.
    assert key == ablage.schluessel(Berichtsauftrag(stichtag=timezone.localdate()))
    assert key != ablage.schluessel(auftrag, "docx")
    assert key != ablage.schluessel(Berichtsauftrag(intern=True))
    s.m_1b.fortschritt = 40
    s.m_1b.save()
    neu = ablage.schluessel(auftrag)
    assert neu != key
    morgen = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: morgen)
    assert ablage.schluessel(auftrag) != neu


def test_the_stored_auftrag_builds_the_same_report_again():
    for auftrag in (
        Berichtsauftrag(),
        Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="5.2", berichtsrunde=3, intern=True),
        Berichtsauftrag(art="akteur", akteur="amt-a", stichtag=timezone.localdate()),
    ):
        assert ablage.auftrag_aus_json(ablage.auftrag_als_json(auftrag)) == auftrag
    # Extra keys (``mitteilen``) do not reach the Berichtsauftrag.
    assert ablage.auftrag_aus_json({"art": "gesamt", "mitteilen": True}) == Berichtsauftrag()


def test_the_task_writes_the_file_and_its_figures(s, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        datei = ablage.anfordern(Berichtsauftrag(art=HANDLUNGSFELD, handlungsfeld="5.2"))
    datei.refresh_from_db()
    assert datei.status == DateiStatus.FERTIG
    pfad = datei.datei.path
    with open(pfad, "rb") as f:
        pdf = f.read()
    assert len(pdf) == datei.groesse
    assert len(PdfReader(io.BytesIO(pdf)).pages) == datei.seiten
    titel = "".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "5.2ArbeitundQualifizierung" in titel
    assert datei.dateiname.startswith("Fortschrittsbericht_Handlungsfeld_5.2_")
    # Written under a temporary name, then renamed: nothing half-written is left.
    ordner = os.path.dirname(datei.datei.path)
    assert [n for n in os.listdir(ordner) if n.startswith(".entsteht-")] == []
    # A second task for the same row (re-enqueued meanwhile) does nothing.
    assert bericht_erstellen.call(datei.pk) == "nichts zu tun"


def test_an_unknown_subject_fails_with_its_german_reason(s):
    datei = Berichtsdatei.objects.create(
        schluessel="x" * 64, auftrag={"art": "akteur", "akteur": "niemand"}
    )
    with pytest.raises(Exception, match="unbekannt"):
        bericht_erstellen.call(datei.pk)
    datei.refresh_from_db()
    assert (datei.status, datei.fehler) == (DateiStatus.FEHLER, "Akteur „niemand“ ist unbekannt.")


def test_cleanup_deletes_what_is_no_longer_current_but_keeps_closed_rounds(
    s, gerendert, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        alt = ablage.anfordern(Berichtsauftrag())
        runde = ablage.anfordern(Berichtsauftrag(berichtsrunde=s.runde_2025.pk))
    alt.refresh_from_db()
    runde.refresh_from_db()
    alter_pfad = alt.datei.path
    s.m_1b.fortschritt = 40
    s.m_1b.save()  # today's report now shows other data: ``alt`` is no longer current
    with django_capture_on_commit_callbacks(execute=True):
        aktuell = ablage.anfordern(Berichtsauftrag())
    vor_zehn_tagen = timezone.now() - timedelta(days=10)
    Berichtsdatei.objects.update(angefordert_am=vor_zehn_tagen)

    ausgabe = io.StringIO()
    call_command("berichte_aufraeumen", "--tage", "7", stdout=ausgabe)

    assert "1 veraltete Berichtsdateien gelöscht" in ausgabe.getvalue()
    assert set(Berichtsdatei.objects.values_list("pk", flat=True)) == {runde.pk, aktuell.pk}
    assert not os.path.exists(alter_pfad)
    # Younger than the limit: kept even if not current.
    s.m_1b.fortschritt = 50
    s.m_1b.save()
    Berichtsdatei.objects.update(angefordert_am=timezone.now())
    call_command("berichte_aufraeumen", stdout=io.StringIO())
    assert Berichtsdatei.objects.count() == 2


def test_cleanup_keeps_a_closed_rounds_first_file_not_every_later_rendering(
    s, gerendert, django_capture_on_commit_callbacks
):
    """What the council got stays; copies rendered after later data changes do not pile up."""
    auftrag = Berichtsauftrag(berichtsrunde=s.runde_2025.pk)
    with django_capture_on_commit_callbacks(execute=True):
        erste = ablage.anfordern(auftrag)
    for fortschritt in (40, 50):
        s.m_1b.fortschritt = fortschritt
        s.m_1b.save()  # new Datenstand: the next request renders the round's report again
        with django_capture_on_commit_callbacks(execute=True):
            letzte = ablage.anfordern(auftrag)
    zwischen = Berichtsdatei.objects.exclude(pk__in=[erste.pk, letzte.pk]).get()
    zwischen_pfad = zwischen.datei.path
    Berichtsdatei.objects.update(angefordert_am=timezone.now() - timedelta(days=10))

    assert ablage.aufraeumen(7) == 1

    assert set(Berichtsdatei.objects.values_list("pk", flat=True)) == {erste.pk, letzte.pk}
    assert not os.path.exists(zwischen_pfad)


# --- closing a round --------------------------------------------------------------------------


def _runde_schliessen(s):
    runde = b.berichtsrunde("Berichtsrunde 2026", status=RundenStatus.OFFEN)
    with transaction.atomic():
        berichtsrunden.schliessen(runde)
    return runde


def test_closing_a_round_renders_its_reports_and_tells_the_council_once(
    s, personen, gerendert, django_capture_on_commit_callbacks, django_user_model
):
    from measures.roles import BUERGERSCHAFT

    zweite = django_user_model.objects.create_user("ratsfrau", "ratsfrau@example.org", "x")
    zweite.groups.add(personen.buergerschaft.groups.get(name=BUERGERSCHAFT))
    inaktiv = django_user_model.objects.create_user("alt", "alt@example.org", "x", is_active=False)
    inaktiv.groups.add(personen.buergerschaft.groups.get(name=BUERGERSCHAFT))

    with django_capture_on_commit_callbacks(execute=True):
        runde = _runde_schliessen(s)

    # Gesamtbericht public and internal, 5.2 and 5.3 (4.1.1 has no goals of its own).
    dateien = Berichtsdatei.objects.filter(auftrag__berichtsrunde=runde.pk)
    assert dateien.count() == 4
    assert set(dateien.values_list("status", flat=True)) == {DateiStatus.FERTIG}
    assert sorted((b.auftrag.art, b.auftrag.intern) for b in gerendert) == [
        ("gesamt", False),
        ("gesamt", True),
        ("handlungsfeld", False),
        ("handlungsfeld", False),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "buergerschaft@example.org",
        "ratsfrau@example.org",
    ]
    text = mail.outbox[0].body
    assert "Berichtsrunde 2026" in mail.outbox[0].subject
    assert "/buergerschaft/" in text and "Guten Tag" in text

    # Finished again (a re-enqueued task, a second worker): no second mail.
    from berichte.rundenberichte import mitteilen_wenn_fertig

    with django_capture_on_commit_callbacks(execute=True):
        assert mitteilen_wenn_fertig(runde.pk) == 0
    assert len(mail.outbox) == 2
    assert Mail.objects.filter(anlass=ANLASS).count() == 2


def test_the_council_mail_is_plain_text_not_html_escaped(
    s, personen, gerendert, django_capture_on_commit_callbacks
):
    runde = b.berichtsrunde("Runde „Arbeit & Sprache“ 2026", status=RundenStatus.OFFEN)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        berichtsrunden.schliessen(runde)
    (nachricht,) = mail.outbox
    assert "Runde „Arbeit & Sprache“ 2026" in nachricht.subject
    assert "Runde „Arbeit & Sprache“ 2026" in nachricht.body
    assert "&amp;" not in nachricht.body + nachricht.subject


def test_no_mail_while_a_gesamtbericht_is_missing(
    s, personen, gerendert, django_capture_on_commit_callbacks
):
    from berichte.rundenberichte import rundenberichte_anfordern

    with django_capture_on_commit_callbacks(execute=False):
        runde = _runde_schliessen(s)
        # What the closing's callback does, without running the worker's tasks.
        rundenberichte_anfordern(runde.pk)
    assert Berichtsdatei.objects.filter(status=DateiStatus.WARTET).count() == 4
    oeffentlich = Berichtsdatei.objects.get(auftrag__art="gesamt", auftrag__intern=False)
    with django_capture_on_commit_callbacks(execute=True):
        bericht_erstellen.call(oeffentlich.pk)
    assert mail.outbox == []  # the internal one is still missing
    intern = Berichtsdatei.objects.get(auftrag__art="gesamt", auftrag__intern=True)
    with django_capture_on_commit_callbacks(execute=True):
        bericht_erstellen.call(intern.pk)
    assert len(mail.outbox) == 1
    assert runde.titel in mail.outbox[0].subject


# --- concurrency and a real worker ------------------------------------------------------------


@pytest.mark.echte_aufgaben
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_make_one_row_and_one_task(personen, gerendert):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent transactions (PostgreSQL)")
    from tests.berichte.bericht_szenario import szenario_anlegen

    szenario_anlegen(personen)
    anzahl = 8
    start = threading.Barrier(anzahl)
    ergebnisse, fehler = [], []

    def anfragen():
        try:
            start.wait()
            with transaction.atomic():  # as a request whose commit enqueues
                ergebnisse.append(ablage.anfordern(Berichtsauftrag()).pk)
        except Exception as e:  # noqa: BLE001 - reported below
            fehler.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=anfragen) for _ in range(anzahl)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fehler == []
    assert len(set(ergebnisse)) == 1
    assert Berichtsdatei.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    assert gerendert == []  # nothing rendered in the requests


@pytest.mark.echte_aufgaben
def test_a_real_worker_process_renders_the_report(db_worker_prozess, personen, client):
    from django.urls import reverse

    from tests.berichte.bericht_szenario import szenario_anlegen

    szenario_anlegen(personen)
    url = reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "5.3"})
    assert client.get(url).status_code == 202  # autocommit: enqueued at once
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    prozess = db_worker_prozess()
    assert prozess.returncode == 0, prozess.stderr

    datei = Berichtsdatei.objects.get()
    assert datei.status == DateiStatus.FERTIG, datei.fehler
    antwort = client.get(url)
    assert antwort.status_code == 200
    pdf = b"".join(antwort.streaming_content)
    assert "5.3" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
