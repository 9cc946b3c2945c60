"""Akteure in the admin: counts of Zuständigkeiten, member accounts, and merging a duplicate."""

from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from measures import merging
from measures.choices import Ampel, Seite, Status
from measures.models import Akteur, Sachstand, Zustaendigkeit
from tests import builders as b

pytestmark = pytest.mark.django_db

LISTE = reverse("admin:measures_akteur_changelist")


@pytest.fixture
def dublette(personen):
    """ "Amt A" typed a second time, responsible for three measures; one overlaps with Amt A."""
    a = personen.akteur_a
    k = b.konzept()
    hf = b.handlungsfeld(b.kapitel(k), "5.2")
    tz = b.teilziel(hf, 1)
    gemeinsam = b.massnahme(tz, "a")
    nur_dublette = b.massnahme(tz, "b")
    nur_dublette_2 = b.massnahme(tz, "c")
    zweites_a = b.akteur("Amt A (doppelt)", slug="amt-a-doppelt", kurzname="AA")
    b.zustaendigkeit(gemeinsam, a, federfuehrend=False, hinweis="Kitas")
    b.zustaendigkeit(gemeinsam, zweites_a, federfuehrend=True, hinweis="Schulen")
    b.zustaendigkeit(nur_dublette, zweites_a, federfuehrend=True)
    b.zustaendigkeit(nur_dublette_2, zweites_a, seite=Seite.EXTERN)
    zweites_a.mitglieder.add(personen.partner_b)
    Sachstand.objects.create(
        massnahme=nur_dublette,
        akteur=zweites_a,
        datum=date(2026, 6, 30),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=30,
        text="Läuft.",
        eingereicht_von=personen.partner_b,
    )
    return {
        "akteur": zweites_a,
        "gemeinsam": gemeinsam,
        "nur_dublette": [nur_dublette, nur_dublette_2],
    }


def test_list_counts_zustaendigkeiten_and_accounts(client, personen, dublette):
    client.force_login(personen.buero)
    response = client.get(LISTE)
    assert response.status_code == 200
    zeilen = {a.name: a for a in response.context["cl"].result_list}
    doppelt = zeilen["Amt A (doppelt)"]
    assert (doppelt.federfuehrend_anzahl, doppelt.weitere_anzahl, doppelt.mitglieder_anzahl) == (
        2,
        1,
        1,
    )
    amt_a = zeilen["Amt A"]
    assert (amt_a.federfuehrend_anzahl, amt_a.weitere_anzahl, amt_a.mitglieder_anzahl) == (0, 1, 2)


def test_change_page_shows_member_accounts(client, personen):
    client.force_login(personen.buero)
    response = client.get(reverse("admin:measures_akteur_change", args=[personen.akteur_a.pk]))
    assert response.status_code == 200
    inhalt = response.content.decode()
    assert "partner_a" in inhalt and "kollegin_a" in inhalt


def _zusammenfuehren(client, akteure, ziel=None):
    daten = {"action": "zusammenfuehren", "_selected_action": [a.pk for a in akteure], "index": "0"}
    if ziel is not None:
        daten.update(bestaetigt="ja", ziel=ziel.pk)
    return client.post(LISTE, daten)


def test_merge_moves_every_zustaendigkeit_and_removes_the_duplicate(client, personen, dublette):
    a, zweites_a = personen.akteur_a, dublette["akteur"]
    client.force_login(personen.buero)
    vorher = Zustaendigkeit.objects.count()

    bestaetigung = _zusammenfuehren(client, [a, zweites_a])
    assert bestaetigung.status_code == 200
    assert "Welcher Akteur bleibt bestehen?" in bestaetigung.content.decode()
    assert Akteur.objects.filter(pk=zweites_a.pk).exists()  # nothing happens before confirming

    response = _zusammenfuehren(client, [a, zweites_a], ziel=a)
    assert response.status_code == 302

    assert not Akteur.objects.filter(pk=zweites_a.pk).exists()
    assert not Zustaendigkeit.objects.filter(akteur_id=zweites_a.pk).exists()
    # Two moved, the overlapping one merged into A's (federführend wins, both notes kept).
    assert Zustaendigkeit.objects.count() == vorher - 1
    for m in dublette["nur_dublette"]:
        assert m.zustaendigkeiten.get().akteur == a
    gemeinsam = dublette["gemeinsam"].zustaendigkeiten.get()
    assert (gemeinsam.akteur, gemeinsam.federfuehrend, gemeinsam.hinweis) == (
        a,
        True,
        "Kitas; Schulen",
    )
    assert Sachstand.objects.get().akteur == a
    assert set(a.mitglieder.values_list("username", flat=True)) == {
        "partner_a",
        "kollegin_a",
        "partner_b",
    }
    # The merge is recorded: in history with a reason, and in the admin log.
    geloescht = Akteur.history.filter(id=zweites_a.pk, history_type="-").get()
    assert "Amt A (doppelt)" in geloescht.history_change_reason
    assert geloescht.history_user == personen.buero
    verschoben = Zustaendigkeit.history.filter(
        massnahme_id=dublette["nur_dublette"][0].pk, history_type="~"
    ).get()
    assert "Zusammenführung" in verschoben.history_change_reason
    log = LogEntry.objects.get(object_id=str(a.pk))
    assert "zusammengeführt" in log.change_message


def test_merge_moves_other_relations_too(personen, dublette):
    indikator = b.indikator("I-1", verantwortlich=dublette["akteur"])
    zaehler = merging.zusammenfuehren(personen.akteur_a, dublette["akteur"])
    indikator.refresh_from_db()
    assert indikator.verantwortlich == personen.akteur_a
    assert zaehler["weitere"] == 2  # the Sachstand and the Indikator


def test_merge_needs_exactly_two_akteure(client, personen, dublette):
    client.force_login(personen.buero)
    _zusammenfuehren(client, [personen.akteur_a], ziel=personen.akteur_a)
    _zusammenfuehren(
        client, [personen.akteur_a, personen.akteur_b, dublette["akteur"]], ziel=personen.akteur_a
    )
    assert Akteur.objects.count() == 3


def test_merge_service_refuses_merging_an_akteur_into_itself(personen):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        merging.zusammenfuehren(personen.akteur_a, personen.akteur_a)
    assert Akteur.objects.filter(pk=personen.akteur_a.pk).exists()
