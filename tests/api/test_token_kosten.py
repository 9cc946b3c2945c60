"""What an API request with a token costs (issue 16): knox looked at *all* of the user's tokens
on every request to delete expired ones (``_cleanup_token``); konten.tokens does that only when
it records the token's use anyway (at most once a minute), and an expired token is refused and
deleted as before."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from konten.models import ApiToken
from konten.tokens import token_erstellen

pytestmark = pytest.mark.django_db

LISTE = "/api/v1/sachstaende/"


def _lesen(client, geheimnis):
    return client.get(LISTE, HTTP_AUTHORIZATION=f"Token {geheimnis}")


def _abgelaufen(user):
    token, _geheimnis = token_erstellen(user)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    return token


def test_a_request_with_a_recently_used_token_reads_only_its_own_token(client, personen):
    token, geheimnis = token_erstellen(personen.partner_a)
    anderer = _abgelaufen(personen.partner_a)
    assert _lesen(client, geheimnis).status_code == 200  # records the use (and cleans up)
    with CaptureQueriesContext(connection) as abfragen:
        assert _lesen(client, geheimnis).status_code == 200
    token_abfragen = [q["sql"] for q in abfragen.captured_queries if "konten_apitoken" in q["sql"]]
    # The lookup by token key (with its user); no look at the user's other tokens, no write.
    assert len(token_abfragen) == 1, token_abfragen
    assert "token_key" in token_abfragen[0]
    assert not ApiToken.objects.filter(pk=anderer.pk).exists()


def test_the_users_expired_tokens_are_deleted_when_the_use_is_recorded(client, personen):
    token, geheimnis = token_erstellen(personen.partner_a)
    abgelaufen = _abgelaufen(personen.partner_a)
    fremd = _abgelaufen(personen.partner_b)
    assert _lesen(client, geheimnis).status_code == 200
    assert not ApiToken.objects.filter(pk=abgelaufen.pk).exists()
    # Another user's tokens are not this request's business.
    assert ApiToken.objects.filter(pk=fremd.pk).exists()
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_an_expired_token_is_refused_and_deleted(client, personen):
    token, geheimnis = token_erstellen(personen.partner_a)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert _lesen(client, geheimnis).status_code == 401
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_a_token_without_expiry_still_authenticates(client, personen):
    token, geheimnis = token_erstellen(personen.partner_a)
    ApiToken.objects.filter(pk=token.pk).update(expiry=None)
    assert _lesen(client, geheimnis).status_code == 200
    assert _lesen(client, geheimnis).status_code == 200


def test_a_submission_before_the_concepts_adoption_is_refused_by_the_api(client, personen):
    """The API loads the measure with its Konzept and the date check takes the adoption date
    from there (measures/sachstaende.py, one query less): the rule must still hold."""
    from datetime import date

    from measures.models import Sachstand
    from tests import builders as b
    from tests.api.beispiele import SACHSTAND

    hf = b.handlungsfeld(b.kapitel(b.konzept(beschlossen_am=date(2026, 7, 1))), "5.2")
    b.zustaendigkeit(b.massnahme(b.teilziel(hf, 1), "a"), personen.akteur_a)
    _token, geheimnis = token_erstellen(personen.partner_a)
    kopf = {"HTTP_AUTHORIZATION": f"Token {geheimnis}"}
    antwort = client.post(LISTE, SACHSTAND, content_type="application/json", **kopf)
    assert antwort.status_code == 400
    assert "Beschluss des Konzepts (01.07.2026)" in str(antwort.json())
    assert not Sachstand.objects.exists()
    antwort = client.post(
        LISTE, {**SACHSTAND, "datum": "2026-07-01"}, content_type="application/json", **kopf
    )
    assert antwort.status_code == 201
