"""End to end: a mail enqueued by ``einreihen`` is sent by a real ``manage.py db_worker``
process over SMTP and arrives in the sink (SQLite: the test database is a file then)."""

import pytest
from django_tasks_db.models import DBTaskResult

from versand.mail import einreihen
from versand.models import Mail, MailStatus

pytestmark = pytest.mark.echte_aufgaben


def test_a_real_worker_process_delivers_the_mail(db_worker_prozess, smtp):
    einreihen(
        ["nora@example.org", "Nora@Example.org", "ali@example.org"],
        "Berichtsrunde 2026 geöffnet",
        "Guten Tag,\nbitte melden Sie den Sachstand.\n.\nEine Zeile mit Punkt.",
        anlass="test",
        antwort_an="buero@example.org",
    )  # autocommit: enqueued at once
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    assert smtp.nachrichten == []  # nothing is sent before a worker runs

    prozess = db_worker_prozess()
    assert prozess.returncode == 0, prozess.stderr

    nachrichten = sorted(smtp.warten_auf(2), key=lambda n: n["To"])
    assert [n["To"] for n in nachrichten] == ["ali@example.org", "nora@example.org"]
    assert nachrichten[0]["Subject"] == "Berichtsrunde 2026 geöffnet"
    assert nachrichten[0]["Reply-To"] == "buero@example.org"
    assert "bitte melden Sie den Sachstand.\n.\nEine Zeile" in nachrichten[0].get_content()
    assert set(Mail.objects.values_list("status", flat=True)) == {MailStatus.VERSENDET}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
