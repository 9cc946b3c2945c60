"""Existing DRF tokens (plaintext in ``authtoken_token``) become hashed knox tokens.

Clients keep working with the token they have, now with an expiry (API_TOKEN_TAGE from today);
the plaintext table is dropped, so no copy of a secret stays in the database or its backups.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from knox.crypto import hash_token
from knox.settings import CONSTANTS

ALT = "authtoken_token"


def uebernehmen(apps, schema_editor):
    verbindung = schema_editor.connection
    if ALT not in verbindung.introspection.table_names():
        return
    ApiToken = apps.get_model("konten", "ApiToken")
    ablauf = timezone.now() + settings.REST_KNOX["TOKEN_TTL"]
    with verbindung.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {ALT}")
        zeilen = cursor.fetchall()
    tokens = ApiToken.objects.using(verbindung.alias)
    for schluessel, user_id, erstellt in zeilen:
        digest = hash_token(schluessel)
        tokens.create(
            digest=digest,
            token_key=schluessel[: CONSTANTS.TOKEN_KEY_LENGTH],
            user_id=user_id,
            expiry=ablauf,
            bezeichnung="aus der alten Token-Tabelle übernommen",
        )
        tokens.filter(digest=digest).update(created=erstellt)  # auto_now_add set it to now
    schema_editor.execute(f"DROP TABLE {ALT}")


class Migration(migrations.Migration):
    dependencies = [("konten", "0001_api_token")]

    operations = [migrations.RunPython(uebernehmen, migrations.RunPython.noop)]
