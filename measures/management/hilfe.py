"""What the management commands share (measures, and the apps above it, e.g. berichte)."""

from django.core.management.base import BaseCommand


class Kommando(BaseCommand):
    """A command whose ``help`` is a lazy translation (``gettext_lazy``).

    argparse formats only ``str`` and fails on a lazy string (``manage.py bericht --help`` ended
    in a TypeError), so the text is translated when the parser is made, in the active language.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
