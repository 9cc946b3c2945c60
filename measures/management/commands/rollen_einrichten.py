from django.core.management.base import BaseCommand

from measures.roles import rollen_einrichten


class Command(BaseCommand):
    help = "Legt die Rollen (Gruppen) an und gibt ihnen ihre Rechte; beliebig oft ausführbar."

    def handle(self, *args, **options):
        for name, gruppe in rollen_einrichten().items():
            self.stdout.write(f"{name}: {gruppe.permissions.count()} Rechte")
