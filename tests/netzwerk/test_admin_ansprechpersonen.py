"""The Büro's admin of Ansprechpersonen (netzwerk/admin.py, measures/admin/akteure.py):
list with Konto/erreichbar, filters, invite, deactivate, and the Akteur list's bulk invite."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from measures.models import Ansprechperson, Sachstand
from measures.permissions import akteure_von
from netzwerk.models import Einladung
from tests import builders as b
from tests.netzwerk.conftest import link_aus_mail

pytestmark = pytest.mark.django_db

LISTE = reverse("admin:measures_ansprechperson_changelist")
AKTEURE = reverse("admin:measures_akteur_changelist")


@pytest.fixture
def buero(client, personen):
    client.force_login(personen.buero)
    return client


def test_list_shows_account_and_reachability(buero, personen, kontakt):
    Ansprechperson.objects.create(akteur=personen.akteur_b, name="Ohne Adresse")
    seite = buero.get(LISTE)
    assert seite.status_code == 200
    zeilen = {p.anzeigename: p for p in seite.context["cl"].result_list}
    assert zeilen["Frieda Neu"].ist_erreichbar and not zeilen["Frieda Neu"].user_id
    assert not zeilen["Ohne Adresse"].ist_erreichbar
    assert zeilen["partner_a"].ist_erreichbar
    nur_unerreichbar = buero.get(LISTE, {"erreichbar": "nein"}).context["cl"].result_list
    assert [p.anzeigename for p in nur_unerreichbar] == ["Ohne Adresse"]
    ohne_konto = buero.get(LISTE, {"konto": "nein"}).context["cl"].result_list
    assert {p.anzeigename for p in ohne_konto} == {"Frieda Neu", "Ohne Adresse"}
    gesucht = buero.get(LISTE, {"q": "frieda"}).context["cl"].result_list
    assert [p.anzeigename for p in gesucht] == ["Frieda Neu"]


def test_akteur_list_column_and_filter_erreichbar(buero, personen):
    stumm = b.akteur("Verein Stumm")
    Ansprechperson.objects.create(akteur=stumm, name="Weg", email="weg@example.org", aktiv=False)
    seite = buero.get(AKTEURE, {"erreichbar": "nein"})
    assert [a.name for a in seite.context["cl"].result_list] == ["Verein Stumm"]
    seite = buero.get(AKTEURE, {"erreichbar": "ja"})
    assert {a.name for a in seite.context["cl"].result_list} == {"Amt A", "Verein B"}


def test_invite_action(buero, kontakt, personen, django_capture_on_commit_callbacks):
    mitglied = Ansprechperson.objects.get(user=personen.partner_a)
    with django_capture_on_commit_callbacks(execute=True):
        seite = buero.post(
            LISTE,
            {"action": "einladen_aktion", "_selected_action": [kontakt.pk, mitglied.pk]},
            follow=True,
        )
    inhalt = seite.content.decode()
    assert "1 Einladung verschickt" in inhalt
    assert "Nicht eingeladen: partner_a (hat bereits ein Benutzerkonto)" in inhalt
    assert [m.to for m in mail.outbox] == [["Frieda.Neu@example.org"]]
    assert Einladung.objects.get().eingeladen_von == personen.buero


def test_deactivate_keeps_sachstaende_and_ends_rights(
    buero, personen, kontakt, django_capture_on_commit_callbacks
):
    tz = b.teilziel(b.handlungsfeld(b.kapitel(b.konzept()), "5.1"), 1)
    m = b.massnahme(tz, "a")
    b.zustaendigkeit(m, personen.akteur_a)
    s = b.sachstand(m, personen.akteur_a, personen.partner_a)
    with django_capture_on_commit_callbacks(execute=True):
        from netzwerk import einladungen

        einladungen.einladen(kontakt)
    pfad = link_aus_mail()
    mitglied = Ansprechperson.objects.get(user=personen.partner_a)
    buero.post(
        LISTE, {"action": "deaktivieren_aktion", "_selected_action": [mitglied.pk, kontakt.pk]}
    )
    assert Sachstand.objects.filter(pk=s.pk).exists()
    assert list(akteure_von(personen.partner_a)) == []
    assert User.objects.get(pk=personen.partner_a.pk).is_active  # the account itself stays
    mitglied.refresh_from_db()
    assert not mitglied.aktiv
    assert mitglied.history.first().history_change_reason == "deaktiviert"
    # The open invitation of the deactivated contact no longer works.
    buero.logout()
    assert buero.get(pfad).status_code == 410


def test_akteur_action_invites_all_without_account(
    buero, personen, kontakt, django_capture_on_commit_callbacks
):
    Ansprechperson.objects.create(akteur=personen.akteur_a, name="Zweite", email="zwei@example.org")
    Ansprechperson.objects.create(akteur=personen.akteur_b, name="In B", email="b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        seite = buero.post(
            AKTEURE,
            {"action": "ohne_konto_einladen", "_selected_action": [personen.akteur_a.pk]},
            follow=True,
        )
    assert "2 Einladungen verschickt" in seite.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["Frieda.Neu@example.org", "zwei@example.org"]


def test_partners_and_council_do_not_reach_the_contacts_admin(client, personen, kontakt):
    for wer in (personen.partner_a, personen.buergerschaft):
        client.force_login(wer)
        assert client.get(LISTE).status_code == 302
        antwort = client.post(
            LISTE, {"action": "einladen_aktion", "_selected_action": [kontakt.pk]}
        )
        assert antwort.status_code == 302
    assert not Einladung.objects.exists()
