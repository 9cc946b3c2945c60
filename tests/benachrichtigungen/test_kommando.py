"""The scheduled run: a management command for a cron job or systemd timer."""

import pytest
from django.core.management import CommandError, call_command

from benachrichtigungen.models import Schritt
from tests.benachrichtigungen.conftest import tag


def test_reports_what_it_did_and_is_idempotent(lage, laufen, capsys):
    laufen(tag(1))
    ausgabe = capsys.readouterr().out
    assert (
        "01.08.2026: 4 Anfragen mit fälligem Schritt, 3 Erinnerungen, 1 Tagesübersichten" in ausgabe
    )
    laufen(tag(1))
    assert "0 Anfragen mit fälligem Schritt, 0 Erinnerungen, 0 Tagesübersichten" in (
        capsys.readouterr().out
    )
    assert Schritt.objects.count() == 12  # 4 Anfragen × (−7, −3, +1)


def test_a_bad_date_is_a_clear_error(db):
    with pytest.raises(CommandError, match="JJJJ-MM-TT"):
        call_command("benachrichtigungen_senden", "--datum", "31.07.2026")


def test_admin_lists_the_steps_read_only(client, lage, laufen, personen):
    laufen(tag(7))
    client.force_login(personen.buero)
    antwort = client.get("/admin/benachrichtigungen/schritt/")
    assert antwort.status_code == 200
    assert "kora@example.org" in antwort.text and "Amt A" in antwort.text
    schritt = Schritt.objects.first()
    assert client.get(f"/admin/benachrichtigungen/schritt/{schritt.pk}/change/").status_code == 200
    assert client.get("/admin/benachrichtigungen/schritt/add/").status_code == 403
    client.force_login(personen.partner_a)
    assert client.get("/admin/benachrichtigungen/schritt/").status_code == 302
