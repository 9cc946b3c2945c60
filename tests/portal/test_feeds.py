"""Atom feeds of the change log (portal/feeds.py): valid Atom, only what is public, per
Handlungsfeld and per Akteur only theirs, linked from the pages."""

import feedparser
import pytest
from lxml import etree

from measures.models import Massnahme
from tests import aenderungen_szenario as sz

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
ROLLEN = ["anonymous", "partner_a", "partner_b", "buergerschaft", "buero"]


def _feed(client, url):
    antwort = client.get(url)
    assert antwort.status_code == 200, url
    assert antwort["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(antwort.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed, antwort.content


def _rfc4287(inhalt):
    """The elements RFC 4287 requires of a feed and of every entry, each exactly once."""
    wurzel = etree.fromstring(inhalt)
    assert wurzel.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(wurzel.findall(f"{ATOM}{name}")) == 1, name
    eintraege = wurzel.findall(f"{ATOM}entry")
    for eintrag in eintraege:
        for name in ("id", "title", "updated"):
            assert len(eintrag.findall(f"{ATOM}{name}")) == 1, name
        # No feed-level author here is fine only if every entry has one (4.1.1).
        assert eintrag.find(f"{ATOM}author/{ATOM}name").text
        assert eintrag.find(f"{ATOM}id").text.startswith("tag:testserver,2026-12-01:")
    return eintraege


@pytest.mark.parametrize("rolle", ROLLEN)
def test_feed_shows_approved_sachstaende_only_for_everybody(client, personen, rolle):
    szenario = sz.anlegen(personen)
    if rolle != "anonymous":
        client.force_login(getattr(personen, rolle))
    feed, inhalt = _feed(client, "/aenderungen/feed.atom")
    assert sz.NEUER_TEXT.encode() not in inhalt
    assert [e.title for e in feed.entries] == ["5.1.1 / 1 a: Sachstand vom 30.06.2024"]

    sz.freigeben(szenario, personen)
    feed, inhalt = _feed(client, "/aenderungen/feed.atom")
    _rfc4287(inhalt)
    neu = feed.entries[0]
    assert neu.title == "5.1.1 / 1 a: Sachstand vom 15.01.2026"
    assert sz.NEUER_TEXT in neu.summary
    assert "Status: in Umsetzung → umgesetzt" in neu.summary
    assert neu.author == "Amt A"
    assert neu.link == "http://testserver/massnahmen/5.1.1-1a/#sachstaende"
    assert neu.id == f"tag:testserver,2026-12-01:aenderung/sachstand-{szenario.eingereicht.pk}"
    for intern in (sz.GEHEIME_NOTIZ, "Prüfkommentar intern", "Vertraulich", "Entwurf"):
        assert intern.encode() not in inhalt


def test_status_change_entry_by_the_buero(client, personen):
    szenario = sz.anlegen(personen)
    sz.status_im_admin_aendern(szenario, personen)
    feed, inhalt = _feed(client, "/aenderungen/feed.atom")
    _rfc4287(inhalt)
    eintrag = feed.entries[0]
    assert eintrag.title == "5.1.1 / 1 b: Status „verzögert“ → „in Umsetzung“"
    assert eintrag.author.startswith("Büro für Integration")
    assert eintrag.link == "http://testserver/massnahmen/5.1.1-1b/#stand"
    assert eintrag.updated_parsed and eintrag.published_parsed
    # The same entry keeps its id on the next fetch.
    assert _feed(client, "/aenderungen/feed.atom")[0].entries[0].id == eintrag.id


def test_handlungsfeld_feed_has_its_measures_only(client, personen):
    szenario = sz.anlegen(personen)
    sz.status_im_admin_aendern(szenario, personen)
    wohnen = szenario.plan.m_wohnen
    wohnen.status = "entfallen"
    wohnen.save()
    bildung, _ = _feed(client, "/handlungsfelder/5.1.1/feed.atom")
    assert {e.title.split(":")[0] for e in bildung.entries} == {"5.1.1 / 1 a", "5.1.1 / 1 b"}
    assert "Frühkindliche Bildung" in bildung.feed.title
    feed_wohnen, _ = _feed(client, "/handlungsfelder/5.3/feed.atom")
    assert [e.title.split(":")[0] for e in feed_wohnen.entries] == ["5.3 / 1 a"]


def test_akteur_feed_has_its_measures_only(client, personen):
    szenario = sz.anlegen(personen)
    sz.status_im_admin_aendern(szenario, personen)
    a, _ = _feed(client, f"/akteure/{personen.akteur_a.slug}/feed.atom")
    assert {e.title.split(":")[0] for e in a.entries} == {"5.1.1 / 1 a"}
    b_, _ = _feed(client, f"/akteure/{personen.akteur_b.slug}/feed.atom")
    assert {e.title.split(":")[0] for e in b_.entries} == {"5.1.1 / 1 a", "5.1.1 / 1 b"}


@pytest.mark.parametrize(
    "url", ["/handlungsfelder/9.9/feed.atom", "/akteure/gibt-es-nicht/feed.atom"]
)
def test_unknown_handlungsfeld_or_akteur_is_404(client, personen, url):
    sz.anlegen(personen)
    assert client.get(url).status_code == 404


def test_feed_is_bounded(client, personen, monkeypatch):
    szenario = sz.anlegen(personen)
    monkeypatch.setattr("portal.feeds.EINTRAEGE", 2)
    m = szenario.plan.m_1b
    for status in ("in_umsetzung", "umgesetzt", "verzoegert"):
        m.status = status
        m.save()
    feed, _ = _feed(client, "/aenderungen/feed.atom")
    assert len(feed.entries) == 2
    assert feed.entries[0].title.endswith("→ „verzögert“")


def test_markup_in_texts_is_escaped(client, personen):
    szenario = sz.anlegen(personen)
    Massnahme.objects.filter(pk=szenario.plan.m_1a.pk).update(text="<script>alert(1)</script>")
    feed, inhalt = _feed(client, "/aenderungen/feed.atom")
    assert "<script>" not in feed.entries[0].summary
    assert "&lt;script&gt;" in feed.entries[0].summary


@pytest.mark.parametrize(
    ("seite", "feed"),
    [
        ("/", "/aenderungen/feed.atom"),
        ("/handlungsfelder/5.1.1/", "/handlungsfelder/5.1.1/feed.atom"),
        ("/akteure/amt-a/", "/akteure/amt-a/feed.atom"),
    ],
)
def test_pages_name_their_feed_in_head_and_body(client, personen, seite, feed):
    sz.anlegen(personen)
    baum = etree.fromstring(client.get(seite).content, etree.HTMLParser())
    kopf = baum.xpath('//head/link[@rel="alternate"][@type="application/atom+xml"]')
    assert [k.get("href") for k in kopf] == [feed]
    assert kopf[0].get("title")
    sichtbar = baum.xpath(f'//main//a[@href="{feed}"]')
    assert sichtbar and "Feed abonnieren" in sichtbar[0].xpath("string()")


def test_anonymous_feed_comes_from_the_page_cache(client, personen, django_assert_num_queries):
    sz.anlegen(personen)
    erste = client.get("/aenderungen/feed.atom")
    with django_assert_num_queries(1):
        zweite = client.get("/aenderungen/feed.atom")
    assert zweite.content == erste.content
    assert zweite["Content-Type"].startswith("application/atom+xml")
