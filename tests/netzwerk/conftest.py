import re

import pytest
from django.core import mail

from measures.models import Ansprechperson


@pytest.fixture
def kontakt(personen):
    """Frau Neu, a contact of Akteur A without an account."""
    return Ansprechperson.objects.create(
        akteur=personen.akteur_a, name="Frieda Neu", email="Frieda.Neu@example.org"
    )


def link_aus_mail(nachricht=None):
    """The invitation path from the (last) mail in the outbox."""
    nachricht = nachricht or mail.outbox[-1]
    treffer = re.search(r"https?://[^/\s]+(/einladung/[A-Za-z0-9_-]+/)", nachricht.body)
    assert treffer, nachricht.body
    return treffer.group(1)
