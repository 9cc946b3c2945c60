"""The Datenstand with two writers at once (PostgreSQL; SQLite has one writer at a time).

Two Büro staff (or an import on the worker and a person) commit in the opposite order of their
first write: the stamp must change at each commit, so that no page cached in between survives
the later commit; and neither waits for the other on the counter (each session has its slot).
"""

import threading

import pytest
from django.db import connection, connections, transaction

from concept.datenstand import SLOTS, datenstand
from tests import builders as b

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]


def _eigene_verbindung(meide_slot=None):
    """This thread's connection, in another slot than ``meide_slot``; returns its slot."""
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            slot = cursor.fetchone()[0] % SLOTS
        if slot != meide_slot:
            return slot
        connection.close()


def test_each_commit_changes_the_stamp_whatever_the_order():
    k = b.konzept()
    erstes, zweites = b.kapitel(k, nummer="4"), b.kapitel(k, nummer="5")
    geschrieben, weiter, fertig = threading.Event(), threading.Event(), threading.Event()
    slots, fehler = {}, []

    def langsam():
        try:
            slots["langsam"] = _eigene_verbindung()
            with transaction.atomic():
                erstes.titel = "Zuerst geschrieben, zuletzt bestätigt"
                erstes.save()
                geschrieben.set()
                assert weiter.wait(20)
        except Exception as e:  # noqa: BLE001 - reported by the test below
            fehler.append(e)
        finally:
            fertig.set()
            connections.close_all()

    faden = threading.Thread(target=langsam)
    faden.start()
    assert geschrieben.wait(20)
    schnell = threading.Thread(target=lambda: _schnell_schreiben(zweites, slots, fehler))
    schnell.start()
    schnell.join(20)
    assert not schnell.is_alive(), "der zweite Schreiber wartete auf den ersten"
    nach_dem_schnellen = datenstand()
    weiter.set()
    assert fertig.wait(20)
    faden.join()
    assert not fehler
    assert datenstand() != nach_dem_schnellen


def _schnell_schreiben(kapitel, slots, fehler):
    try:
        _eigene_verbindung(meide_slot=slots["langsam"])
        with connection.cursor() as cursor:
            # Would fail instead of hanging if it waited for the other transaction's lock.
            cursor.execute("SET lock_timeout = '5s'")
        kapitel.titel = "Später geschrieben, früher bestätigt"
        kapitel.save()
    except Exception as e:  # noqa: BLE001 - reported by the test
        fehler.append(e)
    finally:
        connections.close_all()
