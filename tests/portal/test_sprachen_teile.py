"""Language of parts (WCAG 3.1.2): on English pages every German text of the concept says so.

Each English page is parsed (lxml); every piece of text that holds one of the concept's own
words must sit in an element whose nearest ``lang`` is ``de``. Akteur names are proper names
and need not. The same texts on German pages are German anyway.
"""

from datetime import date

import lxml.html
import pytest

from concept.models import BestPracticeBeispiel
from measures.choices import RundenStatus
from measures.models import Meilenstein
from tests import builders as b

pytestmark = pytest.mark.django_db

DEUTSCH = {
    "konzept": "Zukunft in Vielfalt",
    "kapitel": "Weitere Handlungsfelder",
    "handlungsfeld": "Arbeit und Qualifizierung",
    "leitziel": "Alle finden Arbeit, die zu ihnen passt.",
    "teilziel": "Mehr Menschen in Arbeit",
    "massnahme": "Beratung im Jobcenter",
    "hinweis": "für Geflüchtete",
    "meilenstein": "Erste Sprechstunde",
    "beispiel_titel": "Jobpaten",
    "beispiel_text": "Paten begleiten Bewerbungen.",
    "indikator": "Beschäftigungsquote",
    "definition": "Anteil der Beschäftigten",
    "quelle": "Bundesagentur für Arbeit",
    "runde": "Sachstandsbericht Herbst",
}


@pytest.fixture
def plan(personen):
    k = b.konzept(titel="2. Integrationskonzept – Zukunft in Vielfalt")
    hf = b.handlungsfeld(
        b.kapitel(k, "5", "Weitere Handlungsfelder"),
        "5.2",
        titel="Arbeit und Qualifizierung",
        leitziel=DEUTSCH["leitziel"],
    )
    tz = b.teilziel(hf, 1, text=DEUTSCH["teilziel"])
    m = b.massnahme(tz, "a", text=DEUTSCH["massnahme"])
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True, hinweis=DEUTSCH["hinweis"])
    Meilenstein.objects.create(
        massnahme=m, titel=DEUTSCH["meilenstein"], faellig_am=date(2030, 1, 31)
    )
    BestPracticeBeispiel.objects.create(
        handlungsfeld=hf, titel=DEUTSCH["beispiel_titel"], text=DEUTSCH["beispiel_text"]
    )
    indikator = b.indikator(
        "quote",
        name=DEUTSCH["indikator"],
        kurzdefinition=DEUTSCH["definition"] + " an allen Erwerbsfähigen.",
        datenquelle=DEUTSCH["quelle"],
        handlungsfelder=[hf],
    )
    indikator.teilziele.set([tz])
    for jahr, wert in ((2018, "60.1"), (2019, "61.5"), (2020, "62.0")):
        b.messwert(indikator, jahr, wert)
    b.berichtsrunde(titel=DEUTSCH["runde"], status=RundenStatus.GESCHLOSSEN)
    return personen


def _naechste_sprache(element):
    for e in (element, *element.iterancestors()):
        if e.get("lang"):
            return e.get("lang")
    return None


def unmarkierte_deutsche_texte(inhalt):
    """``[(word, text, language)]`` of the concept's words outside ``lang="de"``."""
    baum = lxml.html.fromstring(inhalt)
    funde = []
    for element in baum.find("body").iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        # An element's own text belongs to it, the text after it (tail) to its parent.
        for text, besitzer in ((element.text, element), (element.tail, element.getparent())):
            for name, wort in DEUTSCH.items():
                if text and wort in text and _naechste_sprache(besitzer) != "de":
                    funde.append((name, text.strip()[:60], _naechste_sprache(besitzer)))
    return funde


SEITEN = [
    "/en/",
    "/en/handlungsfelder/5.2/",
    "/en/massnahmen/",
    "/en/massnahmen/?handlungsfeld=5.2",
    "/en/massnahmen/5.2-1a/",
    "/en/best-practice/",
    "/en/berichte/",
    "/en/indikatoren/",
    "/en/indikatoren/quote/",
    "/en/akteure/amt-a/",
]


@pytest.mark.parametrize("url", SEITEN)
def test_german_content_on_english_pages_is_marked(client, plan, url):
    antwort = client.get(url)
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert '<html lang="en">' in inhalt
    assert unmarkierte_deutsche_texte(inhalt) == []


@pytest.mark.parametrize("url", ["/en/meine-massnahmen/", "/en/massnahmen/5.2-1a/sachstand/neu/"])
def test_german_content_on_english_partner_pages_is_marked(client, plan, url):
    client.force_login(plan.partner_a)
    antwort = client.get(url)
    assert antwort.status_code == 200
    assert unmarkierte_deutsche_texte(antwort.content.decode()) == []


def test_the_check_finds_unmarked_text():
    """The check itself: unmarked German text is reported, marked text is not."""
    seite = (
        '<html lang="en"><body><p>Arbeit und Qualifizierung</p>'
        '<p lang="de">Beratung im <b>Jobcenter</b></p><ul lang="de"><li>x</li></ul>'
        "<p>Outcome: <span lang='de'>Jobpaten</span> Mehr Menschen in Arbeit</p></body></html>"
    )
    assert unmarkierte_deutsche_texte(seite) == [
        ("handlungsfeld", "Arbeit und Qualifizierung", "en"),
        ("teilziel", "Mehr Menschen in Arbeit", "en"),
    ]


def test_the_filters_options_are_marked_but_not_the_empty_choice(client, plan):
    baum = lxml.html.fromstring(client.get("/en/massnahmen/").content.decode())
    (auswahl,) = [s for s in baum.iter("select") if s.get("name") == "handlungsfeld"]
    optionen = list(auswahl.iter("option"))
    assert [o.get("lang") for o in optionen if o.get("value")] == ["de"]
    assert [o.get("lang") for o in optionen if not o.get("value")] == [None]


def test_the_names_of_a_breakdowns_series_are_marked_german(client, plan):
    """A breakdown's series are named by German data ("weiblich"); the total's name is
    translated ("total") and stays unmarked (WCAG 3.1.2)."""
    from monitoring.models import Indikator

    geschlecht = b.dimension("geschlecht", "Geschlecht")
    b.auspraegung(geschlecht, "weiblich")
    b.auspraegung(geschlecht, "männlich", slug="maennlich")
    indikator = Indikator.objects.get(kennung="quote")
    for jahr in (2019, 2020):
        b.messwert(indikator, jahr, "58.0", aufschluesselung="geschlecht=weiblich")
        b.messwert(indikator, jahr, "64.0", aufschluesselung="geschlecht=maennlich")
    baum = lxml.html.fromstring(client.get("/en/indikatoren/quote/?nach=geschlecht").content)
    koepfe = {th.text_content().strip(): th.get("lang") for th in baum.xpath("//thead//th")}
    assert koepfe.get("weiblich") == "de" and koepfe.get("männlich") == "de"
    legende = {
        li.text_content().strip(): li.get("lang") for li in baum.xpath("//ul[@class='legende']/li")
    }
    assert legende.get("weiblich") == "de"
    gesamt = lxml.html.fromstring(client.get("/en/indikatoren/quote/").content)
    assert [th.get("lang") for th in gesamt.xpath("//thead//th")] == [None, None]
