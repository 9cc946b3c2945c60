"""No input from outside causes a 500: every URL pattern and parameter with hostile values.

The walk has two parts, for anonymous visitors and for the Büro's staff:

- every URL pattern of the project with each path argument replaced by a hostile value (NUL,
  negative, huge, non-numeric, overlong), the other arguments by real ones from a small plan;
- every page reached from the start page and the admin's index (one link deep) with each query
  parameter its forms and links use, and a few common ones, set to each hostile value.

A 500 from any of them fails the test with the list of offending URLs.
"""

import re
from html import unescape
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from tests.oeffentlicher_plan import plan_anlegen

pytestmark = pytest.mark.django_db

FEINDLICH = ["\x00", "a\x00b", "-1", "0", "9" * 30, "abc", "x" * 2100, "1.5", "%", "\u202e"]
# Query parameters get fewer values each: there are many more of them.
FEINDLICH_KURZ = ["\x00", "-1", "0", "9" * 30, "abc", "x" * 2100]
# Parameters the code reads by hand or through FilterSets; the admin's own for its pages.
UEBLICHE_PARAMETER = [
    "von", "bis", "nach", "stichtag", "akteur", "handlungsfeld", "teilziel", "status",
    "ampel", "q", "page", "seite", "ordering", "format", "p", "o", "e", "next", "limit",
    "offset", "jahr", "typ",
]  # fmt: skip
ADMIN_PARAMETER = ["p", "o", "q", "e", "_to_field", "_changelist_filters", "_popup"]
# Not walked: leaving the session or switching languages are POST-only side doors.
AUSGELASSEN = ("/konto/logout/", "/i18n/", "/static/")
ROUTE_ARG = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
LINK = re.compile(r'href="(/[^"#]*)"')
GET_FORMULAR = re.compile(r'<form\b(?![^>]*method="post")[^>]*>(.*?)</form>', re.S | re.I)
FELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


def _routen(resolver=None, praefix=""):
    """Every route of the URLconf as a template string ("massnahmen/<str:kennung>/")."""
    resolver = resolver or get_resolver()
    for eintrag in resolver.url_patterns:
        pattern = eintrag.pattern
        if not isinstance(pattern, RoutePattern):
            continue  # regex patterns (the admin's app index) are reached through links
        route = praefix + str(pattern)
        if isinstance(eintrag, URLResolver):
            yield from _routen(eintrag, route)
        elif isinstance(eintrag, URLPattern):
            yield route


def _echte_werte(plan, personen):
    return {
        "nummer": plan.hf_bildung.nummer,
        "kennung": plan.m_1a.oeffentliche_kennung,
        "slug": personen.akteur_a.slug,
        "pk": str(plan.m_1a.sachstaende.first().pk),
        "object_id": str(plan.m_1a.pk),
    }


def _pfade_mit_feindlichen_argumenten(echte):
    for route in _routen():
        argumente = [m["name"] for m in ROUTE_ARG.finditer(route)]
        for name in argumente:
            for wert in FEINDLICH:

                def ersetzen(m, name=name, wert=wert):
                    if m["name"] == name:
                        return quote(wert, safe="")
                    return quote(echte.get(m["name"], "1"), safe="")

                yield "/" + ROUTE_ARG.sub(ersetzen, route)


def _seiten(client, start):
    """The start pages and the same-site pages they link to (one link deep), one per view."""
    gefunden = {}
    for url in start:
        gefunden.setdefault(url, None)
        antwort = client.get(url)
        if antwort.status_code == 200 and "html" in antwort.get("Content-Type", ""):
            for link in LINK.findall(antwort.content.decode()):
                gefunden.setdefault(unescape(link), None)
    je_view = {}
    for url in gefunden:
        if url.startswith(AUSGELASSEN):
            continue
        try:
            view = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        je_view.setdefault(view, url)
    return list(je_view.values())


def _parameter(client, url):
    """Query parameter names this page's forms and links use, plus the common ones."""
    namen = set(ADMIN_PARAMETER if url.startswith("/admin/") else UEBLICHE_PARAMETER)
    if ".pdf" in url:
        # Each render costs; the report views read only these.
        return {"stichtag", "akteur"}
    antwort = client.get(url)
    if "html" in antwort.get("Content-Type", ""):
        inhalt = antwort.content.decode()
        for formular in GET_FORMULAR.findall(inhalt):
            namen.update(FELD.findall(formular))
        for link in LINK.findall(inhalt):
            namen.update(name for name, _ in parse_qsl(urlsplit(unescape(link)).query))
    namen -= {"csrfmiddlewaretoken"}
    return namen


def _fuenfhunderter(client, urls):
    fehler = []
    for url in urls:
        antwort = client.get(url)
        if antwort.status_code >= 500:
            fehler.append((url[:200], antwort.status_code))
    return fehler


def _client(personen, wer):
    client = Client(raise_request_exception=False)
    if wer:
        client.force_login(getattr(personen, wer))
    return client


@pytest.mark.parametrize("wer", [None, "buero"])
def test_hostile_path_arguments_never_cause_a_500(personen, wer):
    plan = plan_anlegen(personen)
    client = _client(personen, wer)
    urls = list(_pfade_mit_feindlichen_argumenten(_echte_werte(plan, personen)))
    urls = [u for u in urls if not u.startswith(AUSGELASSEN)]
    assert len(urls) > 100
    fehler = _fuenfhunderter(client, urls)
    assert not fehler, "\n".join(f"{code} {url}" for url, code in fehler)


@pytest.mark.parametrize("wer", [None, "buero"])
def test_hostile_query_parameters_never_cause_a_500(personen, wer):
    plan_anlegen(personen)
    client = _client(personen, wer)
    start = ["/", "/indikatoren/", "/berichte/", "/api/v1/", "/massnahmen/"]
    if wer == "buero":
        start.append("/admin/")
    seiten = _seiten(client, start)
    assert len(seiten) > 15
    urls = []
    for seite in seiten:
        basis = seite.split("?")[0]
        vorhandene = parse_qsl(urlsplit(seite).query)
        for name in _parameter(client, seite):
            for wert in FEINDLICH_KURZ:
                query = [(n, v) for n, v in vorhandene if n != name] + [(name, wert)]
                urls.append(f"{basis}?{urlencode(query)}")
    fehler = _fuenfhunderter(client, urls)
    assert not fehler, "\n".join(f"{code} {url}" for url, code in fehler)
