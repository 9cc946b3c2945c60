"""The Büro sees every mail and every task in the admin; failed ones are warned about and
can be sent again. Partners and council members never reach it."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail as django_mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from measures.roles import BUERGERSCHAFT, BUERO, NETZWERKPARTNER
from versand.mail import einreihen
from versand.models import Mail, MailStatus

pytestmark = pytest.mark.django_db

LISTE = reverse("admin:versand_mail_changelist")
AUFGABEN = reverse("admin:django_tasks_database_dbtaskresult_changelist")


def _mails():
    gesendet = Mail.objects.create(
        empfaenger="nora@example.org",
        betreff="Einladung",
        text="…",
        anlass="einladung",
        status=MailStatus.VERSENDET,
        versuche=1,
    )
    kaputt = Mail.objects.create(
        empfaenger="ali@example.org",
        betreff="Berichtsrunde geöffnet",
        text="Bitte melden.",
        anlass="runde_geoeffnet",
        status=MailStatus.FEHLGESCHLAGEN,
        versuche=5,
        letzter_fehler="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    return gesendet, kaputt


@pytest.mark.parametrize("wer", ["partner_a", "kollegin_a", "partner_b", "buergerschaft", None])
@pytest.mark.parametrize("url", [LISTE, AUFGABEN])
def test_only_the_buero_reaches_the_mail_log_and_the_tasks(client, personen, wer, url):
    _mails()
    if wer:
        client.force_login(getattr(personen, wer))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_groups_have_their_rights():
    def rechte(name):
        return set(
            Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        )

    assert {
        ("versand", "view_mail"),
        ("versand", "change_mail"),
        ("django_tasks_database", "view_dbtaskresult"),
    } <= rechte(BUERO)
    assert ("versand", "delete_mail") not in rechte(BUERO)
    for andere in (NETZWERKPARTNER, BUERGERSCHAFT):
        assert not {r for r in rechte(andere) if r[0] in ("versand", "django_tasks_database")}


def test_buero_reads_the_log_filtered_and_searched(client, personen):
    gesendet, kaputt = _mails()
    client.force_login(personen.buero)
    inhalt = client.get(LISTE).content.decode()
    assert "nora@example.org" in inhalt and "ali@example.org" in inhalt
    gefiltert = client.get(LISTE, {"status__exact": "fehlgeschlagen"})
    assert list(gefiltert.context["cl"].result_list) == [kaputt]
    gesucht = client.get(LISTE, {"q": "Einladung"})
    assert list(gesucht.context["cl"].result_list) == [gesendet]
    nach_anlass = client.get(LISTE, {"anlass__exact": "einladung"})
    assert list(nach_anlass.context["cl"].result_list) == [gesendet]

    detail = client.get(reverse("admin:versand_mail_change", args=[kaputt.pk]))
    assert detail.status_code == 200
    assert "Connection refused" in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()  # read-only
    assert client.get(reverse("admin:versand_mail_add")).status_code == 403
    assert client.get(reverse("admin:versand_mail_delete", args=[kaputt.pk])).status_code == 403


def test_buero_sends_a_failed_mail_again(client, personen, django_capture_on_commit_callbacks):
    gesendet, kaputt = _mails()
    client.force_login(personen.buero)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LISTE,
            {"action": "erneut_senden", "_selected_action": [gesendet.pk, kaputt.pk]},
            follow=True,
        )
    assert "1 E-Mail wird erneut gesendet." in response.content.decode()
    kaputt.refresh_from_db()
    assert (kaputt.status, kaputt.versuche) == (MailStatus.VERSENDET, 6)
    assert [m.to for m in django_mail.outbox] == [["ali@example.org"]]  # not the sent one again


def test_staff_with_view_only_cannot_send_again(client, django_user_model):
    from django.contrib.auth.models import Permission

    leser = django_user_model.objects.create_user("leser", password="x", is_staff=True)
    leser.user_permissions.add(Permission.objects.get(codename="view_mail"))
    client.force_login(leser)
    _gesendet, kaputt = _mails()
    response = client.get(LISTE)
    assert response.status_code == 200
    assert "erneut_senden" not in response.content.decode()
    client.post(LISTE, {"action": "erneut_senden", "_selected_action": [kaputt.pk]})
    kaputt.refresh_from_db()
    assert kaputt.status == MailStatus.FEHLGESCHLAGEN


def test_start_page_warns_of_undelivered_mails(client, personen):
    client.force_login(personen.buero)
    assert "zugestellt" not in client.get(reverse("admin:index")).content.decode()
    _mails()
    Mail.objects.create(
        empfaenger="x@example.org",
        betreff="x",
        text="x",
        anlass="x",
        status=MailStatus.FEHLGESCHLAGEN,
    )
    inhalt = client.get(reverse("admin:index")).content.decode()
    assert "2 E-Mails konnten nicht zugestellt werden" in inhalt
    assert f'href="{LISTE}?status__exact=fehlgeschlagen"' in inhalt


def test_task_results_appear_on_our_admin_site(
    client, personen, django_capture_on_commit_callbacks
):
    client.force_login(personen.buero)
    index = client.get(reverse("admin:index")).content.decode()
    assert f'href="{AUFGABEN}"' in index
    assert f'href="{LISTE}"' in index
    response = client.get(AUFGABEN)
    assert response.status_code == 200


@pytest.mark.echte_aufgaben
def test_buero_reads_a_queued_task(client, personen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        einreihen("nora@example.org", "Hallo", "Text", anlass="test")
    ergebnis = DBTaskResult.objects.get()
    client.force_login(personen.buero)
    inhalt = client.get(AUFGABEN).content.decode()
    assert str(ergebnis.pk) in inhalt
    assert (
        client.get(
            reverse("admin:django_tasks_database_dbtaskresult_change", args=[ergebnis.pk])
        ).status_code
        == 200
    )
