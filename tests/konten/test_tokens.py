"""API tokens (issue 12, point 9): hashed, expiring, revoked with the password, own page."""

import gzip
import io
import stat
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from konten.models import ApiToken
from konten.tokens import token_erstellen

pytestmark = pytest.mark.django_db

SEITE = reverse("konten:tokens")


def _api(client, geheimnis):
    """A write that needs an account: 400 (empty body) once authenticated, else 401/403."""
    status = client.post(
        "/api/v1/sachstaende/",
        {},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {geheimnis}",
    ).status_code
    assert status in {400, 401, 403}
    return "angemeldet" if status == 400 else "abgewiesen"


def test_only_a_hash_of_the_token_is_stored(personen):
    token, geheimnis = token_erstellen(personen.partner_a)
    gespeichert = ApiToken.objects.filter(pk=token.pk).values().get()
    assert geheimnis not in " ".join(str(v) for v in gespeichert.values())
    assert len(gespeichert["digest"]) == 128  # SHA-512


def test_a_token_authenticates_and_records_its_last_use(client, personen):
    token, geheimnis = token_erstellen(personen.partner_a)
    assert token.zuletzt_benutzt is None
    assert _api(client, geheimnis) == "angemeldet"
    token.refresh_from_db()
    assert token.zuletzt_benutzt is not None
    assert _api(client, geheimnis + "x") == "abgewiesen"


def test_tokens_expire_after_the_configured_time(client, personen, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(days=7)}
    token, geheimnis = token_erstellen(personen.partner_a)
    assert timedelta(days=6) < token.expiry - timezone.now() <= timedelta(days=7)
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert _api(client, geheimnis) == "abgewiesen"


def test_changing_the_password_revokes_the_tokens(client, personen):
    _token, geheimnis = token_erstellen(personen.partner_a)
    client.force_login(personen.partner_a)
    antwort = client.post(
        reverse("password_change"),
        {
            "old_password": "geheim-12345",
            "new_password1": "ganz-neu-und-lang-2026",
            "new_password2": "ganz-neu-und-lang-2026",
        },
    )
    assert antwort.status_code == 302
    assert not ApiToken.objects.filter(user=personen.partner_a).exists()
    assert _api(client.__class__(), geheimnis) == "abgewiesen"


def test_deactivating_the_account_revokes_the_tokens(client, personen):
    _token, geheimnis = token_erstellen(personen.partner_b)
    client.force_login(personen.buero)
    client.post(
        reverse("admin:auth_user_change", args=[personen.partner_b.pk]),
        {"username": "partner_b", "akteure": [personen.akteur_b.pk], "_save": "Sichern"},
    )
    assert not User.objects.get(pk=personen.partner_b.pk).is_active
    assert not ApiToken.objects.filter(user=personen.partner_b).exists()
    assert _api(client.__class__(), geheimnis) == "abgewiesen"


def test_a_login_does_not_revoke_tokens(client, personen):
    token_erstellen(personen.partner_a)
    assert client.login(username="partner_a", password="geheim-12345")
    assert ApiToken.objects.filter(user=personen.partner_a).count() == 1


def test_partner_creates_sees_and_revokes_own_tokens(client, personen):
    client.force_login(personen.partner_a)
    antwort = client.post(SEITE, {"bezeichnung": "Fachverfahren"})
    token = ApiToken.objects.get(user=personen.partner_a)
    inhalt = antwort.content.decode()
    geheimnis = inhalt.split('<code class="geheimnis">')[1].split("</code>")[0]
    assert _api(client.__class__(), geheimnis) == "angemeldet"

    # Shown once: the list afterwards names the token, never its secret.
    inhalt = client.get(SEITE).content.decode()
    assert "Fachverfahren" in inhalt
    assert geheimnis not in inhalt
    assert token.token_key[:8] in inhalt

    assert client.post(SEITE, {"widerrufen": token.pk}).status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert _api(client.__class__(), geheimnis) == "abgewiesen"


def test_nobody_revokes_or_sees_another_accounts_token(client, personen):
    fremd, geheimnis = token_erstellen(personen.partner_b, "Verein B")
    client.force_login(personen.partner_a)
    assert "Verein B" not in client.get(SEITE).content.decode()
    assert client.post(SEITE, {"widerrufen": fremd.pk}).status_code == 404
    assert ApiToken.objects.filter(pk=fremd.pk).exists()

    # Staff of the Büro do not reach the token admin; superusers see it without secrets.
    client.force_login(personen.buero)
    assert client.get(reverse("admin:konten_apitoken_changelist")).status_code == 403
    assert geheimnis not in client.get(SEITE).content.decode()
    chefin = User.objects.create_superuser("chefin", "c@example.org", "geheim-12345")
    client.force_login(chefin)
    liste = client.get(reverse("admin:konten_apitoken_changelist"))
    assert liste.status_code == 200
    assert "Verein B" in liste.content.decode()
    assert geheimnis not in liste.content.decode()


def test_api_token_command_prints_a_working_token(client, personen):
    ausgabe = io.StringIO()
    call_command("api_token", "partner_a", stdout=ausgabe, stderr=io.StringIO())
    assert _api(client, ausgabe.getvalue().strip()) == "angemeldet"


def test_old_plaintext_drf_tokens_become_hashed_tokens(personen):
    """Migration 0002: the old token keeps working, the plaintext table is gone."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("konten.migrations.0002_drf_tokens_uebernehmen")
    alt = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "user_id integer NOT NULL, created timestamp with time zone NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [alt, personen.partner_a.pk, timezone.now() - timedelta(days=400)],
        )

    class Editor:  # what RunPython hands over: the connection and a way to run SQL
        def __init__(self):
            self.connection = connection

        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration.uebernehmen(apps, Editor())
    assert "authtoken_token" not in connection.introspection.table_names()
    token = ApiToken.objects.get(user=personen.partner_a)
    assert token.expiry > timezone.now()
    from rest_framework.test import APIClient

    assert _api(APIClient(), alt) == "angemeldet"


@pytest.mark.django_db(transaction=True)
def test_backup_is_private_and_holds_no_token(tmp_path):
    from tests.people import personen_anlegen

    personen = personen_anlegen()
    _token, geheimnis = token_erstellen(personen.partner_a)
    ziel = tmp_path / "sicherungen"
    call_command("backup", "--ziel", str(ziel), "--nur-json", stdout=io.StringIO())
    (datei,) = ziel.iterdir()
    assert stat.S_IMODE(datei.stat().st_mode) == 0o600
    assert stat.S_IMODE(ziel.stat().st_mode) & 0o077 == 0
    inhalt = gzip.decompress(datei.read_bytes()).decode()
    assert "konten.apitoken" in inhalt
    assert geheimnis not in inhalt
