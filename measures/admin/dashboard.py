"""The admin start page: the state of the plan at a glance.

Counts by status and Ampel, overdue and stale measures, measures nobody leads, and the latest
changes from history. Overdue is ``MassnahmeQuerySet.ueberfaellig`` (target date or a milestone
missed); each overdue measure shows what it missed. A fixed number of queries, whatever the
size of the plan; every number links to the Maßnahmen list filtered the same way (the
definitions live on MassnahmeQuerySet).
"""

from itertools import islice
from urllib.parse import urlencode

from django.db.models import Count, F, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concept.models import Leitziel, Teilziel
from measures.choices import Ampel, Pruefstatus, Status
from measures.locking import anzeigewert
from measures.models import (
    UNVERAENDERT_MONATE,
    Akteur,
    Massnahme,
    Meilenstein,
    Sachstand,
    Zustaendigkeit,
)
from measures.verzug import ist_ueberfaellig
from versand.models import Mail, MailStatus

LISTENLAENGE = 10
LETZTE_AENDERUNGEN = 15

# Which history to show, and what each record needs joined to print its object's name.
_HISTORIEN = [
    (Massnahme, ["teilziel__handlungsfeld", "history_user"]),
    (Zustaendigkeit, ["akteur", "massnahme__teilziel__handlungsfeld", "history_user"]),
    (Akteur, ["history_user"]),
    (Teilziel, ["handlungsfeld", "history_user"]),
    (Leitziel, ["handlungsfeld", "history_user"]),
]

_ART = {"+": _("angelegt"), "~": _("geändert"), "-": _("gelöscht")}


def _liste_url(**filter):
    return reverse("admin:measures_massnahme_changelist") + "?" + urlencode(filter)


def _verteilung(feld, choices):
    anzahl = dict(
        Massnahme.objects.im_aktuellen_konzept()
        .order_by()
        .values_list(feld)
        .annotate(n=Count("pk"))
    )
    return [
        {
            "bezeichnung": bezeichnung,
            "wert": wert,
            "anzahl": anzahl.get(wert, 0),
            "url": _liste_url(**{f"{feld}__exact": wert}),
        }
        for wert, bezeichnung in choices
    ]


def _auswahl(queryset, ordnung, **filter):
    liste = list(
        queryset.select_related("teilziel__handlungsfeld").order_by(*ordnung)[:LISTENLAENGE]
    )
    return {"anzahl": queryset.count(), "massnahmen": liste, "url": _liste_url(**filter)}


def mit_verpassten_meilensteinen(massnahmen, stichtag=None):
    """Each measure with ``verpasste``: its milestones due and not done (one query for all)."""
    return massnahmen.prefetch_related(
        Prefetch(
            "meilensteine",
            queryset=Meilenstein.objects.offen_faellig(stichtag).order_by("faellig_am", "pk"),
            to_attr="verpasste",
        )
    )


def _ueberfaellige(massnahmen):
    heute = timezone.localdate()
    auswahl = _auswahl(
        mit_verpassten_meilensteinen(massnahmen.ueberfaellig(heute), heute),
        [F("zieldatum").asc(nulls_last=True), "teilziel__handlungsfeld__sortierung", "kennung"],
        ueberfaellig="ja",
    )
    for m in auswahl["massnahmen"]:
        # Late by its target date alone (the rule of measures/verzug.py without milestones)?
        m.ziel_verpasst = ist_ueberfaellig(m.status, m.zieldatum, [], heute)
    return auswahl


def _objekt(record):
    """The recorded object, reusing the related objects the query joined (no query per row)."""
    instance = record.instance
    for feld in instance._meta.concrete_fields:
        verknuepft = record._state.fields_cache.get(feld.name) if feld.is_relation else None
        if verknuepft is not None:
            setattr(instance, feld.name, verknuepft)
    return instance


def letzte_aenderungen(anzahl=LETZTE_AENDERUNGEN):
    """The latest history records of all tracked models, newest first, with their changes."""
    records = []
    for model, verknuepfungen in _HISTORIEN:
        records.extend(
            model.history.select_related(*verknuepfungen).order_by("-history_date")[:anzahl]
        )
    records.sort(key=lambda r: r.history_date, reverse=True)
    eintraege = []
    for record in islice(records, anzahl):
        model = record.instance_type
        opts = model._meta
        aenderungen = []
        vorher = record.prev_record if record.history_type == "~" else None
        if vorher is not None:
            m2m = [f.name for f in record._history_m2m_fields]
            delta = record.diff_against(vorher, excluded_fields=m2m)
            aenderungen = [
                {
                    "feld": opts.get_field(c.field).verbose_name,
                    "alt": anzeigewert(model, c.field, c.old),
                    "neu": anzeigewert(model, c.field, c.new),
                }
                for c in delta.changes
            ]
        eintraege.append(
            {
                "wann": record.history_date,
                "wer": record.history_user,
                "art": _ART.get(record.history_type, record.history_type),
                "modell": opts.verbose_name,
                "objekt": str(_objekt(record)),
                "grund": record.history_change_reason,
                "aenderungen": aenderungen,
                # The object's history page works for deleted objects too.
                "url": reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.id]
                ),
            }
        )
    return eintraege


def dashboard_kontext():
    # The plan being carried out: an older edition in the database is not counted.
    massnahmen = Massnahme.objects.im_aktuellen_konzept()
    return {
        "dashboard": {
            "gesamt": massnahmen.count(),
            "nach_status": _verteilung("status", Status.choices),
            "nach_ampel": _verteilung("ampel", Ampel.choices),
            "ueberfaellig": _ueberfaellige(massnahmen),
            "unveraendert": _auswahl(
                massnahmen.unveraendert_seit(), ["geaendert_am"], unveraendert="ja"
            ),
            "unveraendert_monate": UNVERAENDERT_MONATE,
            "ohne_federfuehrung": _auswahl(
                massnahmen.ohne_federfuehrung(),
                ["teilziel__handlungsfeld__sortierung", "teilziel__nummer", "kennung"],
                federfuehrung="ohne",
            ),
            "letzte_aenderungen": letzte_aenderungen(),
            "zu_pruefen": {
                "anzahl": Sachstand.objects.filter(pruefstatus=Pruefstatus.EINGEREICHT).count(),
                # The Sachstand list opens on what waits for review.
                "url": reverse("admin:measures_sachstand_changelist"),
            },
            # Mails the worker gave up on (versand/mail.py): the Büro sends them again.
            "mails_fehlgeschlagen": {
                "anzahl": Mail.objects.filter(status=MailStatus.FEHLGESCHLAGEN).count(),
                "url": reverse("admin:versand_mail_changelist")
                + "?"
                + urlencode({"status__exact": MailStatus.FEHLGESCHLAGEN}),
            },
        }
    }
