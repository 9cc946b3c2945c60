"""Data and helpers shared by the admin tests (tests/measures/test_admin_*.py)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from measures.choices import Ampel, Seite, Status
from measures.models import Massnahme
from tests import builders as b

LISTE = reverse("admin:measures_massnahme_changelist")


@dataclass
class Plan:
    kapitel4: object
    kapitel41: object
    kapitel5: object
    hf412: object
    hf52: object
    m1: Massnahme  # 4.1.2 / 1 a: umgesetzt, target date passed (done, so not overdue); A leads
    m2: Massnahme  # 4.1.2 / 1 b: in Umsetzung, kritisch, overdue; B (extern) leads
    m3: Massnahme  # 5.2 / 1 a: nobody responsible, untouched for 7 months
    m4: Massnahme  # 5.2 / 2 a: entfallen, date passed (not overdue); B leads, A helps


def plan_anlegen(personen):
    """Four measures, each picked out by different filters (see the comments on ``Plan``)."""
    a, b_ = personen.akteur_a, personen.akteur_b
    k = b.konzept()
    kap4 = b.kapitel(k, "4", "Schwerpunktthemen", sortierung=1)
    kap41 = b.kapitel(k, "4.1", "Sprache", eltern=kap4, sortierung=2)
    kap5 = b.kapitel(k, "5", "Weitere Handlungsfelder", sortierung=3)
    hf412 = b.handlungsfeld(kap41, "4.1.2", "Sprachförderung", sortierung=1)
    hf52 = b.handlungsfeld(kap5, "5.2", "Bildung", sortierung=2)
    tz1 = b.teilziel(hf412, 1)
    tz52_1 = b.teilziel(hf52, 1)
    tz52_2 = b.teilziel(hf52, 2)
    vergangen = timezone.localdate() - timedelta(days=30)
    m1 = b.massnahme(
        tz1,
        "a",
        text="Elternabende in Kitas",
        status=Status.UMGESETZT,
        ampel=Ampel.IM_PLAN,
        fortschritt=100,
        zieldatum=vergangen,
    )
    m2 = b.massnahme(
        tz1,
        "b",
        text="Sprachkurse für Neuzugewanderte ausbauen",
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.KRITISCH,
        fortschritt=40,
        zieldatum=vergangen,
    )
    m3 = b.massnahme(tz52_1, "a", text="Schulsozialarbeit stärken", zieldatum=date(2099, 1, 1))
    m4 = b.massnahme(
        tz52_2, "a", text="Bildungslotsen einsetzen", status=Status.ENTFALLEN, zieldatum=vergangen
    )
    b.zustaendigkeit(m1, a, federfuehrend=True)
    b.zustaendigkeit(m2, b_, federfuehrend=True)
    b.zustaendigkeit(m4, b_, federfuehrend=True)
    b.zustaendigkeit(m4, a, seite=Seite.INTERN)
    # auto_now cannot be set through save(); a queryset update leaves it as given.
    Massnahme.objects.filter(pk=m3.pk).update(geaendert_am=timezone.now() - timedelta(days=215))
    for m in (m1, m2, m3, m4):
        m.refresh_from_db()
    return Plan(kap4, kap41, kap5, hf412, hf52, m1, m2, m3, m4)


def referenzen(response):
    return {m.referenz for m in response.context["cl"].result_list}


def listen_post(response, aenderungen):
    """POST data for saving the list as shown in ``response``, with ``aenderungen`` applied.

    ``aenderungen``: {massnahme_pk: {feld: wert}}. The hidden initial values and versions are
    those the page showed, as a browser would send them.
    """
    formset = response.context["cl"].formset
    daten = {
        "form-TOTAL_FORMS": str(formset.total_form_count()),
        "form-INITIAL_FORMS": str(formset.initial_form_count()),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "_save": "Sichern",
    }
    for form in formset.forms:
        for name, feld in form.fields.items():
            wert = form[name].value()
            daten[form.add_prefix(name)] = "" if wert is None else str(wert)
            if feld.show_hidden_initial:
                daten[form.add_initial_prefix(name)] = "" if wert is None else str(wert)
        for name, wert in aenderungen.get(form.instance.pk, {}).items():
            daten[form.add_prefix(name)] = str(wert)
    return daten
