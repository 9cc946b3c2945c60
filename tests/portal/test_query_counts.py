"""Every public page and API list needs a fixed number of queries, however much data there is,
for every role (tests/people.py): anonymous, partner_a, partner_b, buergerschaft, buero.

Staff pay one query more on every page: the session's second-factor device (django-otp).
The budgets live in tests/query_counts.json (page name → role → most queries allowed), as NetBox
keeps them. Each page is requested by every role once with synthetic data of size 1× and once at
10× (Maßnahmen, Akteure, Zuständigkeiten, Sachstände, Berichtsrunden); the count must stay within
budget and be the same at both sizes — a count that grows with the data is an N+1 query, as a
permission asked per row would be.
"""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concept.models import BestPracticeBeispiel
from measures.choices import Ampel, Pruefstatus, Seite, Status
from measures.models import (
    Akteur,
    Berichtsrunde,
    Massnahme,
    Meilenstein,
    Sachstand,
    Zustaendigkeit,
)
from tests import builders as b

pytestmark = pytest.mark.django_db

BUDGETS = json.loads((Path(__file__).parents[1] / "query_counts.json").read_text())
ROLLEN = ["anonymous", "partner_a", "partner_b", "buergerschaft", "buero"]
STATUS = list(Status.values)
AMPEL = list(Ampel.values)


def aufbauen(faktor, jahr, mitglied):
    """A Konzept whose every part grows with ``faktor``; returns the URLs of its pages.

    Each build is a newer Konzept (adopted in ``jahr``), so the pages show the latest build.
    """
    konzept = b.konzept(beschlossen_am=date(jahr, 1, 1))
    kap = b.kapitel(konzept, "5", "Kapitel")
    unterkapitel = b.kapitel(konzept, "5.1", "Unterkapitel", eltern=kap)
    akteure = Akteur.objects.bulk_create(
        Akteur(
            name=f"Akteur {jahr}-{i}",
            slug=f"akteur-{jahr}-{i}",
            seite=Seite.INTERN if i % 2 else Seite.EXTERN,
            art="amt",
        )
        for i in range(4 * faktor)
    )
    akteure[0].mitglieder.add(mitglied)
    handlungsfelder = []
    for h in range(2 + faktor):
        hf = b.handlungsfeld(unterkapitel if h % 2 else kap, f"5.{h + 2}")
        handlungsfelder.append(hf)
        BestPracticeBeispiel.objects.create(handlungsfeld=hf, titel=f"Beispiel {h}", text="Text")
        for t in (1, 2):
            tz = b.teilziel(hf, t)
            Massnahme.objects.bulk_create(
                Massnahme(
                    teilziel=tz,
                    kennung=_buchstaben(m),
                    text=f"Maßnahme {m} mit Text",
                    status=STATUS[m % len(STATUS)],
                    ampel=AMPEL[m % len(AMPEL)],
                    fortschritt=(m * 7) % 101,
                    interne_notiz="intern",
                )
                for m in range(5 * faktor)
            )
    handlungsfelder[0].verweise.add(*handlungsfelder[1:])
    massnahmen = list(Massnahme.objects.filter(teilziel__handlungsfeld__konzept=konzept))
    # Two Meilensteine each, one missed (the measure is überfällig unless done), one done.
    Meilenstein.objects.bulk_create(
        Meilenstein(
            massnahme=m,
            titel=f"Schritt {k}",
            faellig_am=date(jahr, 2, 1) - timedelta(days=400 * k),
            erledigt_am=date(jahr, 1, 1) - timedelta(days=400) if k else None,
        )
        for m in massnahmen
        for k in (0, 1)
    )
    Zustaendigkeit.objects.bulk_create(
        Zustaendigkeit(
            massnahme=m,
            akteur=akteure[(i + k) % len(akteure)] if k else akteure[0],
            seite=Seite.INTERN,
            federfuehrend=k == 0,
        )
        for i, m in enumerate(massnahmen)
        for k in (0, 1)
        if k == 0 or akteure[(i + k) % len(akteure)] != akteure[0]
    )
    erste = massnahmen[0]
    erste.verweise.add(*handlungsfelder[1:])
    Sachstand.objects.bulk_create(
        Sachstand(
            massnahme=m,
            akteur=akteure[0],
            datum=date(jahr, 1, 1) + timedelta(days=s),
            status=Status.IN_UMSETZUNG,
            ampel=Ampel.IM_PLAN,
            fortschritt=50,
            text="Stand",
            eingereicht_von=mitglied,
            pruefstatus=Pruefstatus.EINGEREICHT if s % 2 else Pruefstatus.FREIGEGEBEN,
        )
        for m in massnahmen
        # The Maßnahme page's timeline grows with the data; the others get one each.
        for s in range(4 * faktor if m == erste else 1)
    )
    Berichtsrunde.objects.bulk_create(
        Berichtsrunde(titel=f"Runde {r}", stichtag=date(jahr, 6, 30), faellig_am=date(jahr, 7, 31))
        for r in range(2 * faktor)
    )
    for i in range(2 * faktor):
        indikator = b.indikator(
            f"ind-{jahr}-{i}", oeffentlich=i % 2 == 0, handlungsfelder=handlungsfelder[:2]
        )
        for messjahr in (2019, 2020):
            b.messwert(indikator, messjahr, i)
    hf = handlungsfelder[0]
    erste = Massnahme.objects.select_related("teilziel__handlungsfeld").get(pk=erste.pk)
    return {
        "uebersicht": "/",
        "handlungsfeld": f"/handlungsfelder/{hf.nummer}/",
        "massnahme": erste.get_absolute_url(),
        "massnahmen": "/massnahmen/",
        "massnahmen_gefiltert": (
            f"/massnahmen/?kapitel=5&status=in_umsetzung&status=umgesetzt&ampel=kritisch&ampel=unbewertet"
            f"&akteur={akteure[0].slug}&seite=intern&federfuehrend=true&q=Text+Maßnahme"
        ),
        "massnahmen_seite_2": "/massnahmen/?page=2",
        "akteure": "/akteure/",
        "akteur": akteure[0].get_absolute_url(),
        "best_practice": "/best-practice/",
        "barrierefreiheit": "/barrierefreiheit/",
        "leichte_sprache": "/leichte-sprache/",
        "kontakt": "/kontakt/",
        "impressum": "/impressum/",
        "api_massnahmen": "/api/v1/massnahmen/",
        "api_massnahmen_gefiltert": (
            f"/api/v1/massnahmen/?akteur={akteure[0].slug}&seite=intern&status=in_umsetzung"
            "&ordering=-fortschritt"
        ),
        "api_handlungsfelder": "/api/v1/handlungsfelder/",
        "api_teilziele": "/api/v1/teilziele/",
        "api_akteure": "/api/v1/akteure/",
        "api_sachstaende": "/api/v1/sachstaende/",
        "api_berichtsrunden": "/api/v1/berichtsrunden/",
        "api_indikatoren": "/api/v1/indikatoren/",
        "api_messwerte": "/api/v1/messwerte/",
        # Open data (portal/views/offene_daten.py): the page, the catalogue, the flat tables.
        "offene_daten": "/offene-daten/",
        "offene_daten_katalog": "/offene-daten/katalog.ttl",
        "offene_daten_massnahmen_csv": "/offene-daten/massnahmen.csv",
        "offene_daten_massnahmen_xlsx": "/offene-daten/massnahmen.xlsx",
        "offene_daten_zip": "/offene-daten/alle-daten.zip",
    }


def _buchstaben(n):
    """0 → a, 25 → z, 26 → ba … (public identifiers need letters)."""
    zeichen = ""
    while True:
        n, rest = divmod(n, 26)
        zeichen = chr(97 + rest) + zeichen
        if n == 0:
            return zeichen


def _zaehlen(client, url):
    # Once before counting: per-process caches (content types, permissions) are not data.
    client.get(url)
    with CaptureQueriesContext(connection) as abfragen:
        response = client.get(url)
    assert response.status_code == 200, url
    # A page that shows nothing proves nothing: the lists must have rows at both sizes.
    for liste in ("massnahmen", "akteure", "beispiele", "zustaendigkeiten"):
        if response.context and liste in response.context:
            assert len(response.context[liste]) > 0, f"{url}: {liste} leer"
    if url.startswith("/api/") and "results" in response.json():
        assert response.json()["results"], f"{url}: keine Zeilen"
    return len(abfragen)


def _je_rolle(client, personen, url):
    zahlen = {}
    for rolle in ROLLEN:
        client.logout()
        if rolle != "anonymous":
            client.force_login(getattr(personen, rolle))
        zahlen[rolle] = _zaehlen(client, url)
    return zahlen


# The public pages and API lists measured here; other engineers may keep further budgets in the
# same file.
SEITEN = [
    "uebersicht",
    "handlungsfeld",
    "massnahme",
    "massnahmen",
    "massnahmen_gefiltert",
    "massnahmen_seite_2",
    "akteure",
    "akteur",
    "best_practice",
    "barrierefreiheit",
    "leichte_sprache",
    "kontakt",
    "impressum",
    "api_massnahmen",
    "api_massnahmen_gefiltert",
    "api_handlungsfelder",
    "api_teilziele",
    "api_akteure",
    "api_sachstaende",
    "api_berichtsrunden",
    "api_indikatoren",
    "api_messwerte",
    "offene_daten",
    "offene_daten_katalog",
    "offene_daten_massnahmen_csv",
    "offene_daten_massnahmen_xlsx",
    "offene_daten_zip",
]


@pytest.mark.parametrize("seite", SEITEN)
def test_page_queries_are_bounded_and_do_not_grow_for_every_role(client, personen, seite):
    klein = _je_rolle(client, personen, aufbauen(1, 2030, personen.partner_a)[seite])
    gross = _je_rolle(client, personen, aufbauen(10, 2031, personen.partner_a)[seite])
    ueber = {r: (klein[r], BUDGETS[seite][r]) for r in ROLLEN if klein[r] > BUDGETS[seite][r]}
    assert not ueber, f"{seite}: über dem Budget (Abfragen, Budget): {ueber}"
    assert gross == klein, f"{seite}: {klein} Abfragen bei 1×, {gross} bei 10×"


def test_every_public_page_has_a_budget():
    from portal.urls import urlpatterns

    oeffentlich = {
        "overview": "uebersicht",
        "handlungsfeld": "handlungsfeld",
        "massnahme": "massnahme",
        "massnahmen": "massnahmen",
        "akteure": "akteure",
        "akteur": "akteur",
        "best-practice": "best_practice",
        "barrierefreiheit": "barrierefreiheit",
        "leichte-sprache": "leichte_sprache",
        "kontakt": "kontakt",
        "impressum": "impressum",
        "offene-daten": "offene_daten",
        "offene-daten-katalog-ttl": "offene_daten_katalog",
    }
    assert set(oeffentlich) <= {p.name for p in urlpatterns}
    assert set(oeffentlich.values()) <= set(SEITEN)
    assert set(SEITEN) <= set(BUDGETS)
    assert all(set(BUDGETS[seite]) == set(ROLLEN) for seite in SEITEN)
