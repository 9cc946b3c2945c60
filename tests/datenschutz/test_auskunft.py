"""Art. 15: a person downloads what the portal holds about them, and only that."""

import json

import pytest
from axes.models import AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from measures import sachstaende
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

pytestmark = pytest.mark.django_db

SEITE = "/konto/meine-daten/"
DOWNLOAD = "/konto/meine-daten.json"


@pytest.fixture
def daten(personen):
    plan = plan_anlegen(personen)
    eigener = b.sachstand(plan.a, personen.akteur_a, personen.partner_a, text="Meiner, von A.")
    sachstaende.freigeben(eigener, personen.buero)
    b.sachstand(plan.a, personen.akteur_a, personen.kollegin_a, text="Der Kollegin.")
    b.sachstand(plan.b, personen.akteur_b, personen.partner_b, text="Geheimes von B.")
    AccessLog.objects.create(username="partner_a", ip_address="10.0.0.1", user_agent="Firefox")
    AccessLog.objects.create(username="partner_b", ip_address="10.0.0.2", user_agent="Chrome")
    LogEntry.objects.create(
        user=personen.buero,
        content_type=ContentType.objects.get_for_model(personen.partner_a),
        object_id=str(personen.partner_a.pk),
        object_repr="partner_a",
        action_flag=CHANGE,
    )
    return plan


def _herunterladen(client, user):
    client.force_login(user)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="meine-daten-')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_partner_a_gets_their_account_akteure_sachstaende_and_logins(client, personen, daten):
    auszug = _herunterladen(client, personen.partner_a)
    assert auszug["konto"]["benutzername"] == "partner_a"
    assert auszug["konto"]["email"] == "partner_a@example.org"
    assert [a["name"] for a in auszug["akteure"]] == ["Amt A"]
    assert [s["text"] for s in auszug["sachstaende"]] == ["Meiner, von A."]
    # The record made above, and the one of this test's own login.
    assert ("anmeldung", "10.0.0.1") in [(a["art"], a["ip_adresse"]) for a in auszug["anmeldungen"]]


def test_partner_a_gets_nothing_of_partner_b_or_the_colleague(client, personen, daten):
    inhalt = json.dumps(_herunterladen(client, personen.partner_a), ensure_ascii=False)
    for fremdes in ("partner_b", "Geheimes von B.", "10.0.0.2", "Der Kollegin.", "kollegin_a"):
        assert fremdes not in inhalt
    # Another person's id in the address changes nothing: the download is always one's own.
    client.force_login(personen.partner_a)
    anders = json.loads(client.get(f"{DOWNLOAD}?user={personen.partner_b.pk}").content)
    assert anders["konto"]["benutzername"] == "partner_a"


def test_the_buero_sees_its_reviews_and_admin_actions(client, personen, daten):
    auszug = _herunterladen(client, personen.buero)
    assert [s["rolle"] for s in auszug["sachstaende"]] == ["geprüft"]
    assert [e["objekt"] for e in auszug["verwaltungsprotokoll"]] == ["partner_a"]
    assert any("freigegeben" in (e["grund"] or "") for e in auszug["aenderungen"])


def test_the_page_under_konto_summarises_and_links_the_download(client, personen, daten):
    client.force_login(personen.partner_a)
    inhalt = client.get(SEITE).content.decode()
    assert DOWNLOAD in inhalt
    assert "Amt A" in inhalt


@pytest.mark.parametrize("url", [SEITE, DOWNLOAD])
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_an_api_key_is_named_but_never_given_out(client, personen, daten):
    from konten.tokens import token_erstellen

    _, geheimnis = token_erstellen(personen.partner_a, "Fachverfahren")
    token_erstellen(personen.partner_b)
    auszug = _herunterladen(client, personen.partner_a)
    assert [t["bezeichnung"] for t in auszug["api_schluessel"]] == ["Fachverfahren"]
    assert geheimnis not in json.dumps(auszug)
