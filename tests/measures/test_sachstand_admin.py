"""Reviewing Sachstände in the admin: the queue, approve, send back, read-only afterwards."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from measures import sachstaende
from measures.choices import Pruefstatus, RundenStatus, Status
from measures.models import Sachstand
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

LISTE = reverse("admin:measures_sachstand_changelist")


def seite(pk):
    return reverse("admin:measures_sachstand_change", args=[pk])


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def gemeldet(personen, plan):
    """One waiting Sachstand of A on 5.2-1a, one approved of B on 5.2-1b."""
    wartet = b.sachstand(
        plan.a, personen.akteur_a, personen.partner_a, fortschritt=60, text="Läuft gut."
    )
    fertig = b.sachstand(plan.b, personen.akteur_b, personen.partner_b, text="Schon geprüft.")
    sachstaende.freigeben(fertig, personen.buero)
    fertig.refresh_from_db()
    return wartet, fertig


@pytest.mark.parametrize("wer", [None, "partner_a", "partner_b", "buergerschaft"])
def test_only_staff_reach_the_review(client, personen, gemeldet, wer):
    if wer:
        client.force_login(getattr(personen, wer))
    wartet, _ = gemeldet
    for url in (LISTE, seite(wartet.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    client.post(seite(wartet.pk), {"pruefkommentar": "", "_freigeben": "1"})
    wartet.refresh_from_db()
    assert wartet.pruefstatus == Pruefstatus.EINGEREICHT


def test_list_opens_on_what_waits(client, personen, gemeldet):
    wartet, fertig = gemeldet
    client.force_login(personen.buero)
    response = client.get(LISTE)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wartet]
    alle = client.get(LISTE + "?pruefung=alle")
    assert set(alle.context["cl"].result_list) == {wartet, fertig}


def test_approve_with_the_button(client, personen, plan, gemeldet):
    wartet, _ = gemeldet
    client.force_login(personen.buero)
    form = client.get(seite(wartet.pk)).content.decode()
    assert 'name="_freigeben"' in form and 'name="_zurueckgeben"' in form
    response = client.post(seite(wartet.pk), {"pruefkommentar": "Danke!", "_freigeben": "1"})
    assert response.status_code == 302
    wartet.refresh_from_db()
    plan.a.refresh_from_db()
    assert (wartet.pruefstatus, wartet.geprueft_von, wartet.pruefkommentar) == (
        Pruefstatus.FREIGEGEBEN,
        personen.buero,
        "Danke!",
    )
    assert (plan.a.status, plan.a.fortschritt) == (Status.IN_UMSETZUNG, 60)


def test_send_back_needs_a_comment(client, personen, gemeldet):
    wartet, _ = gemeldet
    client.force_login(personen.buero)
    response = client.post(seite(wartet.pk), {"pruefkommentar": "", "_zurueckgeben": "1"})
    assert response.status_code == 200
    assert "pruefkommentar" in response.context["adminform"].form.errors
    wartet.refresh_from_db()
    assert wartet.pruefstatus == Pruefstatus.EINGEREICHT
    client.post(seite(wartet.pk), {"pruefkommentar": "Bitte Zahlen.", "_zurueckgeben": "1"})
    wartet.refresh_from_db()
    assert (wartet.pruefstatus, wartet.pruefkommentar) == (
        Pruefstatus.ZURUECKGEGEBEN,
        "Bitte Zahlen.",
    )


def test_reviewed_sachstand_is_read_only_in_the_admin(client, personen, gemeldet):
    _, fertig = gemeldet
    client.force_login(personen.buero)
    response = client.get(seite(fertig.pk))
    assert response.status_code == 200
    inhalt = response.content.decode()
    assert 'name="_freigeben"' not in inhalt
    assert 'name="pruefkommentar"' not in inhalt
    # A stale page's POST is refused with a message saying why (not a bare 403).
    response = client.post(
        seite(fertig.pk), {"pruefkommentar": "x", "_zurueckgeben": "1"}, follow=True
    )
    assert any("bereits geprüft" in str(m) for m in response.context["messages"])
    fertig.refresh_from_db()
    assert fertig.pruefstatus == Pruefstatus.FREIGEGEBEN


def test_nothing_is_added_or_deleted_in_the_admin(client, personen, gemeldet):
    wartet, _ = gemeldet
    client.force_login(personen.buero)
    assert client.get(reverse("admin:measures_sachstand_add")).status_code == 403
    assert (
        client.get(reverse("admin:measures_sachstand_delete", args=[wartet.pk])).status_code == 403
    )
    assert Sachstand.objects.count() == 2


def test_sachstand_of_a_closed_round_is_read_only(client, personen, plan):
    runde = b.berichtsrunde(status=RundenStatus.GESCHLOSSEN)
    spaet = b.sachstand(plan.a, personen.akteur_a, personen.partner_a, berichtsrunde=runde)
    client.force_login(personen.buero)
    assert 'name="_freigeben"' not in client.get(seite(spaet.pk)).content.decode()


def test_approve_action_skips_what_is_reviewed(client, personen, plan, gemeldet):
    wartet, fertig = gemeldet
    zweiter = b.sachstand(plan.d, personen.akteur_a, personen.kollegin_a)
    client.force_login(personen.buero)
    response = client.post(
        LISTE + "?pruefung=alle",
        {"action": "freigeben_aktion", ACTION_CHECKBOX_NAME: [wartet.pk, fertig.pk, zweiter.pk]},
        follow=True,
    )
    meldungen = [str(m) for m in response.context["messages"]]
    assert any("2 Sachstände freigegeben" in m for m in meldungen)
    assert any("1 Sachstand übersprungen" in m for m in meldungen)
    assert set(Sachstand.objects.values_list("pruefstatus", flat=True)) == {Pruefstatus.FREIGEGEBEN}


def test_send_back_action_asks_for_the_comment_first(client, personen, plan, gemeldet):
    wartet, _ = gemeldet
    client.force_login(personen.buero)
    daten = {"action": "zurueckgeben_aktion", ACTION_CHECKBOX_NAME: [wartet.pk]}
    zwischenseite = client.post(LISTE, daten)
    assert zwischenseite.status_code == 200
    assert 'name="pruefkommentar"' in zwischenseite.content.decode()
    wartet.refresh_from_db()
    assert wartet.pruefstatus == Pruefstatus.EINGEREICHT
    client.post(LISTE, {**daten, "bestaetigt": "ja", "pruefkommentar": "Bitte ergänzen."})
    wartet.refresh_from_db()
    assert (wartet.pruefstatus, wartet.pruefkommentar) == (
        Pruefstatus.ZURUECKGEGEBEN,
        "Bitte ergänzen.",
    )


def test_send_back_of_already_reviewed_ones_says_so_and_offers_no_form(client, personen, gemeldet):
    wartet, fertig = gemeldet
    client.force_login(personen.buero)
    nur_fertig = client.post(
        LISTE, {"action": "zurueckgeben_aktion", ACTION_CHECKBOX_NAME: [fertig.pk]}
    ).content.decode()
    assert "Keiner der ausgewählten Sachstände wartet auf Prüfung." in nur_fertig
    assert 'name="pruefkommentar"' not in nur_fertig
    beide = client.post(
        LISTE, {"action": "zurueckgeben_aktion", ACTION_CHECKBOX_NAME: [wartet.pk, fertig.pk]}
    ).content.decode()
    assert "1 ausgewählter Sachstand ist schon geprüft" in beide
    assert 'name="pruefkommentar"' in beide


def test_history_is_readable_but_offers_no_revert(client, personen, gemeldet):
    wartet, _ = gemeldet
    client.force_login(personen.buero)
    historie = reverse("admin:measures_sachstand_history", args=[wartet.pk])
    assert client.get(historie).status_code == 200
    version = wartet.history.earliest().history_id
    alt = reverse("admin:measures_sachstand_simple_history", args=[wartet.pk, version])
    assert client.post(alt, {"pruefkommentar": "x", "_freigeben": "1"}).status_code == 403
    wartet.refresh_from_db()
    assert wartet.pruefstatus == Pruefstatus.EINGEREICHT
