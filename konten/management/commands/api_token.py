from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from konten.tokens import token_erstellen


class Command(BaseCommand):
    help = (
        "Erstellt einen API-Token für ein Konto und gibt ihn einmal aus (gespeichert wird nur "
        "ein Prüfwert). Partner erstellen ihre Tokens selbst unter /konto/tokens/."
    )

    def add_arguments(self, parser):
        parser.add_argument("benutzername")
        parser.add_argument("--bezeichnung", default="", help="wofür der Token gedacht ist")

    def handle(self, *args, benutzername, bezeichnung, **options):
        try:
            user = get_user_model().objects.get(username=benutzername, is_active=True)
        except get_user_model().DoesNotExist as fehlt:
            raise CommandError(f"Kein aktives Konto „{benutzername}“.") from fehlt
        token, geheimnis = token_erstellen(user, bezeichnung)
        self.stdout.write(geheimnis)
        self.stderr.write(f"gültig bis {token.expiry:%d.%m.%Y}" if token.expiry else "unbefristet")
