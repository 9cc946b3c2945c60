"""Benchmark of the PDF progress reports: time, pages and peak memory per kind of report.

Called by ``tests/bench/__main__.py`` (``make bench``, ``make bench BENCH=reports``). Works in a
throw-away test database: loads the 2020 concept, gives the measures varied states, approved
Sachstände and two closed Berichtsrunden, then

- for the Gesamtbericht: the product's time (sammeln + HTML + rendering in the worker's forked
  child, with whatever post-processing ``render._rendern`` does) beside a bare WeasyPrint
  rendering of the same HTML in this process, in the same run, and the ratio (aims: ≤ 2.5 s,
  ≤ 1.2×);
- for each kind of report: the worker's task (berichte/tasks.py) from the stored Auftrag to the
  file, then the time to serve the stored file through the view (aim < 20 ms, median of N).
"""

import random
import statistics
import tempfile
import time
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
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


WIEDERHOLUNGEN = 3  # renderings of each variant of the Gesamtbericht (median)
AUSLIEFERUNGEN = 30  # requests for a stored file (median)


def _median_zeit(funktion, anzahl):
    zeiten = []
    for _ in range(anzahl):
        start = time.perf_counter()
        funktion()
        zeiten.append(time.perf_counter() - start)
    return statistics.median(zeiten)


def vergleich_gesamtbericht(ausgabe):
    """The product's Gesamtbericht beside a bare WeasyPrint rendering of the same HTML."""
    from weasyprint import HTML

    from berichte.data import Berichtsauftrag, sammeln
    from berichte.render import PDF_OPTIONEN, STIL_WURZEL, NurLokal, html_erzeugen, pdf_aus_html

    auftrag = Berichtsauftrag()
    phasen = {}

    def produkt():
        t0 = time.perf_counter()
        bericht = sammeln(auftrag)
        t1 = time.perf_counter()
        html = html_erzeugen(bericht)
        t2 = time.perf_counter()
        pdf_aus_html(html)  # as the worker renders: forked child, limits, post-processing
        t3 = time.perf_counter()
        for name, dauer in (("sammeln", t1 - t0), ("html", t2 - t1), ("rendern", t3 - t2)):
            phasen.setdefault(name, []).append(dauer)

    html = html_erzeugen(sammeln(auftrag))

    def nackt():
        HTML(string=html, base_url=STIL_WURZEL.as_uri() + "/", url_fetcher=NurLokal()).write_pdf(
            **PDF_OPTIONEN
        )

    nackt()  # fonts and hyphenation dictionaries loaded once for both
    # Interleaved, so that a busy neighbour on the machine weighs on both alike.
    produkt_zeiten, nackt_zeiten = [], []
    for _ in range(WIEDERHOLUNGEN):
        produkt_zeiten.append(_median_zeit(produkt, 1))
        nackt_zeiten.append(_median_zeit(nackt, 1))
    p, n = statistics.median(produkt_zeiten), statistics.median(nackt_zeiten)
    teile = ", ".join(f"{k} {statistics.median(v):.2f} s" for k, v in phasen.items())
    ausgabe(
        f"  Gesamtbericht (heute), Median aus {WIEDERHOLUNGEN}: Produkt {p:.2f} s ({teile}); "
        f"WeasyPrint allein {n:.2f} s; Verhältnis {p / n:.2f}× "
        f"(Ziel ≤ 1.2×, ≤ 2.5 s: {'OK' if p / n <= 1.2 and p <= 2.5 else 'verfehlt'})"
    )


def _ratsmitglied():
    """A council member: may have the internal report too (no second factor, unlike staff)."""
    from django.contrib.auth.models import Group

    from measures.roles import BUERGERSCHAFT

    rat = User.objects.create_user("bench-rat", "rat@example.org", "bench-geheim-123")
    rat.groups.add(Group.objects.get_or_create(name=BUERGERSCHAFT)[0])
    return rat


def _url(auftrag):
    if auftrag.art == "handlungsfeld":
        pfad = reverse("measures:bericht-handlungsfeld", kwargs={"nummer": auftrag.handlungsfeld})
    elif auftrag.art == "akteur":
        pfad = reverse("measures:bericht-akteur", kwargs={"slug": auftrag.akteur})
    else:
        pfad = reverse("measures:bericht-gesamt")
    parameter = [f"berichtsrunde={auftrag.berichtsrunde}"] if auftrag.berichtsrunde else []
    parameter += ["intern=1"] if auftrag.intern else []
    return pfad + ("?" + "&".join(parameter) if parameter else "")


def _messen(auftrag, ausgabe, client):
    from berichte import ablage
    from berichte.tasks import bericht_erstellen

    datei = ablage.anfordern(auftrag)
    start = time.perf_counter()
    bericht_erstellen.call(datei.pk)
    gesamt = time.perf_counter() - start
    datei.refresh_from_db()
    ausgabe(
        f"  {_name(auftrag):<32} {gesamt:6.2f} s im Worker (Datei {datei.sekunden:5.2f} s)  "
        f"{datei.seiten or 0:3d} Seiten  {(datei.groesse or 0) / 1024:5.0f} KiB"
    )
    url = _url(auftrag)

    def ausliefern():
        antwort = client.get(url)
        assert antwort.status_code == 200, antwort.status_code
        b"".join(antwort.streaming_content)

    ausliefern()
    ms = _median_zeit(ausliefern, AUSLIEFERUNGEN) * 1000
    ausgabe(
        f"  {'  … gespeichert ausgeliefert':<32} {ms:6.1f} ms (Median aus {AUSLIEFERUNGEN}; "
        f"Ziel < 20 ms: {'OK' if ms < 20 else 'verfehlt'})"
    )


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

    with (
        wegwerf_datenbank("bench-berichte-") as test_db,
        tempfile.TemporaryDirectory(prefix="bench-berichtsdateien-") as ablage_ordner,
        override_settings(BERICHT_ROOT=ablage_ordner, ALLOWED_HOSTS=["testserver"]),
    ):
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
        vergleich_gesamtbericht(ausgabe)
        client = Client()
        client.force_login(_ratsmitglied())
        for auftrag in (
            Berichtsauftrag(),
            Berichtsauftrag(intern=True),
            Berichtsauftrag(berichtsrunde=zweite.pk),
            Berichtsauftrag(art="handlungsfeld", handlungsfeld="5.2"),
            Berichtsauftrag(art="akteur", akteur=akteur.slug),
        ):
            _messen(auftrag, ausgabe, client)
