"""Two reviewers, or a review and the closing of the round, at the same moment (PostgreSQL).

The services lock the round and the assessment: exactly one review wins, and no approval lands
in a round that closed meanwhile.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from berichte import einschaetzungen as dienst
from berichte.models import Einschaetzung, EinschaetzungStatus
from measures import berichtsrunden
from measures.choices import RundenStatus
from tests.berichte.einschaetzung_szenario import buero_person, einschaetzung, lage_anlegen

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks"),
    pytest.mark.django_db(transaction=True),
]


def _gleichzeitig(*aufgaben):
    start = threading.Barrier(len(aufgaben))
    ergebnisse = [None] * len(aufgaben)

    def laufen(i, aufgabe):
        try:
            start.wait(timeout=30)
            aufgabe()
            ergebnisse[i] = "ok"
        except ValidationError as fehler:
            ergebnisse[i] = " ".join(fehler.messages)
        finally:
            connection.close()

    faeden = [threading.Thread(target=laufen, args=(i, a)) for i, a in enumerate(aufgaben)]
    for faden in faeden:
        faden.start()
    for faden in faeden:
        faden.join(timeout=60)
    return ergebnisse


def test_two_reviewers_at_once_one_wins(personen):
    lage = lage_anlegen()
    zweite = buero_person("zweite_pruefer")
    e = einschaetzung(
        lage.runde, lage.hf_1, lage.autorin, pruefstatus=EinschaetzungStatus.EINGEREICHT
    )
    ergebnisse = _gleichzeitig(
        lambda: dienst.freigeben(e, lage.pruefer),
        lambda: dienst.zurueckgeben(e, zweite, "nein"),
    )
    assert ergebnisse.count("ok") == 1
    assert any("wartet nicht auf Prüfung" in x for x in ergebnisse if x != "ok")
    e.refresh_from_db()
    assert e.history.exclude(pruefstatus=EinschaetzungStatus.EINGEREICHT).count() == 1


def test_an_approval_never_lands_after_the_round_closed(personen):
    lage = lage_anlegen()
    e = einschaetzung(
        lage.runde, lage.hf_1, lage.autorin, pruefstatus=EinschaetzungStatus.EINGEREICHT
    )
    ergebnisse = _gleichzeitig(
        lambda: berichtsrunden.schliessen(lage.runde),
        lambda: dienst.freigeben(e, lage.pruefer),
    )
    assert ergebnisse[0] == "ok"
    lage.runde.refresh_from_db()
    assert lage.runde.status == RundenStatus.GESCHLOSSEN
    e.refresh_from_db()
    freigabe = e.history.filter(pruefstatus=EinschaetzungStatus.FREIGEGEBEN).first()
    if ergebnisse[1] == "ok":
        assert freigabe.history_date <= lage.runde.geschlossen_am
    else:
        assert "festgehalten" in ergebnisse[1]
        assert freigabe is None
    assert Einschaetzung.objects.count() == 1
