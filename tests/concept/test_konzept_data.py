"""The shipped fixtures checked against the concept text (integrationskonzept-rostock-2020.txt).

Every expectation here was taken from the text itself, not from the fixture files: the table
of Teilziele and Maßnahmen was counted by reading chapters 4 and 5, and the quoted wording is
copied from the text with only the PDF's artifacts mended by hand ("Industrieund" →
"Industrie- und", "7U 2." → "zu 2.", lost numbers of the first Teilziel …).
"""

import io
import re
import unicodedata

import pytest
from django.core.management import call_command
from django.db import transaction

from concept.models import BestPracticeBeispiel, Handlungsfeld, Kapitel, Konzept, Leitziel, Teilziel
from measures.models import Akteur, Massnahme, Zustaendigkeit

pytestmark = pytest.mark.django_db

# Maßnahmen per Teilziel, in order, for every Handlungsfeld with goals. Paragraphs without a
# letter under "zu n." (5.4.3 zu 1./2., 5.5.1 zu 2./3., 5.5.3 zu 1.) are one Maßnahme each;
# 4.2.2 "zu 5." is two (the Akteure table has rows 5. a) and 5. b)); 5.3 has only 4 a) although
# the table says "4. a) und b)"; 5.5.4 prints one sentence as 2 d) and 2 e): two Maßnahmen.
MASSNAHMEN_JE_TEILZIEL = {
    "4.1.2": [3, 4],
    "4.2.2": [6, 3, 2, 2, 2],
    "4.2.3": [3, 4, 2, 4],
    "4.2.4": [2, 1, 1],
    "5.1.1": [4, 4, 3, 5],
    "5.1.2": [3, 2, 3],
    "5.1.3": [4, 4, 4, 4],
    "5.2": [3, 3, 4, 1, 1, 1],
    "5.3": [4, 3, 2, 1],
    "5.4.1": [2, 3, 2],
    "5.4.2": [1, 3, 2],
    "5.4.3": [1, 1, 3],
    "5.5.1": [2, 1, 1],
    "5.5.2": [2, 2, 2, 2, 2],
    "5.5.3": [1, 2],
    "5.5.4": [4, 5],
    "5.5.5": [2, 2, 2, 2],
    "5.5.6": [3, 2, 1, 2],
    "5.5.7": [2, 3],
}
OHNE_ZIELE = ["4.1.1", "4.2.1"]
REIHENFOLGE = ["4.1.1", "4.1.2", "4.2.1", "4.2.2", "4.2.3", "4.2.4", "5.1.1", "5.1.2", "5.1.3",
               "5.2", "5.3", "5.4.1", "5.4.2", "5.4.3", "5.5.1", "5.5.2", "5.5.3", "5.5.4",
               "5.5.5", "5.5.6", "5.5.7"]  # fmt: skip

LEITZIELE = {
    "4.1.2": "Die Hanse- und Universitätsstadt Rostock setzt sich für eine konsequente Begleitung "
    "und zukunftsorientierte Weiterführung des Integrationskonzeptes ein, indem im Rahmen des "
    "Monitoring fest das Prinzip des Diversity Mainstreaming verankert wird.",
    "4.2.2": "Der gleichberechtigte Zugang zum Wohnungsmarkt wird für alle Haushalte von der "
    "Hanse- und Universitätsstadt Rostock sichergestellt.",
    "5.2": "Die Kommune wirkt z.B. über ihre Trägerschaft des Hanse Jobcenter Rostock und durch "
    "die aktive Mitwirkung in verschiedenen Foren und Netzwerken darauf hin, dass die nachhaltige "
    "Eingliederung von erwachsenen Erwerbslosen mit Migrationshintergrund in den allgemeinen "
    "Arbeitsmarkt bzw. in die Selbstständigkeit weiterhin aktiv unterstützt wird.",
    "5.4.3": "Abbau von sprach- und kulturspezifischen Zugangsbarrieren durch den Einsatz von "
    "Sprachmittler*innen.",
    # "und/ oder": the space is a PDF line break.
    "5.5.4": "Die besonderen Herausforderungen, vor denen Frauen mit Migrationshintergrund "
    "und/oder Fluchterfahrungen stehen, müssen sich in allen Entscheidungen, Maßnahmen und "
    "Strategien zur Integration in der Hanse- und Universitätsstadt Rostock zeigen. Dazu ist es "
    "notwendig, Mindeststandards festzulegen, die der Sicherheit und freien Entfaltung von Frauen "
    "dienen.",
}

TEILZIELE = {
    # The extraction lost the numbers "1." (4.1.2) and "2." (4.2.2).
    ("4.1.2", 1): "Entwicklung und Implementierung wirksamer Maßnahmen zur Erhöhung der Anzahl von "
    "Fachkräften und Nachwuchskräften mit Migrationshintergrund in der Stadtverwaltung",
    ("4.2.2", 2): "Sicherstellung qualitativ guter und integrationsfördernder Bedingungen in den "
    "Gemeinschaftsunterkünften",
    ("5.2", 6): "Aktive Unterstützung bei der Einwerbung von Landes- und Bundesmitteln sowie "
    "Drittmitteln für Projekte im Bereich migrantischer Arbeitsmarkt",
    ("5.3", 3): "Vorhandene Bildungsangebote in der Hanse- und Universitätsstadt Rostock sollen "
    "transparent veröffentlicht werden: über eine App, Online Plattform oder Printangebote.",
    ("5.5.2", 5): "Die Hanse- und Universitätsstadt Rostock setzt sich für die Einführung des "
    "kommunalen Wahlrechts für Nicht-EU-Ausländer und die diesbezügliche Novellierung des "
    "Kommunalwahlgesetzes ein, die eine Änderung des Grundgesetzes einschließt.",
}

MASSNAHMEN = {
    # Under the OCR slip "7U 2.".
    "5.2 / 2 a": "verstärkte Werbung, um ausländische Unternehmer*innen, Studierende und "
    "Fachkräfte für den Wissenschafts- und Wirtschaftsstandort Rostock zu begeistern",
    "5.1.3 / 2 c": "aktive Zusammenarbeit der Schulen mit der Bundesagentur für Arbeit, der "
    "Industrie- und Handelskammer, der Universität Rostock und anderen Partner*innen",
    "5.5.2 / 5 b": "Gemeinsam mit der Bürgerschaft wird sich der/die Oberbürgermeister*in auf "
    "Landes- und Bundesebene für eine entsprechende Novellierung des Kommunalwahlgesetzes "
    "einsetzen.",
    "4.2.3 / 2 a": "Alle Bürger*innen haben unabhängig von ihrer Herkunft Zugang zu den "
    "Beratungs- und Unterstützungsangeboten in den Stadtteilen.",
    "5.4.1 / 1 a": "Bedarfsanalyse für spezifische Beratungs- und Unterstützungsangebote der "
    "Migrant*innen in den jeweiligen Einrichtungen",
    "5.4.3 / 3 a": "Bereitstellung eines kommunalen Budgets für die Arbeit der "
    "Vermittlungszentrale (Sprachmittlerpool)",
    # A paragraph without a letter: stored as measure a.
    "5.5.3 / 1 a": "Um den Dialog zwischen den Vertreter*innen des Interreligiösen "
    "Gesprächskreises der Stadt und den kommunalen Entscheidungsträgern zu ermöglichen soll ein "
    "Interreligiöses Forum gegründet werden.",
    "4.2.2 / 1 a": "Ausreichend Therapieplätze für traumatisierte Geflüchtete (Vgl. 5.4.2)",
    # Sub-bullets become lines starting with "- ".
    "4.1.2 / 1 c": "Stellenausschreibungen werden ergänzt:\n"
    "- Gleichstellungs- und Vielfaltskompetenz\n"
    "- Hinweis auf gefordertes Sprachniveau (B2 bzw. C1)\n"
    "- Hinweis auf Anerkennung ausländischer Abschlüsse (Servicestelle zur Erschließung "
    "ausländischer Qualifikationen)",
    "5.5.4 / 2 d": "Erstellen eines Pools für Sprachmittler*innen und",
}

AJSA = "Amt für Jugend, Soziales und Asyl"
# (Akteur, seite, federführend) per Maßnahme, read from the Akteure tables.
ZUSTAENDIGKEITEN = {
    "4.2.2 / 1 a": {
        ("Ministerium für Wirtschaft, Arbeit und Gesundheit Mecklenburg-Vorpommern", "extern", True)
    },
    "4.2.2 / 1 b": {
        (AJSA, "intern", True),
        ("Träger der Gemeinschaftsunterkünfte", "extern", False),
    },
    "4.2.3 / 1 b": {(AJSA, "intern", False), ("Stadtteil- und Begegnungszentren", "extern", True)},
    "5.5.6 / 2 a": {
        ("Stadtbibliothek", "intern", True),
        ("Volkshochschule", "intern", True),
        ("Konservatorium", "intern", True),
    },
    "5.5.6 / 4 b": {
        ("Amt für Kultur, Denkmalpflege und Museen", "intern", True),
        ("Jüdische Gemeinde Rostock", "extern", False),
    },
    # "3.) a.) und b.)": only the external column is filled.
    "5.5.5 / 3 b": {
        ("Sportvereine", "extern", False),
        ("Projektträger", "extern", False),
        ("Stadtteil- und Begegnungszentren", "extern", False),
    },
    "5.5.5 / 4 a": {
        ("Amt für Sport, Vereine und Ehrenamt", "intern", True),
        ("Sportvereine", "extern", False),
        ("Projektträger", "extern", False),
        ("Stadtteil- und Begegnungszentren", "extern", False),
    },
    # A bare "b)" continues the Teilziel of the row above.
    "5.2 / 1 b": {("Hanse-Jobcenter", "intern", False)},
    # The row says "4. a) und b)" but only 4 a) exists.
    "5.3 / 4 a": {("Bundesamt für Migration und Flüchtlinge", "extern", False)},
    # "DRI" is "DRK"; "Amt f ür" is "Amt für".
    "5.4.2 / 3 b": {
        (AJSA, "intern", False),
        ("Migrationsberatungsstellen", "extern", False),
        ("Jugendmigrationsdienst", "extern", False),
    },
    "5.1.1 / 1 a": {
        (AJSA, "intern", False),
        ("Träger der Kindertageseinrichtungen", "extern", False),
    },
    # Rows 2. b)/2. c) run together; 2 c) is the Migrantenrat only.
    "5.5.7 / 2 c": {("Migrantenrat", "extern", False)},
    # The table has no row for 1. d).
    "5.1.3 / 1 d": set(),
}


@pytest.fixture(scope="module")
def konzept(django_db_setup, django_db_blocker):
    """The real fixtures, loaded once for the module and rolled back at its end.

    Each test runs in a savepoint inside this transaction, so the tests only read.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_konzept", stdout=io.StringIO())
        yield Konzept.objects.get(beschluss="2020/BV/0974")
        transaction.set_rollback(True)


def massnahme(referenz):
    hf, rest = referenz.split(" / ")
    tz, kennung = rest.split()
    return Massnahme.objects.get(
        teilziel__handlungsfeld__nummer=hf, teilziel__nummer=int(tz), kennung=kennung
    )


def test_the_konzept(konzept):
    assert konzept.titel == (
        "2. Integrationskonzept der Hanse- und Universitätsstadt Rostock – Zukunft in Vielfalt"
    )
    assert str(konzept.beschlossen_am) == "2020-11-11"
    assert list(konzept.kapitel.values_list("nummer", "eltern__nummer")) == [
        ("4", None),
        ("4.1", "4"),
        ("4.2", "4"),
        ("5", None),
        ("5.1", "5"),
        ("5.4", "5"),
        ("5.5", "5"),
    ]


def test_kapitel_introductions_are_mended_text_without_chart_residue(konzept):
    k42 = Kapitel.objects.get(nummer="4.2").einleitung
    assert k42.startswith("Es ist eine der zentralen Zukunftsaufgaben der Stadtentwicklungspolitik")
    assert "Abb. 6" not in k42 and "Quelle:" not in k42
    assert len(k42.split("\n\n")) == 7
    # A page break cut this paragraph in two.
    assert "während einer Ausbildung in einem Betrieb oder dem Studium" in (
        Kapitel.objects.get(nummer="5.1").einleitung
    )
    assert Kapitel.objects.get(nummer="5").einleitung == ""


def test_21_handlungsfelder_in_order_19_with_goals(konzept):
    assert list(konzept.handlungsfelder.values_list("nummer", flat=True)) == REIHENFOLGE
    assert Handlungsfeld.objects.mit_zielen().count() == 19
    assert (
        sorted(Handlungsfeld.objects.filter(leitziel__isnull=True).values_list("nummer", flat=True))
        == OHNE_ZIELE
    )
    assert set(
        Handlungsfeld.objects.filter(schwerpunktthema=True).values_list("nummer", flat=True)
    ) == {n for n in REIHENFOLGE if n.startswith("4.")}
    # 5.2 and 5.3 sit directly under chapter 5.
    assert Handlungsfeld.objects.get(nummer="5.3").kapitel.nummer == "5"
    assert Handlungsfeld.objects.get(nummer="5.5.7").kapitel.nummer == "5.5"


def test_66_teilziele_and_the_measures_of_each(konzept):
    assert Teilziel.objects.count() == 66
    tatsaechlich = {}
    for tz in Teilziel.objects.select_related("handlungsfeld").order_by("nummer"):
        tatsaechlich.setdefault(tz.handlungsfeld.nummer, []).append(tz.massnahmen.count())
    assert tatsaechlich == MASSNAHMEN_JE_TEILZIEL
    assert Massnahme.objects.count() == sum(map(sum, MASSNAHMEN_JE_TEILZIEL.values())) == 167
    for hf, anzahl in MASSNAHMEN_JE_TEILZIEL.items():
        assert list(
            Teilziel.objects.filter(handlungsfeld__nummer=hf).values_list("nummer", flat=True)
        ) == list(range(1, len(anzahl) + 1))


@pytest.mark.parametrize("nummer", sorted(LEITZIELE))
def test_leitziel_wording(konzept, nummer):
    assert Leitziel.objects.get(handlungsfeld__nummer=nummer).text == LEITZIELE[nummer]


@pytest.mark.parametrize("schluessel", sorted(TEILZIELE))
def test_teilziel_wording(konzept, schluessel):
    hf, nummer = schluessel
    assert (
        Teilziel.objects.get(handlungsfeld__nummer=hf, nummer=nummer).text == TEILZIELE[schluessel]
    )


@pytest.mark.parametrize("referenz", sorted(MASSNAHMEN))
def test_massnahme_wording(konzept, referenz):
    assert massnahme(referenz).text == MASSNAHMEN[referenz]


def test_no_pdf_artifacts_left_in_the_adopted_wording(konzept):
    texte = [
        *Leitziel.objects.values_list("text", flat=True),
        *Teilziel.objects.values_list("text", flat=True),
        *Massnahme.objects.values_list("text", flat=True),
    ]
    for text in texte:
        assert "f ür" not in text
        assert "7U " not in text
        assert "•" not in text
        assert not re.search(r"\w- [a-zäöüß]", text.replace("- und", "").replace("- oder", "")), (
            text
        )


@pytest.mark.parametrize("referenz", sorted(ZUSTAENDIGKEITEN))
def test_zustaendigkeiten_sample(konzept, referenz):
    ist = set(
        massnahme(referenz).zustaendigkeiten.values_list("akteur__name", "seite", "federfuehrend")
    )
    assert ist == ZUSTAENDIGKEITEN[referenz]


def test_federfuehrend_as_the_tables_mark_it(konzept):
    # 25 "(ffd.)" marks once ranges are resolved: 4.2.2 10, 4.2.3 2, 5.5.5 6, 5.5.6 7.
    je_hf = {}
    for hf in Zustaendigkeit.objects.filter(federfuehrend=True).values_list(
        "massnahme__teilziel__handlungsfeld__nummer", flat=True
    ):
        je_hf[hf] = je_hf.get(hf, 0) + 1
    assert je_hf == {"4.2.2": 10, "4.2.3": 2, "5.5.5": 6, "5.5.6": 7}


def test_every_measure_but_one_has_an_akteur(konzept):
    ohne = Massnahme.objects.filter(zustaendigkeiten__isnull=True)
    assert [m.referenz for m in ohne] == ["5.1.3 / 1 d"]


def _normalisiert(name):
    """Independent of the loader's key: the artifacts the README lists, then letters only."""
    name = unicodedata.normalize("NFKC", name).casefold()
    name = name.replace("f ür", "für").replace("e. v.", "e.v.")
    name = re.sub(r"(\w)- (\w)", r"\1\2", name)
    return re.sub(r"[^0-9a-zäöüß]", "", name)


def test_no_two_akteure_with_the_same_normalised_name(konzept):
    namen = list(Akteur.objects.values_list("name", flat=True))
    schluessel = {}
    for name in namen:
        assert _normalisiert(name) not in schluessel, (name, schluessel.get(_normalisiert(name)))
        schluessel[_normalisiert(name)] = name
    for name in namen:
        assert name == name.strip() and "  " not in name and "•" not in name


def test_akteure_sides(konzept):
    seiten = dict(Akteur.objects.values_list("name", "seite"))
    assert seiten[AJSA] == "intern"
    assert seiten["Hanse-Jobcenter"] == "intern"  # "gehört als Amt zur Stadtverwaltung" (5.2)
    assert seiten["Bürgerschaft"] == "intern"
    assert seiten["Migrantenrat"] == "extern"
    assert seiten["Bundesamt für Migration und Flüchtlinge"] == "extern"
    assert Akteur.objects.get(name=AJSA).kurzname == "AJSA"


def test_welcome_center_best_practice_of_4_1_1(konzept):
    bp = BestPracticeBeispiel.objects.get(handlungsfeld__nummer="4.1.1")
    assert bp.titel == "Welcome Center Region Rostock (Internationale Servicestelle)"
    absaetze = bp.text.split("\n\n")
    assert len(absaetze) == 2
    assert absaetze[0].startswith("Der demographische Wandel und somit der Wettbewerb")
    assert (
        "steht seit 18.01.2017 das Welcome Center Region Rostock als zentrale öffentliche "
        "Anlaufstelle zur Verfügung." in absaetze[0]
    )
    assert absaetze[1].endswith(
        "sich auf der Website www.welcome-region-rostock.de ausführlich zu informieren."
    )


def test_cross_references(konzept):
    def verweise(nummer):
        return set(
            Handlungsfeld.objects.get(nummer=nummer).verweise.values_list("nummer", flat=True)
        )

    assert {"5.4.2", "5.5.4"} <= verweise("4.2.2")
    assert verweise("4.1.1") == set()  # "Vgl. 5.3.1" points into the 2014 concept
    assert set(massnahme("4.2.2 / 1 a").verweise.values_list("nummer", flat=True)) == {"5.4.2"}


def test_prose_under_zu_1_of_4_2_2_is_kept_as_erlaeuterung(konzept):
    tz = Teilziel.objects.get(handlungsfeld__nummer="4.2.2", nummer=1)
    erster, zweiter = tz.erlaeuterung.split("\n\n")
    assert erster.startswith(
        "Trotz der positiven Entwicklung bei der Wohnraumversorgungen der GU Bewohner*innen"
    )
    assert zweiter.endswith(
        "zielgruppenspezifische Maßnahmen für die besonders schutzbedürftigen Bewohner*innen der "
        "Gemeinschaftsunterkünfte bereitgestellt werden:"
    )
    assert Teilziel.objects.exclude(erlaeuterung="").count() == 1


def test_hinweis_is_text_of_the_cell(konzept):
    # 4.1.2 1 b): which sub-bullet a row belongs to is a reading, not cell text (notes/4.1.2.md).
    assert set(massnahme("4.1.2 / 1 b").zustaendigkeiten.values_list("hinweis", flat=True)) == {""}
    assert (
        massnahme("5.1.3 / 1 a")
        .zustaendigkeiten.get(akteur__name="Amt für Jugend, Soziales und Asyl, Jugendhaus")
        .hinweis
        == "für die Zielgruppe der Jugendlichen in HzE"
    )
