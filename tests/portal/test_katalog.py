"""The DCAT-AP.de catalogue /offene-daten/katalog.ttl and .jsonld: it parses, every class has the
properties DCAT-AP.de 2.0 and the GovData conventions require, it names the licence, its dates
come from the data, and every URL in it answers."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, Namespace, URIRef, namespace
from rdflib.compare import isomorphic

from concept import lizenz
from measures.models import Massnahme, Zustaendigkeit
from monitoring.models import Messwert
from tests import builders as b

pytestmark = pytest.mark.django_db

# Plain namespaces: rdflib's closed ones warn when pytest looks for fixtures among the globals
# (and, being strings, their "title" and "format" are taken by index).
DCAT = Namespace(str(namespace.DCAT))
DCTERMS = Namespace(str(namespace.DCTERMS))
FOAF = Namespace(str(namespace.FOAF))
RDF = Namespace(str(namespace.RDF))
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ROSTOCK = URIRef("http://dcat-ap.de/def/politicalGeocoding/regionalKey/130030000000")
GEMEINDE = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
DATEITYP = "http://publications.europa.eu/resource/authority/file-type/"
THEMEN = {
    URIRef("http://publications.europa.eu/resource/authority/data-theme/SOCI"),
    URIRef("http://publications.europa.eu/resource/authority/data-theme/GOVE"),
}
MASSNAHMEN_GEAENDERT = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)
MESSWERTE_GEAENDERT = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def daten(plan):
    """The public plan with history dated in the past, and indicator values 2014–2020."""
    anteil = b.indikator("auslaenderanteil")
    b.messwert(anteil, 2014, Decimal("4.2"))
    b.messwert(anteil, date(2020, 7, 1), Decimal("7.05"))
    b.messwert(b.indikator("intern", oeffentlich=False), 2024, Decimal("1"))
    # History as an installation that has run for a while has it (not "now").
    Massnahme.history.update(history_date=datetime(2024, 1, 1, tzinfo=UTC))
    Massnahme.history.filter(id=plan.m_1b.pk).update(history_date=MASSNAHMEN_GEAENDERT)
    Zustaendigkeit.history.update(history_date=datetime(2024, 2, 2, tzinfo=UTC))
    Messwert.history.update(history_date=datetime(2024, 5, 5, tzinfo=UTC))
    Messwert.history.filter(indikator=anteil, datum=date(2020, 7, 1)).update(
        history_date=MESSWERTE_GEAENDERT
    )
    # An internal indicator's change is no change of the public data.
    Messwert.history.filter(indikator__kennung="intern").update(
        history_date=datetime(2026, 1, 1, tzinfo=UTC)
    )
    return plan


def katalog(client, endung="ttl"):
    antwort = client.get(f"/offene-daten/katalog.{endung}")
    assert antwort.status_code == 200
    graph = Graph()
    graph.parse(data=antwort.content, format="turtle" if endung == "ttl" else "json-ld")
    return graph, antwort


def einer(graph, subjekt, praedikat):
    werte = list(graph.objects(subjekt, praedikat))
    assert len(werte) == 1, (subjekt, praedikat, werte)
    return werte[0]


def deutsch(graph, subjekt, praedikat):
    wert = einer(graph, subjekt, praedikat)
    assert isinstance(wert, Literal) and wert.language == "de" and str(wert).strip()
    return str(wert)


def test_catalog_has_title_description_publisher_and_every_dataset(client, daten):
    graph, antwort = katalog(client)
    assert antwort["Content-Type"] == "text/turtle; charset=utf-8"
    (kat,) = graph.subjects(RDF.type, DCAT.Catalog)
    deutsch(graph, kat, DCTERMS["title"])
    deutsch(graph, kat, DCTERMS.description)
    herausgeber = einer(graph, kat, DCTERMS.publisher)
    assert "Rostock" in str(einer(graph, herausgeber, FOAF.name))
    assert einer(graph, kat, DCTERMS.license) == URIRef(lizenz.URI)
    datensaetze = set(graph.objects(kat, DCAT.dataset))
    assert {str(d).rsplit("#", 1)[1] for d in datensaetze} == {
        "konzept",
        "massnahmen",
        "zustaendigkeiten",
        "indikatoren",
    }
    assert datensaetze == set(graph.subjects(RDF.type, DCAT.Dataset))


def test_every_dataset_has_what_dcat_ap_de_requires(client, daten):
    graph, _ = katalog(client)
    for ds in graph.subjects(RDF.type, DCAT.Dataset):
        deutsch(graph, ds, DCTERMS["title"])
        deutsch(graph, ds, DCTERMS.description)
        herausgeber = einer(graph, ds, DCTERMS.publisher)
        assert (herausgeber, RDF.type, FOAF.Agent) in graph
        beitrag = einer(graph, ds, DCATDE.contributorID)  # K12/13: exactly one, from the list
        assert str(beitrag).startswith("http://dcat-ap.de/def/contributors/")
        kontakt = einer(graph, ds, DCAT.contactPoint)  # K01: with an e-mail address
        assert str(einer(graph, kontakt, VCARD.hasEmail)).startswith("mailto:")
        assert einer(graph, ds, DCATDE.politicalGeocodingURI) == ROSTOCK
        assert einer(graph, ds, DCATDE.politicalGeocodingLevelURI) == GEMEINDE
        assert set(graph.objects(ds, DCAT.theme)) <= THEMEN and list(graph.objects(ds, DCAT.theme))
        assert list(graph.objects(ds, DCAT.keyword))
        assert str(einer(graph, ds, DCAT.landingPage)) == "http://testserver/offene-daten/"
        einer(graph, ds, DCTERMS.modified)
        einer(graph, ds, DCTERMS.issued)
        assert list(graph.objects(ds, DCAT.distribution)), ds


def test_every_distribution_has_access_url_licence_and_format_and_answers(client, daten):
    graph, _ = katalog(client)
    verteilungen = list(graph.subjects(RDF.type, DCAT.Distribution))
    assert len(verteilungen) >= 10
    for dist in verteilungen:
        deutsch(graph, dist, DCTERMS["title"])
        url = str(einer(graph, dist, DCAT.accessURL))
        assert url.startswith("http://testserver/"), url
        assert einer(graph, dist, DCTERMS.license) == URIRef(lizenz.URI)  # K31
        assert str(einer(graph, dist, DCTERMS["format"])).startswith(DATEITYP)  # K32
        assert deutsch(graph, dist, DCATDE.licenseAttributionByText) == lizenz.NAMENSNENNUNG
        for download in graph.objects(dist, DCAT.downloadURL):
            assert str(download) == url
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_modified_and_issued_come_from_the_data_not_from_now(client, daten):
    graph, _ = katalog(client)

    def datum(kennung, praedikat):
        return einer(graph, URIRef(f"http://testserver/offene-daten/#{kennung}"), praedikat)

    assert datum("massnahmen", DCTERMS.modified).toPython() == MASSNAHMEN_GEAENDERT
    assert datum("zustaendigkeiten", DCTERMS.modified).toPython() == datetime(
        2024, 2, 2, tzinfo=UTC
    )
    assert datum("indikatoren", DCTERMS.modified).toPython() == MESSWERTE_GEAENDERT
    assert datum("indikatoren", DCTERMS.issued).toPython() == datetime(2024, 5, 5, tzinfo=UTC)
    assert datum("konzept", DCTERMS.issued).toPython() == date(2020, 11, 11)  # the Beschluss
    zeitraum = datum("indikatoren", DCTERMS.temporal)
    assert einer(graph, zeitraum, DCAT.startDate).toPython() == date(2014, 12, 31)
    assert einer(graph, zeitraum, DCAT.endDate).toPython() == date(2020, 7, 1)


def test_json_ld_says_the_same_as_turtle(client, daten):
    turtle, _ = katalog(client, "ttl")
    jsonld, antwort = katalog(client, "jsonld")
    assert antwort["Content-Type"] == "application/ld+json; charset=utf-8"
    assert isomorphic(turtle, jsonld)


@pytest.mark.parametrize("rolle", ["partner_a", "buergerschaft", "buero"])
def test_the_catalogue_is_the_same_for_everyone(client, daten, personen, rolle):
    anonym = client.get("/offene-daten/katalog.ttl").content
    client.force_login(getattr(personen, rolle))
    assert client.get("/offene-daten/katalog.ttl").content == anonym


def test_urls_follow_the_host_the_catalogue_was_asked_on(client, daten, settings):
    settings.ALLOWED_HOSTS = ["daten.rostock.de"]
    antwort = client.get("/offene-daten/katalog.ttl", HTTP_HOST="daten.rostock.de", secure=True)
    assert "<https://daten.rostock.de/offene-daten/massnahmen.csv>" in antwort.content.decode()
