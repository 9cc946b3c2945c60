"""The Büro's admin for screen readers and keyboards (BITV 2.0 covers the intranet too):
names for the fields of tabular inlines, no aria-describedby to missing elements, an h1 on
the login page, the service links on every page. In the browser:
tests/e2e/test_barrierefreiheit.py."""

import re

import pytest
from django.urls import reverse

from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def massnahme(personen):
    hf = b.handlungsfeld(b.kapitel(b.konzept()), "5.1.1", "Frühkindliche Bildung")
    m = b.massnahme(b.teilziel(hf, 1, "Sprachförderung"), "a", text="Sprachkitas ausbauen")
    b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    b.zustaendigkeit(m, personen.akteur_b)
    return m


@pytest.fixture
def aenderungsseite(client, personen, massnahme):
    client.force_login(personen.buero)
    antwort = client.get(reverse("admin:measures_massnahme_change", args=[massnahme.pk]))
    assert antwort.status_code == 200
    return antwort.content.decode()


def test_inline_fields_are_named_by_column_and_row(aenderungsseite):
    for feld, name in [
        ("zustaendigkeiten-0-akteur", "Akteur, Zeile 1"),
        ("zustaendigkeiten-0-seite", "Seite, Zeile 1"),
        ("zustaendigkeiten-1-federfuehrend", "Federführend, Zeile 2"),
        ("zustaendigkeiten-1-hinweis", "Hinweis, Zeile 2"),
        ("zustaendigkeiten-0-DELETE", "Löschen, Zeile 1"),
        ("meilensteine-0-titel", "Titel, Zeile 1"),
    ]:
        tag = re.search(rf'<(?:input|select|textarea)[^>]*name="{feld}"[^>]*>', aenderungsseite)
        assert tag, feld
        assert f'aria-label="{name}"' in tag.group(0), tag.group(0)


def test_the_empty_template_row_is_named_by_column(aenderungsseite):
    tag = re.search(r'<select[^>]*name="zustaendigkeiten-__prefix__-seite"[^>]*>', aenderungsseite)
    assert 'aria-label="Seite"' in tag.group(0)


def test_no_aria_describedby_points_at_a_missing_element(aenderungsseite):
    ids = set(re.findall(r'\sid="([^"]+)"', aenderungsseite))
    verweise = re.findall(r'aria-describedby="([^"]+)"', aenderungsseite)
    fehlend = [v for verweis in verweise for v in verweis.split() if v not in ids]
    assert fehlend == []


def test_admin_pages_link_the_statement_and_leichte_sprache(aenderungsseite):
    assert f'href="{reverse("measures:barrierefreiheit")}"' in aenderungsseite
    assert f'href="{reverse("measures:leichte-sprache")}"' in aenderungsseite


def test_admin_login_page_has_one_h1(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert f'href="{reverse("measures:barrierefreiheit")}"' in html
