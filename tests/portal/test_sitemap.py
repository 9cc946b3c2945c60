"""/sitemap.xml and /robots.txt (portal/sitemaps.py, portal/robots.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from measures.models import Massnahme
from tests import builders as b
from tests.oeffentlicher_plan import plan_anlegen

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _eintraege(client):
    antwort = client.get("/sitemap.xml")
    assert antwort.status_code == 200
    assert antwort["Content-Type"].startswith("application/xml")
    wurzel = etree.fromstring(antwort.content)
    assert wurzel.tag == f"{{{NS['s']}}}urlset"
    return {
        u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
        for u in wurzel.findall("s:url", NS)
    }


def test_sitemap_lists_the_public_pages_of_the_current_konzept(client, personen):
    plan = plan_anlegen(personen)
    oeffentlich = b.indikator("auslaenderanteil")
    b.indikator("intern-steuerung", oeffentlich=False)
    eintraege = _eintraege(client)
    basis = "http://testserver"
    for pfad in (
        "/",
        "/massnahmen/",
        "/akteure/",
        "/indikatoren/",
        "/best-practice/",
        "/barrierefreiheit/",
        "/leichte-sprache/",
        "/impressum/",
        "/datenschutz/",
        "/handlungsfelder/5.1.1/",
        "/handlungsfelder/5.2/",
        "/massnahmen/5.1.1-1a/",
        "/massnahmen/5.1.1-1b/",
        "/massnahmen/5.3-1a/",
        f"/akteure/{personen.akteur_a.slug}/",
        oeffentlich.get_absolute_url(),
    ):
        assert basis + pfad in eintraege, pfad
    assert not [u for u in eintraege if "intern-steuerung" in u]
    assert not [u for u in eintraege if "/konto/" in u or "/admin/" in u]
    # lastmod from the data: the measure's own change.
    m = Massnahme.objects.get(pk=plan.m_1a.pk)
    assert (
        eintraege[basis + "/massnahmen/5.1.1-1a/"] == timezone.localdate(m.geaendert_am).isoformat()
    )
    assert eintraege[basis + "/impressum/"] is None


def test_measures_of_an_older_konzept_are_not_listed(client, personen):
    plan = plan_anlegen(personen)
    neu = b.konzept(beschlossen_am=plan.konzept.beschlossen_am + timedelta(days=1))
    b.massnahme(b.teilziel(b.handlungsfeld(b.kapitel(neu), "9.1"), 1), "a")
    eintraege = _eintraege(client)
    assert "http://testserver/massnahmen/9.1-1a/" in eintraege
    assert "http://testserver/massnahmen/5.1.1-1a/" not in eintraege
    assert "http://testserver/handlungsfelder/5.1.1/" not in eintraege


def test_lastmod_of_a_handlungsfeld_follows_its_measures(client, personen):
    plan = plan_anlegen(personen)
    spaeter = timezone.now() + timedelta(days=3)
    Massnahme.objects.filter(pk=plan.m_1b.pk).update(geaendert_am=spaeter)
    eintraege = _eintraege(client)
    assert (
        eintraege["http://testserver/handlungsfelder/5.1.1/"]
        == timezone.localdate(spaeter).isoformat()
    )
    assert eintraege["http://testserver/"] == timezone.localdate(spaeter).isoformat()


def test_robots_txt(client):
    antwort = client.get("/robots.txt")
    assert antwort.status_code == 200
    assert antwort["Content-Type"] == "text/plain; charset=utf-8"
    zeilen = antwort.content.decode().splitlines()
    assert zeilen[:2] == ["User-agent: *", "Allow: /"]
    for pfad in ("/admin/", "/konto/", "/einladung/", "/melden/", "/meine-sachstaende/"):
        assert f"Disallow: {pfad}" in zeilen
    assert "Disallow: /en/konto/" in zeilen
    assert "Disallow: /en/admin/" not in zeilen
    assert "Disallow: /" not in zeilen
    assert "Sitemap: http://testserver/sitemap.xml" in zeilen
    assert client.get("/robots.txt", secure=True).content.decode().splitlines()[-1] == (
        "Sitemap: https://testserver/sitemap.xml"
    )


def test_robots_txt_refuses_writes(client):
    assert client.post("/robots.txt").status_code == 405


def test_robots_rules_cover_the_private_urls():
    """The Disallow list follows the URLconf: each private page's path starts with a rule."""
    from django.urls import reverse

    from portal.robots import NICHT_FUER_SUCHMASCHINEN

    privat = [
        reverse("admin:index"),
        reverse("login"),
        reverse("measures:meine-massnahmen"),
        reverse("measures:meine-sachstaende"),
        reverse("measures:rundenzugang", kwargs={"token": "x"}),
        reverse("measures:sachstand-neu", kwargs={"kennung": "5.2-1a"}),
        reverse("measures:sachstand-bearbeiten", kwargs={"pk": 1}),
        reverse("measures:rundenformular", kwargs={"pk": 1, "akteur": "a"}),
        reverse("measures:buergerschaft"),
        reverse("netzwerk:einladung", kwargs={"token": "x"}),
        reverse("datenschutz:meine-daten"),
        reverse("benachrichtigungen:abbestellen", kwargs={"token": "x"}),
    ]
    for pfad in privat:
        assert any(_passt(regel, pfad) for regel in NICHT_FUER_SUCHMASCHINEN), pfad


def _passt(regel, pfad):
    """RFC 9309 matching for rules with ``*``."""
    import re

    return re.match(".*".join(map(re.escape, regel.split("*"))), pfad) is not None


def test_with_language_prefixes_every_page_is_listed_per_language(client, personen):
    plan_anlegen(personen)
    # The real URLconf: the pages are under i18n_patterns (integration_portal/urls.py).
    antwort = client.get("/sitemap.xml")
    assert antwort.status_code == 200
    wurzel = etree.fromstring(antwort.content)
    orte = [u.findtext("s:loc", namespaces=NS) for u in wurzel.findall("s:url", NS)]
    assert "http://testserver/massnahmen/5.1.1-1a/" in orte
    assert "http://testserver/en/massnahmen/5.1.1-1a/" in orte
    xhtml = {"x": "http://www.w3.org/1999/xhtml"}
    eintrag = next(
        u
        for u in wurzel.findall("s:url", NS)
        if u.findtext("s:loc", namespaces=NS) == "http://testserver/massnahmen/5.1.1-1a/"
    )
    alternativen = {a.get("hreflang"): a.get("href") for a in eintrag.findall("x:link", xhtml)}
    assert alternativen == {
        "de": "http://testserver/massnahmen/5.1.1-1a/",
        "en": "http://testserver/en/massnahmen/5.1.1-1a/",
        "x-default": "http://testserver/massnahmen/5.1.1-1a/",
    }
