"""Partner gewinnen, the whole story of issue 14 in real Chromium and through the real worker.

The Büro imports three contacts of a new Akteur (a CSV as German Excel saves it) and invites
them; one accepts and gets an account; the Büro opens a round (the question before it names the
contacts without account); the new partner reports all open measures on one page (a PDF and a
note to the Büro included); the Büro approves four and returns one; the partner hears of both
through ``manage.py db_worker`` and the SMTP sink, corrects the returned one from its own content;
a second contact without account reports the last measure through the personal link of the
round's mail; the response rate reaches 100 %; after closing, the same link is refused.

Mail is queued in the database (``echte_aufgaben``) and sent only when the test runs the worker.
"""

import os
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from playwright.sync_api import expect

from measures import berichtsrunden
from measures.choices import Pruefstatus, RundenStatus, Seite
from measures.models import Berichtsrunde, Sachstand
from measures.roles import rollen_einrichten
from tests import builders as b
from tests.e2e import partner_hilfen
from tests.e2e.partner_hilfen import admin_anmelden
from tests.people import personen_anlegen
from tests.versand import conftest as versand_fixtures
from versand.models import Mail, MailStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.echte_aufgaben,
    pytest.mark.django_db(transaction=True),
]
neue_seite = partner_hilfen.neue_seite
# The SMTP sink and the worker process of the mail queue's own end-to-end test (tests/versand/).
smtp = versand_fixtures.smtp
db_worker_prozess = versand_fixtures.db_worker_prozess

AKTEUR = "Verein Brücke e. V."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# As Excel saves "CSV (Trennzeichen-getrennt)" on a German Windows: semicolons, Windows-1252,
# CRLF; the Akteur by its name, an empty Rolle meaning "meldet".
CSV = (
    "Akteur;Name;E-Mail;Funktion;Rolle\r\n"
    f"{AKTEUR};Nora Schäfer;nora@bruecke.example;Projektleitung;meldet\r\n"
    f"{AKTEUR};Ali Öztürk;ali@bruecke.example;Sozialberatung;\r\n"
    f"{AKTEUR};Jörg Müller;joerg@bruecke.example;Vorstand;koordiniert\r\n"
).encode("cp1252")
REFERENZEN = ["5.2 / 1 a", "5.2 / 1 b", "5.2 / 1 c", "5.2 / 2 a", "5.2 / 2 b", "5.2 / 2 c"]
PASSWORT = "Bruecke-Rostock-2026!"


@pytest.fixture
def bruecke(transactional_db):
    """The Büro's people, and a new Akteur responsible for six measures, with nobody in it."""
    rollen_einrichten()
    personen_anlegen()
    akteur = b.akteur(AKTEUR, seite=Seite.EXTERN)
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.2", titel="Arbeit")
    for nummer in (1, 2):
        tz = b.teilziel(hf, nummer)
        for kennung in "abc":
            b.zustaendigkeit(b.massnahme(tz, kennung), akteur, federfuehrend=True)
    return akteur


@pytest.fixture
def dateien(tmp_path, settings):
    settings.ANHANG_ROOT = tmp_path / "ablage"
    (tmp_path / "kontakte.csv").write_bytes(CSV)
    (tmp_path / "teilnehmerliste.pdf").write_bytes(PDF)
    return tmp_path


def foto(seite, name):
    """With GESCHICHTE_SCREENSHOTS=1, a full-page screenshot for the README (docs/screenshots/)."""
    if os.environ.get("GESCHICHTE_SCREENSHOTS") == "1":
        ziel = django_settings.BASE_DIR / "docs" / "screenshots" / f"geschichte-{name}.png"
        seite.screenshot(path=str(ziel), full_page=True)


def pfad(text, muster):
    """The path of the first link matching ``muster`` in a mail's text (host is SITE_URL)."""
    treffer = re.search(rf"https?://[^/\s]+({muster})", text)
    assert treffer, text
    return treffer.group(1)


def worker_laufen_lassen(db_worker_prozess):
    prozess = db_worker_prozess()
    assert prozess.returncode == 0, prozess.stderr
    assert not Mail.objects.exclude(status=MailStatus.VERSENDET).exists()


def betreff(nachricht):
    # A long encoded subject is folded onto a continuation line; unfolded it starts with a space.
    return nachricht["Subject"].strip()


def an(smtp, adresse):
    return [n for n in smtp.nachrichten if n["To"] == adresse]


def zeile_melden(seite, referenz, fortschritt, text):
    zeile = seite.get_by_role("group", name=f"Maßnahme {referenz}")
    zeile.get_by_label("Fortschritt (%)").fill(str(fortschritt))
    zeile.get_by_label("Sachstand", exact=True).fill(text)
    return zeile


def freigeben(buero, basis, sachstand):
    buero.goto(f"{basis}/admin/measures/sachstand/{sachstand.pk}/change/")
    buero.get_by_role("button", name="Freigeben", exact=True).click()
    expect(buero.locator(".messagelist")).to_contain_text("freigegeben")


def test_buero_wins_a_partner_who_reports_a_whole_round(
    live_server,
    bruecke,
    dateien,
    neue_seite,
    smtp,
    db_worker_prozess,
    settings,
):
    basis = live_server.url
    settings.SITE_URL = basis

    # 1. The Büro imports the three contacts (preview first) and invites them.
    buero = neue_seite()
    admin_anmelden(buero, basis, "buero")
    buero.goto(f"{basis}/admin/measures/ansprechperson/import/")
    buero.set_input_files("#id_datei", str(dateien / "kontakte.csv"))
    buero.get_by_role("button", name="Vorschau anzeigen").click()
    vorschau = buero.locator(".import-tabelle")
    expect(vorschau.locator("tbody tr")).to_have_count(3)
    expect(vorschau).to_contain_text("Jörg Müller")  # Windows-1252 read as such
    assert not bruecke.ansprechpersonen.exists()  # nothing saved before the confirmation
    buero.get_by_role("button", name="Import bestätigen").click()
    expect(buero.locator(".messagelist")).to_contain_text("3 Ansprechperson(en) angelegt")
    assert sorted(bruecke.ansprechpersonen.values_list("name", "rolle")) == [
        ("Ali Öztürk", "meldet"),
        ("Jörg Müller", "koordiniert"),
        ("Nora Schäfer", "meldet"),
    ]
    buero.goto(f"{basis}/admin/measures/ansprechperson/?q=bruecke.example")
    buero.locator("#action-toggle").check()
    buero.get_by_role("combobox", name=re.compile("Aktion")).select_option(
        label="Einladen (E-Mail mit Link zum Konto)"
    )
    buero.get_by_role("button", name=re.compile("Ausführen")).click()
    expect(buero.locator(".messagelist")).to_contain_text("3 Einladungen verschickt.")
    assert smtp.nachrichten == []  # queued; the worker sends
    worker_laufen_lassen(db_worker_prozess)
    assert sorted(n["To"] for n in smtp.warten_auf(3)) == [
        "ali@bruecke.example",
        "joerg@bruecke.example",
        "nora@bruecke.example",
    ]

    # 2. Nora follows her link, sets a password and is a member of the Akteur.
    (einladung,) = an(smtp, "nora@bruecke.example")
    partner = neue_seite()
    partner.goto(basis + pfad(einladung.get_content(), r"/einladung/[^\s/]+/"))
    expect(partner.get_by_role("heading", level=1)).to_have_text("Einladung annehmen")
    partner.fill("#id_new_password1", PASSWORT)
    partner.fill("#id_new_password2", PASSWORT)
    partner.get_by_role("button", name="Passwort festlegen und Konto anlegen").click()
    partner.wait_for_url(f"{basis}/meine-massnahmen/")
    expect(partner.locator(".meldungen")).to_contain_text(
        f"Sie können jetzt für „{AKTEUR}“ Sachstände melden."
    )
    expect(partner.get_by_role("link", name="Maßnahme 5.2 / 1 a", exact=True)).to_be_visible()
    nora = User.objects.get(username="nora@bruecke.example")
    assert list(bruecke.mitglieder.all()) == [nora]

    # 3. The Büro opens a round; the question says who is reached, and how, before any mail.
    buero.goto(f"{basis}/admin/measures/berichtsrunde/add/")
    buero.get_by_label("Titel").fill("Sachstandsbericht 2026")
    buero.get_by_label("Stichtag").fill("30.06.2026")
    buero.get_by_label("fällig am").fill("31.07.2026")
    buero.get_by_role("button", name="Sichern", exact=True).click()
    buero.get_by_role("checkbox", name=re.compile("Sachstandsbericht 2026")).check()
    buero.get_by_role("combobox", name=re.compile("Aktion")).select_option(
        label="Öffnen und Akteure anschreiben"
    )
    buero.get_by_role("button", name=re.compile("Ausführen")).click()
    folgen = buero.locator(".folgen")
    expect(folgen).to_contain_text("Es entstehen 6 Anfragen an 1 Akteur.")
    expect(folgen).to_contain_text("Sofort gehen 3 E-Mails an 3 Adressen hinaus.")
    ohne_konto = folgen.locator(".ohne-konto-personen")
    expect(ohne_konto).to_contain_text("Ali Öztürk")
    expect(ohne_konto).to_contain_text("Jörg Müller")
    expect(ohne_konto).not_to_contain_text("Nora")
    assert not Mail.objects.filter(anlass="berichtsrunde_geoeffnet").exists()
    foto(buero, "runde-oeffnen")
    buero.get_by_role("button", name="Ja, öffnen und E-Mails senden").click()
    expect(buero.locator(".messagelist")).to_contain_text("ist geöffnet: 6 Anfragen")
    runde = Berichtsrunde.objects.get()
    assert runde.status == RundenStatus.OFFEN

    # 4. Nora reports five measures on one page, one with a PDF and a note to the Büro.
    partner.goto(f"{basis}/meine-massnahmen/")
    partner.get_by_role("link", name=f"Alle Maßnahmen von {AKTEUR} auf einer Seite melden").click()
    expect(partner.get_by_text("Noch 6 Sachstände offen.")).to_be_visible()
    for nummer, referenz in enumerate(REFERENZEN[:5], start=1):
        zeile_melden(partner, referenz, 10 * nummer, f"Zu {referenz}: es läuft.")
    notiz = "Die Liste liegt bei; bitte nicht veröffentlichen."
    zeile = partner.get_by_role("group", name="Maßnahme 5.2 / 1 b")
    zeile.get_by_label("Notiz an das Büro").fill(notiz)
    zeile.get_by_label("Anhänge").set_input_files(str(dateien / "teilnehmerliste.pdf"))
    foto(partner, "rundenformular")
    partner.get_by_role("button", name="Alle einreichen").click()
    expect(partner.get_by_text("5 Sachstand/Sachstände wurden eingereicht")).to_be_visible()
    expect(partner.get_by_text("Noch 1 Sachstand offen.")).to_be_visible()
    staende = {s.massnahme.referenz: s for s in Sachstand.objects.select_related("massnahme")}
    assert sorted(staende) == REFERENZEN[:5]
    mit_datei = staende["5.2 / 1 b"]
    assert mit_datei.notiz_an_buero == notiz
    (anhang,) = mit_datei.anhaenge.all()
    assert anhang.dateiname == "teilnehmerliste.pdf"
    with anhang.datei.open("rb") as gespeichert:
        assert gespeichert.read() == PDF

    # 5. The Büro sees note and file, returns 5.2 / 1 b with a comment and approves the rest.
    buero.goto(f"{basis}/admin/measures/sachstand/{mit_datei.pk}/change/")
    expect(buero.get_by_text(notiz)).to_be_visible()
    expect(buero.get_by_role("link", name="teilnehmerliste.pdf")).to_be_visible()
    buero.get_by_label("Kommentar der Prüfung").fill("Bitte nennen Sie die Zahl der Kurse.")
    buero.get_by_role("button", name="Zurückgeben mit Kommentar").click()
    expect(buero.locator(".messagelist")).to_contain_text("zurückgegeben")
    for referenz in ("5.2 / 1 a", "5.2 / 1 c", "5.2 / 2 a", "5.2 / 2 b"):
        freigeben(buero, basis, staende[referenz])

    # 6. The real worker delivers both kinds of review mail to Nora.
    vorher = len(smtp.nachrichten)
    worker_laufen_lassen(db_worker_prozess)
    # The same run sends the round's opening mails, one per contact.
    gesendet = smtp.warten_auf(vorher + 8)[vorher:]
    assert sorted(n["To"] for n in gesendet if "Bitte um Sachstände" in betreff(n)) == [
        "ali@bruecke.example",
        "joerg@bruecke.example",
        "nora@bruecke.example",
    ]
    neu = [n for n in gesendet if betreff(n).startswith("Ihr Sachstand")]
    assert {n["To"] for n in neu} == {"nora@bruecke.example"}
    betreffe = sorted(betreff(n) for n in neu)
    assert betreffe == sorted(
        [f"Ihr Sachstand zu {r} wurde freigegeben" for r in REFERENZEN[:5] if r != "5.2 / 1 b"]
        + ["Ihr Sachstand zu 5.2 / 1 b braucht eine Überarbeitung"]
    )
    (rueckgabe,) = [n for n in neu if "Überarbeitung" in betreff(n)]
    assert "Bitte nennen Sie die Zahl der Kurse." in rueckgabe.get_content()

    # 7. Nora corrects the returned one, starting from its own content; the Büro approves.
    partner.goto(f"{basis}/meine-massnahmen/")
    partner.get_by_role("link", name=f"Alle Maßnahmen von {AKTEUR} auf einer Seite melden").click()
    zurueck = partner.get_by_role("group", name="Maßnahme 5.2 / 1 b")
    expect(zurueck.locator(".pruefkommentar")).to_contain_text("Zahl der Kurse")
    text = zurueck.get_by_label("Sachstand", exact=True)
    expect(text).to_have_value("Zu 5.2 / 1 b: es läuft.")
    expect(zurueck.get_by_label("Fortschritt (%)")).to_have_value("20")
    text.fill("Zu 5.2 / 1 b: es läuft, in drei Kursen.")
    partner.get_by_role("button", name="Alle einreichen").click()
    expect(partner.get_by_text("1 Sachstand/Sachstände wurden eingereicht")).to_be_visible()
    korrektur = Sachstand.objects.get(
        massnahme__kennung="b", massnahme__teilziel__nummer=1, pruefstatus=Pruefstatus.EINGEREICHT
    )
    assert korrektur.text == "Zu 5.2 / 1 b: es läuft, in drei Kursen."
    freigeben(buero, basis, korrektur)

    # 8. Ali, without an account, reports the last one through the link of the round's mail.
    (rundenmail,) = Mail.objects.filter(
        anlass="berichtsrunde_geoeffnet", empfaenger="ali@bruecke.example"
    )
    link = basis + pfad(rundenmail.text, r"/melden/[^\s/]+/")
    ali = neue_seite()
    ali.goto(link)
    expect(ali.get_by_text("als Ali Öztürk (ohne Benutzerkonto)")).to_be_visible()
    expect(ali.get_by_text("Noch 1 Sachstand offen.")).to_be_visible()
    zeile_melden(ali, "5.2 / 2 c", 30, "Die Beratung ist jeden Dienstag offen.")
    ali.get_by_role("button", name="Alle einreichen").click()
    expect(ali.get_by_text("1 Sachstand/Sachstände wurden eingereicht")).to_be_visible()
    von_ali = Sachstand.objects.get(ansprechperson__email="ali@bruecke.example")
    assert von_ali.eingereicht_von is None
    freigeben(buero, basis, von_ali)

    # The whole round is answered: 100 % for the Akteur.
    assert berichtsrunden.ruecklauf_gesamt(runde)["quote"] == 100
    buero.goto(f"{basis}/admin/measures/berichtsrunde/{runde.pk}/ruecklauf/")
    expect(buero.locator(".ruecklauf-gesamt")).to_have_text("6 von 6 Anfragen beantwortet (100 %)")
    expect(buero.locator(".ruecklauf-akteur tr", has_text=AKTEUR)).to_contain_text("100 %")

    # The Büro closes the round; Ali's link no longer opens the form.
    buero.goto(f"{basis}/admin/measures/berichtsrunde/{runde.pk}/schliessen/")
    buero.get_by_role("button", name="Ja, Runde schließen").click()
    expect(buero.locator(".messagelist")).to_contain_text("ist geschlossen")
    ali.goto(link)
    expect(ali.get_by_role("heading", level=1)).to_have_text("Dieser Link gilt nicht")
    expect(ali.get_by_text("ist nicht mehr offen")).to_be_visible()
    expect(ali.get_by_role("button", name="Alle einreichen")).to_have_count(0)

    # Everything queued went out; Ali heard of the approval too.
    worker_laufen_lassen(db_worker_prozess)
    assert any(
        betreff(n) == "Ihr Sachstand zu 5.2 / 2 c wurde freigegeben"
        for n in an(smtp, "ali@bruecke.example")
    )
