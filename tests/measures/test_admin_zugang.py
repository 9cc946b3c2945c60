"""Who reaches the admin (only the Büro's staff), the roles as groups, and the start page."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from measures.choices import Status
from measures.roles import (
    BUERGERSCHAFT,
    BUERO,
    BUERO_WEITERE_RECHTE,
    NETZWERKPARTNER,
    rollen_einrichten,
)
from tests.measures.admin_daten import plan_anlegen

pytestmark = pytest.mark.django_db

SEITEN = [
    reverse("admin:index"),
    reverse("admin:measures_massnahme_changelist"),
    reverse("admin:measures_akteur_changelist"),
    reverse("admin:concept_handlungsfeld_changelist"),
    reverse("admin:measures_massnahme_export"),
    reverse("admin:measures_massnahme_import"),
]


@pytest.mark.parametrize("wer", ["partner_a", "partner_b", "buergerschaft", None])
@pytest.mark.parametrize("url", SEITEN)
def test_non_staff_get_no_admin_page(client, personen, wer, url):
    if wer:
        client.force_login(getattr(personen, wer))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", SEITEN)
def test_buero_staff_reach_every_admin_page(client, personen, url):
    client.force_login(personen.buero)
    assert client.get(url).status_code == 200


def test_admin_is_titled_for_the_buero(client, personen):
    client.force_login(personen.buero)
    inhalt = client.get(reverse("admin:index")).content.decode()
    assert "Integrationsportal – Büro für Integration" in inhalt
    assert '<html lang="de"' in inhalt


def test_roles_exist_with_their_permissions():
    buero = Group.objects.get(name=BUERO)
    rechte = set(buero.permissions.values_list("content_type__app_label", "codename"))
    for modell in ("massnahme", "akteur", "zustaendigkeit", "teilziel", "leitziel", "sachstand"):
        for art in ("add", "change", "delete", "view"):
            assert (
                "measures" if modell not in ("teilziel", "leitziel") else "concept",
                f"{art}_{modell}",
            ) in rechte
    assert ("monitoring", "change_indikator") in rechte
    assert ("auth", "change_user") in rechte
    assert set(
        Group.objects.get(name=NETZWERKPARTNER).permissions.values_list("codename", flat=True)
    ) == {"add_sachstand", "view_sachstand"}
    assert not Group.objects.get(name=BUERGERSCHAFT).permissions.exists()


def test_roles_setup_can_run_again_without_duplicates():
    anzahl = Group.objects.get(name=BUERO).permissions.count()
    rollen_einrichten()
    rollen_einrichten()
    assert Group.objects.filter(name__in=[BUERO, NETZWERKPARTNER, BUERGERSCHAFT]).count() == 3
    assert Group.objects.get(name=BUERO).permissions.count() == anzahl


@pytest.mark.django_db(transaction=True)
def test_a_fresh_database_gives_the_buero_its_single_rights_of_later_apps():
    """flush replays post_migrate as on a fresh database: berichte's rights (its permissions
    are made after the Büro's apps) reach the group too, not only after a second migrate."""
    call_command("flush", interactive=False, verbosity=0)
    rechte = set(
        Group.objects.get(name=BUERO).permissions.values_list("content_type__app_label", "codename")
    )
    assert set(BUERO_WEITERE_RECHTE) <= rechte


def test_staff_without_the_buero_group_see_no_models(client, django_user_model):
    nur_staff = django_user_model.objects.create_user("nur_staff", password="x", is_staff=True)
    client.force_login(nur_staff)
    assert client.get(reverse("admin:measures_massnahme_changelist")).status_code == 403


def test_start_page_shows_the_state_at_a_glance(client, personen):
    plan = plan_anlegen(personen)
    plan.m3.status = Status.IN_PLANUNG
    plan.m3._change_reason = "Abstimmung mit dem Schulamt"
    plan.m3.save()
    client.force_login(personen.buero)
    response = client.get(reverse("admin:index"))
    d = response.context["dashboard"]
    assert d["gesamt"] == 4
    nach_status = {z["wert"]: z["anzahl"] for z in d["nach_status"]}
    assert nach_status[Status.UMGESETZT] == 1
    assert nach_status[Status.IN_PLANUNG] == 1
    assert sum(nach_status.values()) == 4
    assert {z["wert"]: z["anzahl"] for z in d["nach_ampel"]}["kritisch"] == 1
    assert d["ueberfaellig"]["anzahl"] == 1
    assert [m.referenz for m in d["ueberfaellig"]["massnahmen"]] == ["4.1.2 / 1 b"]
    assert d["ohne_federfuehrung"]["anzahl"] == 1
    # m3 was just saved, so nothing is stale any more.
    assert d["unveraendert"]["anzahl"] == 0
    neueste = d["letzte_aenderungen"][0]
    assert neueste["objekt"] == "5.2 / 1 a"
    assert neueste["grund"] == "Abstimmung mit dem Schulamt"
    assert [(a["alt"], a["neu"]) for a in neueste["aenderungen"]] == [
        ("nicht begonnen", "in Planung")
    ]
    inhalt = response.content.decode()
    assert "Maßnahmen nach Status" in inhalt
    assert "?ueberfaellig=ja" in inhalt


def test_start_page_query_count_does_not_grow(client, personen, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import builders as b

    client.force_login(personen.buero)
    akteure = [personen.akteur_a, personen.akteur_b]
    b.plan_mit_massnahmen(9, akteure)
    with CaptureQueriesContext(connection) as klein:
        client.get(reverse("admin:index"))
    b.plan_mit_massnahmen(90, akteure)
    with CaptureQueriesContext(connection) as gross:
        client.get(reverse("admin:index"))
    assert len(gross) == len(klein)


def test_start_page_shows_pending_reviews_and_report_downloads(client, personen):
    from measures.choices import Pruefstatus
    from tests import builders as b

    m = b.massnahme(b.teilziel(b.handlungsfeld(b.kapitel(b.konzept()), "5.2"), 1), "a")
    b.zustaendigkeit(m, personen.akteur_a)
    b.sachstand(m, personen.akteur_a, personen.partner_a)
    b.sachstand(m, personen.akteur_a, personen.partner_a, pruefstatus=Pruefstatus.FREIGEGEBEN)
    client.force_login(personen.buero)
    html = client.get("/admin/").content.decode()
    assert "1 Sachstand wartet auf Prüfung" in html
    from django.urls import reverse

    assert f'href="{reverse("measures:bericht-gesamt")}?intern=1"' in html
