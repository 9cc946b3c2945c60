"""Benchmark of the PDF progress reports: time, pages and peak memory per kind of report.

Called by ``tests/bench/__main__.py`` (``make bench``). Works in a throw-away test database:
loads the 2020 concept, gives the measures varied states, approved Sachstände and two closed
Berichtsrunden, then renders each kind of report (and a cached one) and prints the figures.
"""

import random
import time
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.cache import cache
from django.utils import timezone

from measures.choices import Ampel, Pruefstatus, RundenStatus, Status
from measures.models import (
    Akteur,
    Berichtsrunde,
    Berichtsstand,
    Massnahme,
    Sachstand,
    Zustaendigkeit,
)
from tests.bench.wegwerf import wegwerf_datenbank

SACHSTAND_TEXT = (
    "Die Maßnahme wurde mit den Partnern abgestimmt. Im Berichtszeitraum fanden drei "
    "Veranstaltungen statt; das Angebot des SBZ wird gut angenommen, die Mittel des BAMF "
    "sind bis Jahresende gesichert."
)


def beispieldaten(seed=2025):
    """Varied states, one approved Sachstand per measure and two closed Berichtsrunden."""
    zufall = random.Random(seed)
    massnahmen = list(Massnahme.objects.order_by("pk"))
    konto, _neu = User.objects.get_or_create(username="bench-buero", defaults={"is_staff": True})
    erste = Berichtsrunde.objects.create(
        titel="Berichtsrunde 2024",
        stichtag=date(2024, 12, 31),
        faellig_am=date(2025, 1, 31),
        status=RundenStatus.GESCHLOSSEN,
        geschlossen_am=timezone.now() - timedelta(days=300),
    )
    zweite = Berichtsrunde.objects.create(
        titel="Berichtsrunde Juni 2025",
        stichtag=date(2025, 6, 30),
        faellig_am=date(2025, 7, 31),
        status=RundenStatus.GESCHLOSSEN,
        geschlossen_am=timezone.now() - timedelta(days=100),
    )
    erste_akteure = dict(
        Zustaendigkeit.objects.order_by("massnahme", "-federfuehrend").values_list(
            "massnahme", "akteur"
        )
    )
    staende, sachstaende = [], []
    for m in massnahmen:
        vorher = zufall.randrange(0, 60, 10)
        m.fortschritt = min(100, vorher + zufall.randrange(0, 50, 10))
        m.status = zufall.choice(Status.values)
        m.ampel = zufall.choice(Ampel.values)
        m.interne_notiz = "Rückfrage beim Träger offen." if zufall.random() < 0.2 else ""
        m.save()
        staende.append(
            Berichtsstand(
                berichtsrunde=erste,
                massnahme=m,
                status=zufall.choice(Status.values),
                ampel=zufall.choice(Ampel.values),
                fortschritt=vorher,
            )
        )
        staende.append(
            Berichtsstand(
                berichtsrunde=zweite,
                massnahme=m,
                status=m.status,
                ampel=m.ampel,
                fortschritt=m.fortschritt,
            )
        )
        akteur_id = erste_akteure.get(m.pk) or Akteur.objects.values_list("pk", flat=True)[0]
        sachstaende.append(
            Sachstand(
                massnahme=m,
                akteur_id=akteur_id,
                berichtsrunde=zweite,
                datum=date(2025, 6, 15),
                status=m.status,
                ampel=m.ampel,
                fortschritt=m.fortschritt,
                text=SACHSTAND_TEXT,
                eingereicht_von=konto,
                pruefstatus=Pruefstatus.FREIGEGEBEN,
                geprueft_von=konto,
                geprueft_am=timezone.now(),
            )
        )
    Berichtsstand.objects.bulk_create(staende)
    Sachstand.objects.bulk_create(sachstaende)
    return erste, zweite


def _messen(auftrag, ausgabe):
    from berichte import cache as bericht_cache

    start = time.perf_counter()
    _bericht, ergebnis = bericht_cache.erzeugen_und_ablegen(auftrag)
    gesamt = time.perf_counter() - start
    ausgabe(
        f"  {_name(auftrag):<32} {gesamt:6.2f} s (Rendern {ergebnis.sekunden:5.2f} s, "
        f"Rechenzeit {ergebnis.rechenzeit:5.2f} s)  "
        f"{ergebnis.seiten:3d} Seiten  {len(ergebnis.pdf) / 1024:5.0f} KiB  "
        f"Spitze {ergebnis.speicher_kb / 1024:4.0f} MiB (+{ergebnis.zuwachs_kb / 1024:.0f} MiB)"
    )
    # The same report again, unchanged data: from the cache.
    start = time.perf_counter()
    bericht_cache.bericht_pdf(auftrag)
    ausgabe(f"  {'  … aus dem Cache':<32} {(time.perf_counter() - start) * 1000:6.1f} ms")


def _name(auftrag):
    if auftrag.art == "handlungsfeld":
        return f"Handlungsfeld-Bericht {auftrag.handlungsfeld}"
    if auftrag.art == "akteur":
        return f"Akteur-Bericht {auftrag.akteur[:18]}"
    if auftrag.berichtsrunde:
        return "Gesamtbericht (Berichtsrunde)"
    return "Gesamtbericht (heute)" + (" intern" if auftrag.intern else "")


def run(ausgabe=print):
    """Print generation time, pages and peak memory of each kind of report."""
    from berichte.data import Berichtsauftrag

    with wegwerf_datenbank("bench-berichte-") as test_db:
        _erste, zweite = beispieldaten()
        cache.clear()
        akteur = (
            Akteur.objects.filter(zustaendigkeiten__isnull=False)
            .order_by("-zustaendigkeiten__federfuehrend", "name")
            .first()
        )
        ausgabe(
            f"PDF-Berichte ({Massnahme.objects.count()} Maßnahmen, je mit freigegebenem "
            f"Sachstand; Datenbank {test_db}):"
        )
        # Fonts and the hyphenation dictionary load once per process, not per report.
        from berichte.render import aufwaermen

        aufwaermen()
        for auftrag in (
            Berichtsauftrag(),
            Berichtsauftrag(intern=True),
            Berichtsauftrag(berichtsrunde=zweite.pk),
            Berichtsauftrag(art="handlungsfeld", handlungsfeld="5.2"),
            Berichtsauftrag(art="akteur", akteur=akteur.slug),
        ):
            _messen(auftrag, ausgabe)
