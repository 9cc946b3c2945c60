"""What the management commands share (measures, and the apps above it, e.g. berichte)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy


class Kommando(BaseCommand):
    """A command whose ``help`` is a lazy translation (``gettext_lazy``).

    argparse formats only ``str`` and fails on a lazy string (``manage.py bericht --help`` ended
    in a TypeError), so the text is translated when the parser is made, in the active language.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)


class DemoKommando(Kommando):
    """A command that fills a local demo with known passwords or made-up data: it refuses to run
    unless DEBUG is on or ``--force`` is given knowingly (the one place of that guard).

    ``verweigerung``: the German refusal, naming what does not belong on a production system.
    """

    verweigerung = ""

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy("Auch ohne DEBUG ausführen (niemals auf dem Produktivsystem)."),
        )

    def execute(self, *args, **options):
        if not settings.DEBUG and not options.get("force"):
            raise CommandError(str(self.verweigerung))
        return super().execute(*args, **options)
