"""The partner pages and the review admin need a fixed number of queries, however much data.

Each page is rendered after building the data at 1× and again at 10× (Maßnahmen, Zuständigkeiten,
Sachstände, Berichtsanfragen); the count must stay within its budget and be the same at both
sizes. Budgets are kept here, next to the data they were measured on (cf. query_counts.json of
the public pages).
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures.choices import Ampel, Pruefstatus, RundenStatus, Status
from measures.models import Berichtsanfrage, Massnahme, Sachstand, Zustaendigkeit
from tests import builders as b

BUDGETS = {
    "anmelden": 0,
    "passwort_aendern": 2,
    # +1: the groups, asked by Sachstand.objects.sichtbar_fuer; +4 (issue 14): the page count,
    # the open round and its open Anfragen over all pages, the Handlungsfelder of the filter.
    "meine_massnahmen": 12,
    "meine_massnahmen_gefiltert": 12,
    "meine_sachstaende": 7,  # +1 groups, +1 the attachments (prefetch)
    # +1 groups, +1 the sent-back Sachstand it may start from, +1 the measure's Meilensteine,
    # +1 (issue 18) its Leistung indicators (measures/sachstand_zusaetze.py; +1 what was
    # reported, only when it has some)
    "sachstand_neu": 11,
    # +1 the attachments already kept, +1 the Meilensteine, +1 the Leistung indicators
    "sachstand_bearbeiten": 7,
    # Admin pages: one query more for the session's second-factor device (django-otp).
    "admin_sachstaende": 11,
    # +1 (issue 14): the attachments on the review page; +1 (issue 18) the Leistung figures
    "admin_sachstand": 8,
    "admin_berichtsrunden": 10,
    "admin_ruecklauf": 12,  # +1: who is erreichbar (column per Akteur)
    "admin_oeffnen_frage": 13,  # +1 (issue 14): the contacts reached only by personal link
    "admin_schliessen_frage": 9,
}
PARTNER_SEITEN = {
    "passwort_aendern",
    "meine_massnahmen",
    "meine_massnahmen_gefiltert",
    "meine_sachstaende",
    "sachstand_neu",
    "sachstand_bearbeiten",
}


def aufbauen(faktor, jahr, personen, runde):
    """A newer Konzept (so the pages show it) whose measures, Sachstände, Anfragen grow with ×."""
    konzept = b.konzept(beschlossen_am=date(jahr, 1, 1))
    kapitel = b.kapitel(konzept)
    massnahmen = []
    for h in range(2 * faktor):
        tz = b.teilziel(b.handlungsfeld(kapitel, f"5.{h + 1}"), 1)
        massnahmen += Massnahme.objects.bulk_create(
            Massnahme(teilziel=tz, kennung=k, text=f"Maßnahme {k}", status=Status.IN_PLANUNG)
            for k in "abcde"
        )
    Zustaendigkeit.objects.bulk_create(
        [
            Zustaendigkeit(
                massnahme=m, akteur=personen.akteur_a, seite="intern", federfuehrend=i % 2 == 0
            )
            for i, m in enumerate(massnahmen)
        ]
        + [
            Zustaendigkeit(massnahme=m, akteur=personen.akteur_b, seite="extern")
            for m in massnahmen[::2]
        ]
    )
    Berichtsanfrage.objects.bulk_create(
        Berichtsanfrage(berichtsrunde=runde, massnahme=m, akteur=personen.akteur_a)
        for m in massnahmen
    )
    Sachstand.objects.bulk_create(
        Sachstand(
            massnahme=m,
            akteur=personen.akteur_a,
            berichtsrunde=runde,
            datum=date(jahr, 1, 1),
            status=Status.IN_UMSETZUNG,
            ampel=Ampel.IM_PLAN,
            fortschritt=20,
            text="Stand",
            eingereicht_von=personen.partner_a,
            pruefstatus=pruefstatus,
            pruefkommentar="Bitte genauer." if pruefstatus == Pruefstatus.ZURUECKGEGEBEN else "",
        )
        for m in massnahmen
        for pruefstatus in (Pruefstatus.ZURUECKGEGEBEN, Pruefstatus.EINGEREICHT)
    )
    erste = Massnahme.objects.select_related("teilziel__handlungsfeld").get(pk=massnahmen[0].pk)
    wartet = Sachstand.objects.filter(massnahme=erste, pruefstatus=Pruefstatus.EINGEREICHT).first()
    geplant = b.berichtsrunde(titel=f"Geplant {jahr}")
    return {
        "anmelden": reverse("login"),
        "passwort_aendern": reverse("password_change"),
        "meine_massnahmen": reverse("measures:meine-massnahmen"),
        "meine_massnahmen_gefiltert": reverse("measures:meine-massnahmen")
        + "?handlungsfeld=5.1&status=in_planung&runde=offen&sortierung=letzter_sachstand&page=1",
        "meine_sachstaende": reverse("measures:meine-sachstaende"),
        "sachstand_neu": reverse(
            "measures:sachstand-neu", kwargs={"kennung": erste.oeffentliche_kennung}
        ),
        "sachstand_bearbeiten": reverse("measures:sachstand-bearbeiten", args=[wartet.pk]),
        "admin_sachstaende": reverse("admin:measures_sachstand_changelist") + "?pruefung=alle",
        "admin_sachstand": reverse("admin:measures_sachstand_change", args=[wartet.pk]),
        "admin_berichtsrunden": reverse("admin:measures_berichtsrunde_changelist"),
        "admin_ruecklauf": reverse("admin:measures_berichtsrunde_ruecklauf", args=[runde.pk]),
        # The questions before opening and closing (test_berichtsrunde_bestaetigung.py).
        "admin_oeffnen_frage": reverse("admin:measures_berichtsrunde_oeffnen", args=[geplant.pk]),
        "admin_schliessen_frage": reverse(
            "admin:measures_berichtsrunde_schliessen", args=[runde.pk]
        ),
    }


def _zaehlen(client, url):
    # Once before counting: per-process caches (content types, permissions) are not data.
    client.get(url)
    with CaptureQueriesContext(connection) as abfragen:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(abfragen)


@pytest.mark.parametrize("seite", sorted(BUDGETS))
def test_queries_are_bounded_and_do_not_grow(client, personen, seite):
    if seite != "anmelden":
        client.force_login(personen.partner_a if seite in PARTNER_SEITEN else personen.buero)
    runde = b.berichtsrunde(status=RundenStatus.OFFEN)
    klein = _zaehlen(client, aufbauen(1, 2030, personen, runde)[seite])
    gross = _zaehlen(client, aufbauen(10, 2031, personen, runde)[seite])
    assert klein <= BUDGETS[seite], f"{seite}: {klein} Abfragen, Budget {BUDGETS[seite]}"
    assert gross == klein, f"{seite}: {klein} Abfragen bei 1×, {gross} bei 10×"


def test_meine_massnahmen_at_10x_shows_every_measure(client, personen):
    runde = b.berichtsrunde(status=RundenStatus.OFFEN)
    aufbauen(10, 2031, personen, runde)
    client.force_login(personen.partner_a)
    response = client.get(reverse("measures:meine-massnahmen"))
    assert response.context["paginator"].count == 100
    assert len(response.context["massnahmen"]) == 20
    assert all(m.letzte_sachstaende and m.offene_anfragen for m in response.context["massnahmen"])
