"""The open-data offer (portal/katalog.py) as a DCAT-AP.de catalogue, built with rdflib.

DCAT-AP.de 2.0 (https://www.dcat-ap.de/def/dcatde/2.0/spec/) and the GovData conventions: every
dcat:Dataset has a publisher, one ``dcatde:contributorID`` and a contact point with an e-mail;
every dcat:Distribution has an access URL, a licence IRI from the DCAT-AP.de licence vocabulary
(with the attribution text the licence asks for) and a format from the EU file-type vocabulary.
Political geocoding: the municipality Rostock, Regionalschlüssel 130030000000. URLs are
absolute, from the request, so that a harvester (OpenData.HRO, GovData) can follow them.
"""

from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from concept import lizenz
from concept.models import Konzept
from portal import katalog

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
EU = "http://publications.europa.eu/resource/authority/"
THEMA = Namespace(EU + "data-theme/")
DATEITYP = Namespace(EU + "file-type/")
IANA = "https://www.iana.org/assignments/media-types/"
DEUTSCH = URIRef(EU + "language/DEU")
OEFFENTLICH = URIRef(EU + "access-right/PUBLIC")
UNREGELMAESSIG = URIRef(EU + "frequency/IRREG")
ROSTOCK = URIRef("http://dcat-ap.de/def/politicalGeocoding/regionalKey/130030000000")
GEMEINDE = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")

PRAEFIXE = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatde": DCATDE,
    "foaf": FOAF,
    "vcard": VCARD,
    "xsd": XSD,
}


def _zeit(wert):
    if isinstance(wert, datetime):
        return Literal(wert.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    if isinstance(wert, date):
        return Literal(wert.isoformat(), datatype=XSD.date)
    return None


def _text(graph, subjekt, praedikat, text):
    graph.add((subjekt, praedikat, Literal(str(text), lang="de")))


class _Bauplan:
    """One catalogue graph for one request (the base of every absolute URL)."""

    def __init__(self, request):
        self.request = request
        self.graph = Graph()
        for praefix, namensraum in PRAEFIXE.items():
            self.graph.bind(praefix, namensraum)
        seite = self.absolut(katalog_seite())
        self.katalog = URIRef(seite + "#katalog")
        self.herausgeber = URIRef(seite + "#herausgeber")
        self.kontakt = URIRef(seite + "#kontakt")

    def absolut(self, pfad):
        return self.request.build_absolute_uri(pfad)

    def akteure(self):
        g = self.graph
        g.add((self.herausgeber, RDF.type, FOAF.Agent))
        g.add((self.herausgeber, FOAF.name, Literal(katalog.HERAUSGEBER, lang="de")))
        g.add((self.kontakt, RDF.type, VCARD.Organization))
        g.add((self.kontakt, VCARD.fn, Literal(katalog.HERAUSGEBER, lang="de")))
        g.add((self.kontakt, VCARD.hasEmail, URIRef("mailto:" + katalog.KONTAKT_EMAIL)))
        g.add((self.kontakt, VCARD.hasURL, URIRef(self.absolut(kontakt_seite()))))

    def verteilung(self, datensatz_uri, verteilung, geaendert):
        g = self.graph
        url = URIRef(self.absolut(verteilung.url))
        knoten = URIRef(f"{datensatz_uri}-{verteilung.url_name.split(':')[-1]}")
        g.add((datensatz_uri, DCAT.distribution, knoten))
        g.add((knoten, RDF.type, DCAT.Distribution))
        _text(g, knoten, DCTERMS.title, verteilung.titel)
        if verteilung.beschreibung:
            _text(g, knoten, DCTERMS.description, verteilung.beschreibung)
        g.add((knoten, DCAT.accessURL, url))
        if verteilung.datei:
            g.add((knoten, DCAT.downloadURL, url))
        dateityp, medientyp = verteilung.format
        g.add((knoten, DCTERMS.format, DATEITYP[dateityp]))
        g.add((knoten, DCAT.mediaType, URIRef(IANA + medientyp)))
        g.add((knoten, DCTERMS.license, URIRef(lizenz.URI)))
        g.add((knoten, DCATDE.licenseAttributionByText, Literal(lizenz.NAMENSNENNUNG, lang="de")))
        if (zeit := _zeit(geaendert)) is not None:
            g.add((knoten, DCTERMS.modified, zeit))

    def datensatz(self, datensatz, zeiten):
        g = self.graph
        uri = URIRef(self.absolut(katalog_seite()) + "#" + datensatz.kennung)
        g.add((self.katalog, DCAT.dataset, uri))
        g.add((uri, RDF.type, DCAT.Dataset))
        _text(g, uri, DCTERMS.title, datensatz.titel)
        _text(g, uri, DCTERMS.description, datensatz.beschreibung)
        g.add((uri, DCTERMS.identifier, Literal(str(uri))))
        g.add((uri, DCTERMS.publisher, self.herausgeber))
        g.add((uri, DCAT.contactPoint, self.kontakt))
        g.add((uri, DCATDE.contributorID, URIRef(settings.DCAT_CONTRIBUTOR_ID)))
        g.add((uri, DCATDE.politicalGeocodingURI, ROSTOCK))
        g.add((uri, DCATDE.politicalGeocodingLevelURI, GEMEINDE))
        g.add((uri, DCTERMS.spatial, ROSTOCK))
        g.add((uri, DCTERMS.language, DEUTSCH))
        g.add((uri, DCTERMS.accessRights, OEFFENTLICH))
        g.add((uri, DCTERMS.accrualPeriodicity, UNREGELMAESSIG))
        g.add((uri, DCAT.landingPage, URIRef(self.absolut(katalog_seite()))))
        for thema in datensatz.themen:
            g.add((uri, DCAT.theme, THEMA[thema]))
        for wort in datensatz.schlagworte:
            _text(g, uri, DCAT.keyword, wort)
        if (zeit := _zeit(zeiten.erstellt)) is not None:
            g.add((uri, DCTERMS.issued, zeit))
        if (zeit := _zeit(zeiten.geaendert)) is not None:
            g.add((uri, DCTERMS.modified, zeit))
        if zeiten.von and zeiten.bis:
            zeitraum = BNode()
            g.add((uri, DCTERMS.temporal, zeitraum))
            g.add((zeitraum, RDF.type, DCTERMS.PeriodOfTime))
            g.add((zeitraum, DCAT.startDate, _zeit(zeiten.von)))
            g.add((zeitraum, DCAT.endDate, _zeit(zeiten.bis)))
        for verteilung in datensatz.verteilungen:
            self.verteilung(uri, verteilung, zeiten.geaendert)

    def bauen(self):
        g = self.graph
        konzept = Konzept.objects.aktuell()
        zeiten = katalog.zeitangaben(konzept)
        g.add((self.katalog, RDF.type, DCAT.Catalog))
        _text(g, self.katalog, DCTERMS.title, _("Offene Daten des Integrationsportals Rostock"))
        _text(
            g,
            self.katalog,
            DCTERMS.description,
            _(
                "Das Integrationskonzept der Hanse- und Universitätsstadt Rostock, der Stand "
                "seiner Maßnahmen, die Zuständigkeiten und die Indikatoren des Monitorings."
            ),
        )
        g.add((self.katalog, DCTERMS.publisher, self.herausgeber))
        g.add((self.katalog, FOAF.homepage, URIRef(self.absolut(katalog_seite()))))
        g.add((self.katalog, DCTERMS.language, DEUTSCH))
        g.add((self.katalog, DCTERMS.license, URIRef(lizenz.URI)))
        g.add((self.katalog, DCTERMS.spatial, ROSTOCK))
        self.akteure()
        for datensatz in katalog.datensaetze():
            self.datensatz(datensatz, zeiten.get(datensatz.kennung, katalog.Zeitangaben()))
        geaendert = [z.geaendert for z in zeiten.values() if isinstance(z.geaendert, datetime)]
        if geaendert:
            g.add((self.katalog, DCTERMS.modified, _zeit(max(geaendert))))
        if konzept is not None:
            g.add((self.katalog, DCTERMS.issued, _zeit(konzept.beschlossen_am)))
        return g


def katalog_seite():
    return reverse("measures:offene-daten")


def kontakt_seite():
    return reverse("measures:kontakt")


def katalog_graph(request):
    """The whole catalogue as an rdflib ``Graph``."""
    return _Bauplan(request).bauen()


def als_turtle(request):
    return katalog_graph(request).serialize(format="turtle")


def als_jsonld(request):
    context = {praefix: str(namensraum) for praefix, namensraum in PRAEFIXE.items()}
    return katalog_graph(request).serialize(format="json-ld", context=context, indent=2)
