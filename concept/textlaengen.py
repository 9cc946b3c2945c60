"""How long a free text may be, for every model of the portal (issue 12, point 5).

A TextField's ``max_length`` alone only sizes the form widget; the validator makes the model's
``full_clean`` (and so the services) refuse an overlong text. ModelForms, the admin and DRF's
ModelSerializer take the limit from ``max_length`` and refuse it with Django's German message
before anything is saved.

The limits leave generous room above the longest adopted text in ``fixtures/konzept/`` and
``fixtures/monitoring/`` (measured on 1.12.2026, in characters), and they keep a report of many
Sachstände renderable in seconds: a 1 MB Sachstand made the Handlungsfeld-Bericht take 46 s.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

# Konzept 2 661, Kapitel 3 018, Handlungsfeld 5 221 (the longest, 4.2.2).
EINLEITUNG = 20_000
# Leitziel 354, Teilziel 434.
ZIEL = 2_000
# Teilziel.erlaeuterung 859.
ERLAEUTERUNG = 5_000
# Maßnahme 984.
MASSNAHME = 5_000
# Best-Practice-Beispiel 1 633.
BEISPIEL = 10_000
# Akteur.beschreibung, Dimension.beschreibung (170): a paragraph or two.
BESCHREIBUNG = 5_000
# Indikator.kurzdefinition 152 (meant to be short), methode 289, hinweise 478.
KURZDEFINITION = 2_000
METHODE = 5_000
# A partner's Sachstand (no adopted text to measure; about three pages) and the review comment.
SACHSTAND = 10_000
KOMMENTAR = 5_000
# The Büro's internal note on a Maßnahme.
NOTIZ = 10_000
# The Büro's assessment of a Handlungsfeld per Berichtsrunde, and its overall summary: half a
# page to a page in the council report (issue 15).
EINSCHAETZUNG = 8_000


def text_feld(verbose_name, max_length, **kwargs):
    """A TextField whose length the model itself enforces (see the module docstring)."""
    return models.TextField(
        verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs
    )
