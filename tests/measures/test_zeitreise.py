"""measures/zeitreise.py: the state at the end of a Stichtag, held to simple-history's ``as_of``."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from measures.choices import Ampel, Seite, Status
from measures.models import Akteur, Massnahme, Meilenstein, Zustaendigkeit
from measures.verzug import ist_ueberfaellig
from measures.zeitreise import (
    MassnahmeStand,
    _aus_der_geschichte,
    deutscher_schluessel,
    ende_des_tages,
    stand_am,
)
from tests import builders as b

BERLIN = ZoneInfo("Europe/Berlin")
START = date(2025, 3, 1)


def _um(tag, stunde=12, minute=0):
    return datetime.combine(tag, time(stunde, minute), tzinfo=BERLIN)


def _plan():
    tz = b.teilziel(b.handlungsfeld(b.kapitel(b.konzept()), "5.2"), 1)
    return tz


def _erwartet(moment, pks, stichtag):
    """The same state through simple-history's own ``as_of`` (instances, one by one)."""
    massnahmen = {m.pk: m for m in Massnahme.history.as_of(moment) if m.pk in pks}
    akteure_damals = {a.pk: a for a in Akteur.history.as_of(moment)}
    akteure_heute = {a.pk: a for a in Akteur.objects.all()}
    zustaendigkeiten, meilensteine = {}, {}
    for z in Zustaendigkeit.history.as_of(moment):
        akteur = akteure_damals.get(z.akteur_id) or akteure_heute[z.akteur_id]
        zustaendigkeiten.setdefault(z.massnahme_id, []).append(
            (z.akteur_id, akteur.name, z.seite, z.federfuehrend, z.hinweis)
        )
    for m in Meilenstein.history.as_of(moment):
        meilensteine.setdefault(m.massnahme_id, []).append(
            (m.titel, m.faellig_am, m.erledigt_am, m.notiz)
        )
    ergebnis = {}
    for pk, m in massnahmen.items():
        zs = sorted(
            zustaendigkeiten.get(pk, []), key=lambda z: (not z[3], deutscher_schluessel(z[1]))
        )
        ms = sorted(meilensteine.get(pk, []), key=lambda x: (x[1], x[0]))
        ergebnis[pk] = (
            m.status,
            m.ampel,
            m.fortschritt,
            m.text,
            m.zieldatum,
            zs,
            ms,
            ist_ueberfaellig(m.status, m.zieldatum, [(f, e) for _t, f, e, _n in ms], stichtag),
            m.beginn,
            m.geaendert_am,
        )
    return ergebnis


def _vergleichbar(staende):
    return {
        pk: (
            s.status,
            s.ampel,
            s.fortschritt,
            s.text,
            s.zieldatum,
            [
                (z.akteur_id, z.name, z.seite, z.federfuehrend, z.hinweis)
                for z in s.zustaendigkeiten
            ],
            [(m.titel, m.faellig_am, m.erledigt_am, m.notiz) for m in s.meilensteine],
            s.ueberfaellig,
            s.beginn,
            s.geaendert_am,
        )
        for pk, s in staende.items()
    }


SCHRITT = st.tuples(
    st.sampled_from(
        [
            "neu",
            "status",
            "text",
            "loeschen",
            "zustaendig",
            "ffd",
            "nicht_zustaendig",
            "umbenennen",
            "meilenstein",
            "erledigt",
            "meilenstein_weg",
        ]
    ),
    st.integers(0, 50),  # which object
    st.integers(0, 2),  # days until the step
    st.integers(0, 23),  # hour in Berlin (late ones cross midnight UTC)
)


def _ausfuehren(art, wahl, tag, tz, akteure):
    massnahmen = list(Massnahme.objects.order_by("pk"))

    def eine(liste):
        return liste[wahl % len(liste)] if liste else None

    m = eine(massnahmen)
    if art == "neu" or m is None:
        b.massnahme(tz, f"x{Massnahme.objects.count()}{wahl}", text=f"Neu {wahl}")
    elif art == "status":
        m.status = list(Status.values)[wahl % len(Status.values)]
        m.ampel = list(Ampel.values)[wahl % len(Ampel.values)]
        m.fortschritt = wahl * 2
        m.zieldatum = tag + timedelta(days=wahl % 7 - 3)
        m.beginn = tag - timedelta(days=wahl % 3)
        m.save()
    elif art == "text":
        m.text = f"Wortlaut {wahl} vom {tag}"
        m.save()
    elif art == "loeschen":
        m.delete()
    elif art == "zustaendig":
        akteur = eine(akteure)
        Zustaendigkeit.objects.get_or_create(
            massnahme=m, akteur=akteur, defaults={"seite": akteur.seite, "hinweis": f"h{wahl}"}
        )
    elif art == "ffd":
        z = eine(list(Zustaendigkeit.objects.order_by("pk")))
        if z:
            z.federfuehrend = not z.federfuehrend
            z.save()
    elif art == "nicht_zustaendig":
        z = eine(list(Zustaendigkeit.objects.order_by("pk")))
        if z:
            z.delete()
    elif art == "umbenennen":
        akteur = eine(akteure)
        akteur.name = f"{akteur.name.split(' ·')[0]} · {wahl}{tag.day}"
        akteur.save()
    elif art == "meilenstein":
        Meilenstein.objects.create(
            massnahme=m, titel=f"Schritt {wahl}", faellig_am=tag + timedelta(days=wahl % 5 - 2)
        )
    elif art == "erledigt":
        ms = eine(list(Meilenstein.objects.order_by("pk")))
        if ms:
            ms.erledigt_am = tag
            ms.save()
    elif art == "meilenstein_weg":
        ms = eine(list(Meilenstein.objects.order_by("pk")))
        if ms:
            ms.delete()


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(schritte=st.lists(SCHRITT, min_size=1, max_size=14))
@example(schritte=[("zustaendig", 0, 1, 10), ("nicht_zustaendig", 0, 1, 23)])
@example(schritte=[("umbenennen", 1, 0, 23), ("zustaendig", 1, 1, 0), ("umbenennen", 1, 1, 1)])
def test_stand_am_gleicht_as_of_nach_zufaelligen_aenderungen(schritte):
    with transaction.atomic():
        with time_machine.travel(_um(START - timedelta(days=1)), tick=False):
            tz = _plan()
            akteure = [
                b.akteur("Ämterrunde", seite=Seite.INTERN),
                b.akteur("Amt B", seite=Seite.INTERN),
                b.akteur("Zukunftsverein", seite=Seite.EXTERN),
            ]
            b.massnahme(tz, "a", text="Erste")
        tag = START
        for i, (art, wahl, tage, stunde) in enumerate(schritte):
            tag += timedelta(days=tage)
            with time_machine.travel(_um(tag, stunde, i % 60), tick=False):
                _ausfuehren(art, wahl, tag, tz, akteure)
        alle = Massnahme.objects.all()
        pks = set(alle.values_list("pk", flat=True))
        for stichtag in [START - timedelta(days=2)] + [
            START + timedelta(days=d) for d in range(0, (tag - START).days + 2)
        ]:
            erwartet = _erwartet(ende_des_tages(stichtag), pks, stichtag)
            assert _vergleichbar(_aus_der_geschichte(alle, stichtag)) == erwartet, stichtag
        transaction.set_rollback(True)


@pytest.fixture
def gestern_und_heute(personen):
    """5.2 / 1 a as it stood yesterday and as it was changed today."""
    gestern = date(2026, 5, 4)
    with time_machine.travel(_um(gestern, 9), tick=False):
        tz = _plan()
        amt = b.akteur("Amt für Jugend", kurzname="AfJ")
        verein = b.akteur("Verein Brücke", seite=Seite.EXTERN)
        m = b.massnahme(tz, "a", text="Alter Wortlaut", status=Status.IN_PLANUNG, fortschritt=30)
        b.zustaendigkeit(m, amt, federfuehrend=True)
        b.zustaendigkeit(m, verein)
        Meilenstein.objects.create(massnahme=m, titel="Konzept", faellig_am=date(2026, 5, 1))
    # 23:30 in Berlin is already the next day in UTC; it still belongs to yesterday.
    with time_machine.travel(_um(gestern, 23, 30), tick=False):
        m.fortschritt = 35
        m.save()
    with time_machine.travel(_um(gestern + timedelta(days=1), 10), tick=False):
        m.status, m.fortschritt, m.text = Status.UMGESETZT, 100, "Neuer Wortlaut"
        m.save()
        amt.name = "Amt für Jugend und Familie"
        amt.save()
        Zustaendigkeit.objects.filter(akteur=verein).get().delete()
        b.zustaendigkeit(m, b.akteur("Neues Amt"), federfuehrend=True)
    return m, gestern


def test_gestern_zeigt_den_stand_von_gestern(gestern_und_heute):
    m, gestern = gestern_und_heute
    with time_machine.travel(_um(gestern + timedelta(days=1), 15), tick=False):
        stand = stand_am(Massnahme.objects.all(), gestern)[m.pk]
        heute = stand_am(Massnahme.objects.all())[m.pk]
    assert (stand.status, stand.fortschritt, stand.text) == (
        Status.IN_PLANUNG,
        35,
        "Alter Wortlaut",
    )
    assert [(z.name, z.kurzname, z.federfuehrend) for z in stand.zustaendigkeiten] == [
        ("Amt für Jugend", "AfJ", True),
        ("Verein Brücke", "", False),
    ]
    assert stand.ueberfaellig  # the milestone of 1 May is open
    assert [z.name for z in stand.federfuehrend] == ["Amt für Jugend"]
    assert (heute.status, heute.text) == (Status.UMGESETZT, "Neuer Wortlaut")
    assert [z.name for z in heute.zustaendigkeiten] == ["Amt für Jugend und Familie", "Neues Amt"]
    assert not heute.ueberfaellig


def test_vor_dem_anlegen_gibt_es_die_massnahme_nicht(gestern_und_heute):
    m, gestern = gestern_und_heute
    with time_machine.travel(_um(gestern + timedelta(days=1), 15), tick=False):
        assert stand_am(Massnahme.objects.all(), gestern - timedelta(days=1)) == {}


def test_heute_ist_der_billige_weg_mit_demselben_ergebnis(gestern_und_heute):
    m, gestern = gestern_und_heute
    heute = gestern + timedelta(days=1)
    with time_machine.travel(_um(heute, 15), tick=False):
        alle = Massnahme.objects.all()
        billig = stand_am(alle, heute)
        assert billig == stand_am(alle) == _aus_der_geschichte(alle, heute)
        assert isinstance(billig[m.pk], MassnahmeStand)


def test_deutsche_reihenfolge():
    namen = ["Konservatorium", "Kämmereiamt", "amt Z", "Ämterrunde"]
    assert sorted(namen, key=deutscher_schluessel) == [
        "amt Z",
        "Ämterrunde",
        "Kämmereiamt",
        "Konservatorium",
    ]


@pytest.mark.django_db
def test_abfragen_wachsen_nicht_mit_der_zahl_der_massnahmen():
    with time_machine.travel(_um(date(2026, 1, 5)), tick=True):
        tz = _plan()
        akteur = b.akteur("Amt A")

    def anlegen(anzahl):
        with time_machine.travel(_um(date(2026, 1, 6)), tick=True):
            for i in range(anzahl):
                m = b.massnahme(tz, f"k{Massnahme.objects.count()}")
                b.zustaendigkeit(m, akteur, federfuehrend=i % 2 == 0)
                Meilenstein.objects.create(massnahme=m, titel="S", faellig_am=date(2026, 1, 1))

    def zaehlen():
        with CaptureQueriesContext(connection) as abfragen:
            staende = stand_am(Massnahme.objects.all(), date(2026, 1, 7))
        return len(abfragen), len(staende)

    anlegen(2)
    wenige, n = zaehlen()
    assert n == 2
    anlegen(20)
    viele, n = zaehlen()
    assert n == 22
    assert viele == wenige <= 5
