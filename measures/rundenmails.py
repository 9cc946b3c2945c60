"""The round's request and reminder mails: one per address, listing what each Akteur owes.

Everyone ``Ansprechperson.objects.erreichbar()`` counts for an asked Akteur gets the mail.
People with an account get the link to the round form (they log in); contacts without one get
their own personal link (measures/rundenzugaenge.py), fresh with each mail. Queries do not grow
with the number of Anfragen or persons: one read of the Anfragen, one of the contacts, one
INSERT of the links and one of the mails (sending happens on the worker, after the commit).
"""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from integration_portal.links import absolute_url
from measures import rundenzugaenge
from measures.models import Ansprechperson
from versand.mail import einreihen_je_empfaenger


def _massnahmen_je_akteur(anfragen):
    je_akteur = defaultdict(list)
    akteure = {}
    for anfrage in anfragen.select_related("akteur", "massnahme__teilziel__handlungsfeld").order_by(
        "akteur__name",
        "massnahme__teilziel__handlungsfeld__sortierung",
        "massnahme__teilziel__nummer",
        "massnahme__kennung",
    ):
        akteure[anfrage.akteur_id] = anfrage.akteur
        je_akteur[anfrage.akteur_id].append(anfrage.massnahme)
    return akteure, je_akteur


def _empfaenger(akteur_ids, adresse):
    personen = Ansprechperson.objects.erreichbar().filter(akteur_id__in=akteur_ids)
    if adresse:
        adresse = adresse.strip()
        personen = personen.filter(
            Q(email__iexact=adresse) | Q(email="", user__email__iexact=adresse)
        )
    # Per address and Akteur one person: an account before a contact without one (its link
    # needs no token), then the older row.
    gewaehlt = {}
    for person in personen.select_related("user").order_by("user_id", "pk"):
        schluessel = (person.adresse.strip().lower(), person.akteur_id)
        bisher = gewaehlt.get(schluessel)
        if bisher is None or (bisher.user_id is None and person.user_id is not None):
            gewaehlt[schluessel] = person
    return list(gewaehlt.values())


# The links and the mails that carry them are stored together; the worker starts on the commit.
@transaction.atomic
def versenden(runde, anfragen, anlass, *, adresse=None):
    """Queue the mails of ``anlass`` for ``anfragen``; returns how many Mails were stored.

    ``adresse``: only to that address (a link asked for again, views/runde.py).
    """
    akteure, je_akteur = _massnahmen_je_akteur(anfragen)
    if not akteure:
        return 0
    personen = _empfaenger(list(akteure), adresse)
    tokens = {
        zugang.ansprechperson_id: token
        for zugang, token in rundenzugaenge.ausstellen(
            [p for p in personen if p.user_id is None], runde
        )
    }
    je_adresse = defaultdict(list)
    for person in sorted(personen, key=lambda p: akteure[p.akteur_id].name):
        akteur = akteure[person.akteur_id]
        if person.user_id is None:
            link = rundenzugaenge.link(tokens[person.pk])
        else:
            link = absolute_url(rundenzugaenge.rundenformular_url(runde, akteur))
        je_adresse[person.adresse.strip().lower()].append(
            (person, akteur, je_akteur[person.akteur_id], link)
        )
    nachrichten = []
    # Recipients' language is not known: mails go out in the portal's main language.
    with translation.override(settings.LANGUAGE_CODE):
        for eintraege in je_adresse.values():
            person = eintraege[0][0]
            kontext = {
                "runde": runde,
                "name": person.anzeigename,
                "eintraege": [e[1:] for e in eintraege],
                "ohne_konto": any(e[0].user_id is None for e in eintraege),
            }
            betreff = render_to_string(f"measures/mail/{anlass}_betreff.txt", kontext)
            text = render_to_string(f"measures/mail/{anlass}.txt", kontext)
            nachrichten.append((person.adresse, betreff, text))
    mails = einreihen_je_empfaenger(nachrichten, anlass=anlass, bezug=f"berichtsrunde:{runde.pk}")
    return len(mails)
