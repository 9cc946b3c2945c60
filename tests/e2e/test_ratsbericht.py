"""Der Ratsbericht, the whole story of issue 15 in real Chromium and through the real worker.

A small plan has a history: in 2025 the Büro closed "Berichtsrunde 2025"; since then measure X
(5.2 / 1 a) turned kritisch, Y (5.2 / 1 b) missed a milestone (überfällig) and Z (5.3 / 1 a)
was umgesetzt, all reported and approved in the open "Berichtsrunde 2026". One person of the
Büro wrote the overall assessment and that of 5.2, a second one approved both (four eyes).

The Büro closes the round in the admin, after the page that says what closing does. The real
``manage.py db_worker`` renders the round's reports into stored files and mails the council
member that they are ready. She follows the mail's link, logs in, reads the Büro's assessment
on her start page and downloads the round's Gesamtbericht: "Auf einen Blick" names X and Y with
their titles, the assessment is there, Anhang C lists Z as neu umgesetzt, the PDF's title is
the public one. The Büro then changes X's wording and a Zuständigkeit; the next download is a
new rendering by the worker (the Datenstand changed) with the very same text: the round is
frozen. Anyone, without login, sees X's page as it stood at the 2025 round's Stichtag.

Tasks go to the database (``echte_aufgaben``) and run only when the test runs the worker.
"""

import io
import re
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect
from pypdf import PdfReader

from berichte import einschaetzungen
from berichte.data import GESAMT
from berichte.models import Berichtsdatei, DateiStatus, Einschaetzung
from measures import berichtsrunden, sachstaende
from measures.choices import Ampel, RundenStatus, Status
from measures.models import Berichtsstand, Meilenstein, Zustaendigkeit
from measures.roles import rollen_einrichten
from tests import builders as b
from tests.berichte.einschaetzung_szenario import buero_person
from tests.e2e import partner_hilfen
from tests.e2e.partner_hilfen import PASSWORT, admin_anmelden
from tests.people import personen_anlegen
from tests.versand import conftest as versand_fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.echte_aufgaben,
    pytest.mark.django_db(transaction=True),
]
neue_seite = partner_hilfen.neue_seite
# The SMTP sink and the worker process of the mail queue's own end-to-end test (tests/versand/).
smtp = versand_fixtures.smtp
db_worker_prozess = versand_fixtures.db_worker_prozess

BERLIN = ZoneInfo("Europe/Berlin")
STICHTAG_2025 = date(2025, 6, 30)
STICHTAG_2026 = date(2026, 6, 30)
X_TITEL = "Berufssprachkurse in allen Stadtteilen anbieten"
X_NEU = "Berufssprachkurse in allen Stadtteilen und online anbieten"
Y_TITEL = "Mentoring für Neuzugewanderte"
Z_TITEL = "Sprachkitas ausbauen"
GESAMT_TEXT = "Die Sprachkitas sind geschafft; beim Mentoring fehlen Ehrenamtliche."
ARBEIT_TEXT = "Die Berufssprachkurse stocken, seit zwei Träger aufgegeben haben."
BETREFF = "Die Berichte der Berichtsrunde 2026 liegen vor"


def um(tag, stunde=10):
    return time_machine.travel(
        datetime(tag.year, tag.month, tag.day, stunde, tzinfo=BERLIN), tick=False
    )


def melden(partner, massnahme, runde, buero, status, ampel, fortschritt):
    sachstand = sachstaende.einreichen(
        partner,
        massnahme,
        berichtsrunde=runde,
        datum=date(2026, 6, 15),
        status=status,
        ampel=ampel,
        fortschritt=fortschritt,
        text=f"Sachstand zu {massnahme.referenz}.",
    )
    sachstaende.freigeben(sachstand, buero)


def plan_mit_geschichte():
    """The plan, the closed round of 2025, the changes since, the open round of 2026."""
    rollen_einrichten()
    personen = personen_anlegen()
    amt_a, verein_b = personen.akteur_a, personen.akteur_b
    with um(date(2025, 1, 15)):
        kapitel = b.kapitel(b.konzept(titel="2. Integrationskonzept", beschluss="2020/BV/0974"))
        arbeit = b.handlungsfeld(kapitel, "5.2", "Arbeit und Qualifizierung", sortierung=1)
        sprache = b.handlungsfeld(kapitel, "5.3", "Integration durch Sprache", sortierung=2)
        tz = b.teilziel(arbeit, 1, "Berufsbezogene Sprachförderung ausbauen")
        im_plan = {"status": Status.IN_UMSETZUNG, "ampel": Ampel.IM_PLAN}
        x = b.massnahme(tz, "a", text=X_TITEL, fortschritt=40, **im_plan)
        y = b.massnahme(tz, "b", text=Y_TITEL, fortschritt=30, **im_plan)
        z = b.massnahme(
            b.teilziel(sprache, 1, "Kitas fördern Sprache"),
            "a",
            text=Z_TITEL,
            fortschritt=60,
            **im_plan,
        )
        b.zustaendigkeit(x, amt_a, federfuehrend=True)
        b.zustaendigkeit(y, verein_b, federfuehrend=True)
        b.zustaendigkeit(z, verein_b, federfuehrend=True)

    # Closed in July 2025 (its reports went out then): its full snapshot, as closing takes it.
    with um(date(2025, 7, 15)):
        runde_2025 = b.berichtsrunde(
            "Berichtsrunde 2025", stichtag=STICHTAG_2025, faellig_am=date(2025, 7, 31)
        )
        Berichtsstand.objects.bulk_create(berichtsrunden.berichtsstaende(runde_2025))
        runde_2025.status = RundenStatus.GESCHLOSSEN
        runde_2025.save()

    with um(date(2026, 3, 1)):
        Meilenstein.objects.create(
            massnahme=y, titel="20 Mentorinnen geschult", faellig_am=date(2026, 4, 30)
        )

    with um(date(2026, 6, 1)):
        runde_2026 = b.berichtsrunde(
            "Berichtsrunde 2026", stichtag=STICHTAG_2026, faellig_am=date(2026, 7, 31)
        )
        berichtsrunden.oeffnen(runde_2026, mails=False)
    with um(date(2026, 6, 15)):
        # The partners report, the Büro approves: the measures take over the reported state.
        melden(
            personen.partner_a, x, runde_2026, personen.buero, Status.VERZOEGERT, Ampel.KRITISCH, 40
        )
        melden(
            personen.partner_b, z, runde_2026, personen.buero, Status.UMGESETZT, Ampel.IM_PLAN, 100
        )

    # Four eyes: one person of the Büro writes, a second one approves.
    autorin, pruefer = buero_person("autorin"), buero_person("pruefer")
    for handlungsfeld, text in ((None, GESAMT_TEXT), (arbeit, ARBEIT_TEXT)):
        entwurf = einschaetzungen.speichern(
            Einschaetzung(berichtsrunde=runde_2026, handlungsfeld=handlungsfeld, text=text),
            autorin,
        )
        einschaetzungen.freigeben(einschaetzungen.einreichen(entwurf, autorin), pruefer)
    return personen, runde_2025, runde_2026, x, y, z


@pytest.fixture
def worker(db_worker_prozess, monkeypatch, settings, live_server):
    """The real worker, writing report files where the live server reads them and linking to
    the live server in its mails."""
    monkeypatch.setenv("BERICHT_ROOT", str(settings.BERICHT_ROOT))
    monkeypatch.setenv("SITE_URL", live_server.url)
    settings.SITE_URL = live_server.url

    def laufen():
        prozess = db_worker_prozess()
        assert prozess.returncode == 0, prozess.stderr
        return prozess

    return laufen


def rat_anmelden(seite, link):
    """The council member opens the mail's link, logs in and lands on her start page."""
    seite.goto(link)
    seite.get_by_label("Benutzername").fill("buergerschaft")
    seite.get_by_label("Passwort").fill(PASSWORT)
    seite.get_by_role("button", name="Anmelden").click()
    seite.wait_for_url(link)
    return seite


def rundenlink(seite):
    return seite.get_by_role(
        "link", name="Gesamtbericht zur Berichtsrunde 2026 (Stichtag 30. Juni 2026)"
    )


def herunterladen(seite, link, worker, sekunden=90):
    """Click ``link`` and return the download's bytes. While the page "Der Bericht wird
    erstellt" shows, the worker runs once; the page's own refresh then brings the download."""
    downloads = []

    def angekommen(download):
        downloads.append(download)

    seite.on("download", angekommen)
    link.click()
    wird_erstellt = seite.get_by_role("heading", name="Der Bericht wird erstellt")
    gelaufen = False
    ende = time.monotonic() + sekunden
    while not downloads:
        assert time.monotonic() < ende, "Der Bericht kam nicht."
        if not gelaufen and wird_erstellt.is_visible():
            worker()
            gelaufen = True
        seite.wait_for_timeout(200)
    seite.remove_listener("download", angekommen)
    return Path(downloads[0].path()).read_bytes(), gelaufen


def text_ohne_datum(pdf):
    """The PDF's text, whitespace collapsed, without the line that says when it was made."""
    text = " ".join((seite.extract_text() or "") for seite in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"Erstellt am \S+ \S+ \d{4}", "", " ".join(text.split()))


def abschnitt(text, von, bis=None):
    anfang = text.index(von)
    return text[anfang : text.index(bis, anfang) if bis else None]


def rundenberichte(runde):
    return Berichtsdatei.objects.filter(auftrag__berichtsrunde=runde.pk)


def test_the_council_gets_a_true_and_frozen_report_of_the_closed_round(
    live_server, neue_seite, smtp, worker
):
    personen, _runde_2025, runde_2026, x, _y, _z = plan_mit_geschichte()
    basis = live_server.url

    # 1. The Büro closes the round after the page that says what closing does.
    buero = neue_seite()
    admin_anmelden(buero, basis, "buero")
    buero.goto(f"{basis}/admin/measures/berichtsrunde/")
    buero.get_by_role("row", name=re.compile("Berichtsrunde 2026")).get_by_role(
        "link", name="Rücklauf ansehen"
    ).click()
    buero.get_by_role("link", name="Runde schließen …").click()
    folgen = buero.locator(".folgen")
    expect(folgen).to_contain_text("Der Stand von 3 Maßnahmen wird als Berichtsstand")
    # 5.3 has no assessment of its own: the Büro is told, closing is still possible.
    expect(folgen.locator(".warnung-einschaetzungen")).to_contain_text(
        "1 von 2 Handlungsfeldern hat keine freigegebene Einschätzung des Büros."
    )
    buero.get_by_role("button", name="Ja, Runde schließen").click()
    expect(buero.locator(".messagelist")).to_contain_text("ist geschlossen")
    runde_2026.refresh_from_db()
    assert runde_2026.status == RundenStatus.GESCHLOSSEN
    # Enqueued, not rendered in the request: Gesamtbericht public and internal, 5.2, 5.3.
    assert rundenberichte(runde_2026).count() == 4
    assert smtp.nachrichten == []

    # 2. The real worker renders the round's reports and tells the council they are ready.
    worker()
    assert set(rundenberichte(runde_2026).values_list("status", flat=True)) == {DateiStatus.FERTIG}
    # The same run sends what the setup queued: each partner hears of the approval.
    gesendet = smtp.warten_auf(3, sekunden=30)
    assert sorted(n["To"] for n in gesendet) == [
        "buergerschaft@example.org",
        "partner_a@example.org",
        "partner_b@example.org",
    ], [(n["To"], n["Subject"]) for n in gesendet]
    (nachricht,) = [n for n in gesendet if n["To"] == "buergerschaft@example.org"]
    assert nachricht["Subject"].strip() == BETREFF
    link = re.search(r"https?://\S+/buergerschaft/", nachricht.get_content()).group(0)
    assert link == f"{basis}/buergerschaft/"

    # 3. The council member follows the link, logs in and lands on her start page.
    rat = rat_anmelden(neue_seite(), link)
    expect(rat.locator(".einschaetzung-des-bueros")).to_contain_text(GESAMT_TEXT)
    erster, gerendert = herunterladen(rat, rundenlink(rat), worker)
    assert not gerendert  # the file the worker made when the round closed

    reader = PdfReader(io.BytesIO(erster))
    assert reader.metadata.title == (
        "Fortschrittsbericht: Gesamtbericht zum Integrationskonzept – Stand 30. Juni 2026"
    )
    intern = rundenberichte(runde_2026).get(auftrag__art=GESAMT, auftrag__intern=True)
    with intern.datei.open("rb") as datei:
        assert PdfReader(datei).metadata.title.endswith("(intern)")
    bericht = text_ohne_datum(erster)
    blick = abschnitt(bericht, "Auf einen Blick", "Zusammenfassung")
    kritisch = abschnitt(blick, "Ampel „kritisch“: 1 Maßnahme", "Überfällig")
    assert f"5.2 / 1 a {X_TITEL}" in kritisch
    assert f"5.2 / 1 b {Y_TITEL}" in abschnitt(blick, "Überfällig: 1 Maßnahme")
    assert GESAMT_TEXT in blick
    assert ARBEIT_TEXT in bericht
    # Anhang C, in its groups (the running header names the annex again after them).
    schlechter = abschnitt(bericht, "verschlechtert (1)", "neu umgesetzt (1)")
    assert f"5.2 / 1 a {X_TITEL} in Umsetzung → verzögert; im Plan → kritisch" in schlechter
    neu_umgesetzt = abschnitt(bericht, "neu umgesetzt (1)", "Anhang C")
    assert f"5.3 / 1 a {Z_TITEL} in Umsetzung → umgesetzt" in neu_umgesetzt

    # 4. After closing, the Büro rewords X and changes who leads it (saved with history).
    x.refresh_from_db()
    x.text = X_NEU
    x.save()
    alt = Zustaendigkeit.objects.get(massnahme=x, akteur=personen.akteur_a)
    alt.federfuehrend = False
    alt.save()
    b.zustaendigkeit(x, b.akteur("Hanse-Jobcenter"), federfuehrend=True)

    # The next download is a new rendering (the Datenstand changed) with the same text.
    # In a fresh browser: the first one keeps the public file five minutes (max-age=300).
    rat = rat_anmelden(neue_seite(), link)
    zweiter, neu_gerendert = herunterladen(rat, rundenlink(rat), worker)
    assert neu_gerendert
    oeffentlich = rundenberichte(runde_2026).filter(auftrag__art=GESAMT, auftrag__intern=False)
    assert oeffentlich.filter(status=DateiStatus.FERTIG).count() == 2
    assert text_ohne_datum(zweiter) == bericht
    assert X_NEU not in bericht and "Hanse-Jobcenter" not in bericht

    # 5. Anyone sees X as it stood at the 2025 round's Stichtag: not kritisch, old wording.
    besucher = neue_seite()
    besucher.goto(f"{basis}{x.get_absolute_url()}?stichtag={STICHTAG_2025.isoformat()}")
    expect(besucher.locator(".stand-am")).to_contain_text("Stand am 30. Juni 2025")
    ampel = besucher.locator(".eckdaten div", has_text="Ampel")
    expect(ampel).to_contain_text("im Plan")
    expect(ampel).not_to_contain_text("kritisch")
    expect(besucher.locator(".massnahme-text")).to_have_text(X_TITEL)
    besucher.goto(f"{basis}{x.get_absolute_url()}")
    expect(besucher.locator(".eckdaten div", has_text="Ampel")).to_contain_text("kritisch")
