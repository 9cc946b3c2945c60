"""Everything the portal holds about one person, for the download under /konto/ (Art. 15).

Only rows that belong to that person: their account, Akteur memberships, the Sachstände they
submitted or reviewed, the changes recorded under their name, their admin actions and their
login records. Other people's data that merely sits next to it (a colleague's Sachstand on the
same Maßnahme) is not part of it.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from konten.models import ApiToken
from measures.models import Sachstand

HISTORIE_ART = {"+": "angelegt", "~": "geändert", "-": "gelöscht"}


def _zeit(wert):
    return wert.isoformat() if wert else None


def _konto(user):
    return {
        "benutzername": user.get_username(),
        "vorname": user.first_name,
        "nachname": user.last_name,
        "email": user.email,
        "aktiv": user.is_active,
        "zugang_zur_verwaltung": user.is_staff,
        "angelegt_am": _zeit(user.date_joined),
        "letzte_anmeldung": _zeit(user.last_login),
        "gruppen": sorted(user.groups.values_list("name", flat=True)),
    }


def _sachstaende(user):
    sachstaende = (
        Sachstand.objects.filter(Q(eingereicht_von=user) | Q(geprueft_von=user))
        .select_related("massnahme__teilziel__handlungsfeld", "akteur")
        .order_by("eingereicht_am")
    )
    return [
        {
            "id": s.pk,
            "massnahme": s.massnahme.referenz,
            "akteur": s.akteur.name,
            "rolle": "eingereicht" if s.eingereicht_von_id == user.pk else "geprüft",
            "datum": s.datum.isoformat(),
            "status": s.status,
            "ampel": s.ampel,
            "fortschritt": s.fortschritt,
            "text": s.text,
            "pruefstatus": s.pruefstatus,
            "pruefkommentar": s.pruefkommentar,
            "eingereicht_am": _zeit(s.eingereicht_am),
            "geprueft_am": _zeit(s.geprueft_am),
        }
        for s in sachstaende
    ]


def _historien_modelle():
    for model in apps.get_models():
        attribut = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribut:
            yield model, getattr(model, attribut).model


def _aenderungen(user):
    eintraege = []
    for model, historie in _historien_modelle():
        for zeile in historie.objects.filter(history_user=user).values(
            "id", "history_type", "history_date", "history_change_reason"
        ):
            eintraege.append(
                {
                    "art_des_eintrags": str(model._meta.verbose_name),
                    "objekt_id": zeile["id"],
                    "aenderung": HISTORIE_ART.get(zeile["history_type"], zeile["history_type"]),
                    "zeitpunkt": _zeit(zeile["history_date"]),
                    "grund": zeile["history_change_reason"],
                }
            )
    return sorted(eintraege, key=lambda e: e["zeitpunkt"])


def _verwaltungsprotokoll(user):
    return [
        {
            "zeitpunkt": _zeit(e.action_time),
            "objekt": e.object_repr,
            "aktion": e.get_action_flag_display(),
            "meldung": e.get_change_message(),
        }
        for e in LogEntry.objects.filter(user=user).order_by("action_time")
    ]


def _anmeldungen(user):
    name = user.get_username()
    eintraege = []
    for art, model in (
        ("fehlversuche", AccessAttempt),
        ("fehlgeschlagene_anmeldung", AccessFailureLog),
        ("anmeldung", AccessLog),
    ):
        for zeile in model.objects.filter(username=name).order_by("attempt_time"):
            eintraege.append(
                {
                    "art": art,
                    "zeitpunkt": _zeit(zeile.attempt_time),
                    "ip_adresse": zeile.ip_address,
                    "browser": zeile.user_agent,
                }
            )
    return eintraege


def _api_schluessel(user):
    # Which tokens exist, when they were made, last used and expire; the secret is never
    # readable (konten/models.py keeps only its hash), and the first characters are no secret.
    return [
        {
            "bezeichnung": token.bezeichnung,
            "angelegt_am": _zeit(token.created),
            "zuletzt_benutzt": _zeit(token.zuletzt_benutzt),
            "laeuft_ab_am": _zeit(token.expiry),
        }
        for token in ApiToken.objects.filter(user=user)
    ]


def auskunft(user):
    return {
        "erstellt_am": _zeit(timezone.now()),
        "hinweis": _(
            "Auskunft nach Art. 15 DSGVO: die Daten, die das Integrationsportal zu Ihrem Konto "
            "gespeichert hat."
        ),
        "konto": _konto(user),
        "akteure": [{"name": a.name, "seite": a.seite} for a in user.akteure.order_by("name")],
        "sachstaende": _sachstaende(user),
        "aenderungen": _aenderungen(user),
        "verwaltungsprotokoll": _verwaltungsprotokoll(user),
        "anmeldungen": _anmeldungen(user),
        "api_schluessel": _api_schluessel(user),
    }
