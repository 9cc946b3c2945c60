"""Inviting Ansprechpersonen: send a one-time link, check it, and turn it into a membership.

The one place for the admin's actions (single contact, "alle ohne Konto einladen", the button
before a Berichtsrunde opens) and for the page behind the link (netzwerk/views.py).

- A token is 32 random bytes (``secrets``); only its SHA-256 is stored (netzwerk/models.py).
- It expires after ``settings.EINLADUNG_GUELTIG_TAGE`` days, works once, and a new invitation
  to the same person revokes every older one that is still open.
- Accepting creates an account (username = e-mail address) in the group Netzwerkpartner and
  links it as ``Ansprechperson.user``. If an account with that address exists already, no
  second one is made: its owner logs in and links it (``konto_verknuepfen``). Only the holder of
  a valid token learns that, and the token went to that very address, so the page reveals
  nothing about addresses the visitor does not control (no account enumeration).
"""

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from integration_portal.links import absolute_url
from measures.models import Ansprechperson
from measures.roles import NETZWERKPARTNER
from netzwerk.models import Einladung, EinladungZustand
from versand.mail import einreihen

# What secrets.token_urlsafe(32) produces; anything else is not ours and is not even hashed.
_TOKEN_FORM = re.compile(r"[A-Za-z0-9_-]{40,50}")


def _pruefsumme(token):
    return hashlib.sha256(token.encode()).hexdigest()


def gueltigkeit():
    return timedelta(days=settings.EINLADUNG_GUELTIG_TAGE)


def grund_gegen_einladung(person):
    """Why ``person`` cannot be invited (German), or None."""
    if not person.aktiv:
        return _("ist deaktiviert")
    if person.user_id:
        return _("hat bereits ein Benutzerkonto")
    if not person.email:
        return _("hat keine E-Mail-Adresse")
    return None


def _offene(person):
    return Einladung.objects.filter(
        ansprechperson=person, eingeloest_am__isnull=True, widerrufen_am__isnull=True
    )


@transaction.atomic
def einladen(person, *, von=None):
    """Invite ``person``: revoke older open invitations, store the new one, enqueue the mail.

    Raises ValidationError (German) when the person cannot be invited.
    """
    if grund := grund_gegen_einladung(person):
        raise ValidationError(
            _("%(person)s %(grund)s und kann nicht eingeladen werden.")
            % {"person": person.anzeigename, "grund": grund}
        )
    jetzt = timezone.now()
    _offene(person).update(widerrufen_am=jetzt)
    token = secrets.token_urlsafe(32)
    einladung = Einladung.objects.create(
        ansprechperson=person,
        token_hash=_pruefsumme(token),
        adresse=person.email,
        gueltig_bis=jetzt + gueltigkeit(),
        eingeladen_von=von if von and von.is_authenticated else None,
    )
    kontext = {
        "person": person,
        "akteur": person.akteur,
        "link": absolute_url(reverse("netzwerk:einladung", args=[token])),
        "gueltig_bis": einladung.gueltig_bis,
    }
    # The recipient's language is not known: invitations go out in the portal's main language.
    with translation.override(settings.LANGUAGE_CODE):
        betreff = render_to_string("netzwerk/mail/einladung_betreff.txt", kontext)
        text = render_to_string("netzwerk/mail/einladung.txt", kontext)
    einreihen(person.email, betreff, text, anlass="einladung", bezug=f"ansprechperson:{person.pk}")
    return einladung


@dataclass
class Sammelergebnis:
    eingeladen: list = field(default_factory=list)
    uebersprungen: list = field(default_factory=list)  # (person, reason)


def alle_einladen(personen, *, von=None):
    """Invite each of ``personen`` that can be invited; the others are listed with a reason."""
    ergebnis = Sammelergebnis()
    for person in personen.select_related("akteur", "user"):
        if grund := grund_gegen_einladung(person):
            ergebnis.uebersprungen.append((person, grund))
        else:
            einladen(person, von=von)
            ergebnis.eingeladen.append(person)
    return ergebnis


def ohne_konto(akteure):
    """The contacts of ``akteure`` an invitation would reach: active, with address, no account."""
    return Ansprechperson.objects.filter(akteur__in=akteure, aktiv=True, user__isnull=True).exclude(
        email=""
    )


def widerrufen(person):
    """Revoke every open invitation of ``person`` (when the Büro deactivates it)."""
    return _offene(person).update(widerrufen_am=timezone.now())


# --- the link ----------------------------------------------------------------------------------


def finden(token):
    """The Einladung of ``token``, or None for anything unknown, malformed or tampered with."""
    if not isinstance(token, str) or not _TOKEN_FORM.fullmatch(token):
        return None
    return (
        Einladung.objects.select_related("ansprechperson__akteur")
        .filter(token_hash=_pruefsumme(token))
        .first()
    )


def vorhandenes_konto(adresse):
    """An account that already uses ``adresse`` as username or e-mail, or None."""
    return (
        get_user_model()
        .objects.filter(Q(username__iexact=adresse) | Q(email__iexact=adresse))
        .order_by("pk")
        .first()
    )


def gehoert_zur_adresse(user, adresse):
    return user.is_authenticated and adresse.lower() in {
        (user.email or "").lower(),
        user.get_username().lower(),
    }


class NichtMehrGueltig(Exception):
    """Between showing the page and posting it, the link was used, revoked or expired."""

    def __init__(self, zustand):
        super().__init__(zustand)
        self.zustand = zustand


def _sperren(einladung):
    # The row lock makes "single use" hold for two tabs posting at once: the second waits and
    # then sees the first one's eingeloest_am.
    gesperrt = (
        Einladung.objects.select_for_update()
        .select_related("ansprechperson__akteur")
        .get(pk=einladung.pk)
    )
    if gesperrt.zustand != EinladungZustand.GUELTIG:
        raise NichtMehrGueltig(gesperrt.zustand)
    return gesperrt


def _einloesen(einladung, user):
    person = Ansprechperson.objects.select_for_update().get(pk=einladung.ansprechperson_id)
    schon_mitglied = (
        Ansprechperson.objects.filter(akteur_id=person.akteur_id, user=user)
        .exclude(pk=person.pk)
        .exists()
    )
    if not schon_mitglied:  # else the account is a member already, through another row
        person.user = user
        person._change_reason = _("Einladung angenommen")
        person.save()
    jetzt = timezone.now()
    einladung.eingeloest_am = jetzt
    einladung.save(update_fields=["eingeloest_am"])
    _offene(person).exclude(pk=einladung.pk).update(widerrufen_am=jetzt)
    return person


def neues_konto(einladung):
    """The unsaved account accepting ``einladung`` would create (for the password validators)."""
    person = einladung.ansprechperson
    vorname, _leer, nachname = person.name.partition(" ")
    return get_user_model()(
        username=einladung.adresse.lower(),
        email=einladung.adresse,
        first_name=vorname[:150],
        last_name=nachname[:150],
    )


@transaction.atomic
def konto_anlegen(einladung, passwort):
    """Accept ``einladung`` with a new account; returns it. NichtMehrGueltig if too late."""
    einladung = _sperren(einladung)
    if vorhandenes_konto(einladung.adresse):
        raise NichtMehrGueltig("konto_vorhanden")
    user = neues_konto(einladung)
    user.set_password(passwort)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=NETZWERKPARTNER)[0])
    _einloesen(einladung, user)
    return user


@transaction.atomic
def konto_verknuepfen(einladung, user):
    """Accept ``einladung`` with the logged-in account of its address."""
    einladung = _sperren(einladung)
    if not (user.is_active and gehoert_zur_adresse(user, einladung.adresse)):
        raise PermissionDenied
    return _einloesen(einladung, user)
