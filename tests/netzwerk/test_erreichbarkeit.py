"""Reachability before mail: the question before opening a Berichtsrunde lists the Akteure nobody
can be reached at (with their Anfragen), offers to invite the contacts without account, and the
Rücklauf page says per Akteur whether anyone is reachable."""

import pytest
from django.core import mail
from django.urls import reverse

from measures import berichtsrunden
from measures.choices import Seite
from measures.models import Ansprechperson
from netzwerk.models import Einladung
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

pytestmark = pytest.mark.django_db


@pytest.fixture
def lage(personen):
    """Plan: A (2 accounts), B (1 account); C only a contact without account; D nobody."""
    plan = plan_anlegen(personen)
    verein_c = b.akteur("Verein C", seite=Seite.EXTERN)
    verein_d = b.akteur("Verein D", seite=Seite.EXTERN)
    b.zustaendigkeit(plan.b, verein_c)
    b.zustaendigkeit(plan.a, verein_d)
    b.zustaendigkeit(plan.b, verein_d)
    Ansprechperson.objects.create(akteur=verein_c, name="Carla", email="carla@example.org")
    Ansprechperson.objects.create(akteur=verein_d, name="Ohne Adresse")
    Ansprechperson.objects.create(akteur=verein_d, name="Weg", email="w@example.org", aktiv=False)
    return verein_c, verein_d


def test_vorschau_counts_unreachable_akteure_and_their_anfragen(lage):
    verein_c, verein_d = lage
    v = berichtsrunden.vorschau_oeffnen(b.berichtsrunde())
    assert [a.name for a in v.unerreichbar] == ["Verein D"]
    assert v.anfragen_unerreichbar == 2
    assert [(a.name, a.einzuladen) for a in v.nur_ohne_konto] == [("Verein C", 1)]
    # partner_a, kollegin_a, partner_b and Carla (by link).
    assert v.adressen == 4


def test_vorschau_lists_every_contact_without_account_even_where_the_akteur_has_one(personen, lage):
    """Whoever is reached only by personal link is named, also in an Akteur with accounts."""
    Ansprechperson.objects.create(
        akteur=personen.akteur_a, name="Ohne Konto A", email="o@example.org"
    )
    Ansprechperson.objects.create(
        akteur=personen.akteur_a, name="Weg A", email="x@example.org", aktiv=False
    )
    v = berichtsrunden.vorschau_oeffnen(b.berichtsrunde())
    assert [(p.akteur.name, p.name) for p in v.ohne_konto] == [
        ("Amt A", "Ohne Konto A"),
        ("Verein C", "Carla"),
    ]


def test_the_question_names_the_contacts_reached_only_by_personal_link(client, personen, lage):
    Ansprechperson.objects.create(
        akteur=personen.akteur_a, name="Ohne Konto A", email="o@example.org"
    )
    client.force_login(personen.buero)
    runde = b.berichtsrunde()
    inhalt = client.get(reverse("admin:measures_berichtsrunde_oeffnen", args=[runde.pk])).content
    inhalt = inhalt.decode()
    assert (
        "Die Runde erreicht 2 Ansprechpersonen ohne Konto nur über einen persönlichen Link"
        in inhalt
    )
    assert "Ohne Konto A (Amt A)" in inhalt and "Carla (Verein C)" in inhalt


def test_the_question_lists_them_and_invites_with_one_button(
    client, personen, lage, django_capture_on_commit_callbacks
):
    verein_c, verein_d = lage
    runde = b.berichtsrunde()
    client.force_login(personen.buero)
    frage = reverse("admin:measures_berichtsrunde_oeffnen", args=[runde.pk])
    inhalt = client.get(frage).content.decode()
    assert "1 Akteur mit 2 Anfrage(n) hat keine erreichbare Ansprechperson" in inhalt
    assert (
        "Verein D" in inhalt
        and reverse("admin:measures_akteur_change", args=[verein_d.pk]) in inhalt
    )
    assert "nur über Ansprechpersonen ohne Konto" in inhalt and "Verein C" in inhalt
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            reverse("admin:measures_akteur_changelist"),
            {"action": "ohne_konto_einladen", "_selected_action": [verein_c.pk], "weiter": frage},
        )
    assert antwort.status_code == 302 and antwort["Location"] == frage
    assert [m.to for m in mail.outbox] == [["carla@example.org"]]
    assert Einladung.objects.get().ansprechperson.name == "Carla"
    runde.refresh_from_db()
    assert runde.status == "geplant"  # inviting opened nothing


def test_weiter_goes_only_to_local_addresses(client, personen, lage):
    verein_c, _d = lage
    client.force_login(personen.buero)
    antwort = client.post(
        reverse("admin:measures_akteur_changelist"),
        {
            "action": "ohne_konto_einladen",
            "_selected_action": [verein_c.pk],
            "weiter": "https://boese.example.com/",
        },
    )
    assert antwort.status_code == 302 and "boese" not in antwort["Location"]


def test_ruecklauf_has_a_column_erreichbar(client, personen, lage):
    _c, verein_d = lage
    runde = b.berichtsrunde()
    berichtsrunden.oeffnen(runde, mails=False)
    client.force_login(personen.buero)
    seite = client.get(reverse("admin:measures_berichtsrunde_ruecklauf", args=[runde.pk]))
    assert seite.context["erreichbare_akteure"] == {
        personen.akteur_a.pk,
        personen.akteur_b.pk,
        _c.pk,
    }
    assert "nein – Ansprechperson eintragen" in seite.content.decode()
