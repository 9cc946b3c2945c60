"""Every text a person can enter is shown as text, never run as markup.

The same payloads go into every free-text field — Handlungsfeld, Leitziel, Teilziel, Maßnahme
(text and internal note), Zuständigkeit, Akteur, Sachstand, Best Practice, Indikator — and every
page that shows them (public, partner, admin, API, import preview) must contain them escaped and
never raw. A page that did not show a field at all would pass "never raw" trivially; so each
page must also show at least one escaped payload.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concept.models import BestPracticeBeispiel
from measures.choices import Pruefstatus
from tests import builders as b

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUT = '"><img src=x onerror=alert(1)>'
# What must never reach a page unescaped (any of them would run in a browser).
ROH = ["<script>alert", "<img src=x onerror", "onerror=alert(1)>"]
# What the page shows instead: the payload as text.
ESCAPED = ["&lt;script&gt;alert(", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"]


def nutzlast(feld):
    """Both payloads, and the field's name so a failure says which field leaked."""
    return f"{feld} {SCRIPT} {ATTRIBUT}"


@pytest.fixture
def plan(personen):
    k = b.konzept(titel=nutzlast("Konzepttitel"))
    kap = b.kapitel(k, titel=nutzlast("Kapiteltitel"), einleitung=nutzlast("Kapiteleinleitung"))
    hf = b.handlungsfeld(
        kap,
        "5.2",
        titel=nutzlast("Handlungsfeldtitel"),
        leitziel=nutzlast("Leitziel"),
        einleitung=nutzlast("Handlungsfeldeinleitung"),
    )
    tz = b.teilziel(hf, 1, text=nutzlast("Teilziel"))
    m = b.massnahme(tz, "a", text=nutzlast("Massnahmetext"), interne_notiz=nutzlast("Notiz"))
    akteur = personen.akteur_a
    akteur.name = nutzlast("Akteurname")
    akteur.beschreibung = nutzlast("Akteurbeschreibung")
    akteur.save()
    b.zustaendigkeit(m, akteur, federfuehrend=True, hinweis=nutzlast("Hinweis")[:290])
    b.sachstand(
        m,
        akteur,
        personen.partner_a,
        text=nutzlast("Sachstand"),
        pruefstatus=Pruefstatus.FREIGEGEBEN,
        geprueft_von=personen.buero,
    )
    BestPracticeBeispiel.objects.create(
        handlungsfeld=hf, titel=nutzlast("BPTitel"), text=nutzlast("BPText")
    )
    b.indikator(
        "anteil",
        name=nutzlast("Indikatorname"),
        kurzdefinition=nutzlast("Definition"),
        datenquelle=nutzlast("Quelle")[:290],
        handlungsfelder=[hf],
    )
    b.messwert(b.indikator("zweiter"), 2020, 5)
    personen.buero.is_superuser = True
    personen.buero.save()
    return {"massnahme": m, "akteur": akteur, "handlungsfeld": hf}


def pruefe_escaped(antwort, muss_zeigen=True):
    assert antwort.status_code == 200, antwort.status_code
    inhalt = antwort.content.decode()
    for roh in ROH:
        assert roh not in inhalt, f"unescaped {roh!r} in {antwort.wsgi_request.path}"
    if muss_zeigen:
        pfad = antwort.wsgi_request.path
        assert any(e in inhalt for e in ESCAPED), f"no payload shown on {pfad}"
    return inhalt


def texte(daten):
    """Every string in a parsed JSON document."""
    if isinstance(daten, dict):
        for wert in daten.values():
            yield from texte(wert)
    elif isinstance(daten, list):
        for wert in daten:
            yield from texte(wert)
    elif isinstance(daten, str):
        yield daten


def oeffentliche_seiten(plan):
    return [
        reverse("measures:overview"),
        plan["handlungsfeld"].get_absolute_url()
        if hasattr(plan["handlungsfeld"], "get_absolute_url")
        else reverse("measures:handlungsfeld", args=["5.2"]),
        reverse("measures:massnahmen"),
        reverse("measures:massnahmen") + "?q=" + "%3Cscript%3Ealert(1)%3C/script%3E",
        plan["massnahme"].get_absolute_url(),
        reverse("measures:akteure"),
        plan["akteur"].get_absolute_url(),
        reverse("measures:best-practice"),
        reverse("monitoring:uebersicht"),
        reverse("monitoring:indikator", args=["anteil"]),
        # Issue 17: the site-wide search shows every kind's texts, marked (suche/hervorheben.py).
        "/suche/?q=Handlungsfeldtitel",
        "/suche/?q=Massnahmetext",
        "/suche/?q=Akteurname",
        "/suche/?q=Indikatorname+Definition",
    ]


def test_public_pages_escape_every_text(client, plan):
    for url in oeffentliche_seiten(plan):
        pruefe_escaped(client.get(url))


def test_partner_sees_internal_note_escaped(client, plan, personen):
    client.force_login(personen.partner_a)
    inhalt = pruefe_escaped(client.get(plan["massnahme"].get_absolute_url()))
    assert "Notiz &lt;script&gt;" in inhalt


ADMIN_SEITEN = [
    ("measures", "massnahme"),
    ("measures", "akteur"),
    ("measures", "sachstand"),
    ("concept", "handlungsfeld"),
    ("concept", "teilziel"),
    ("monitoring", "indikator"),
]


@pytest.mark.parametrize(("app", "modell"), ADMIN_SEITEN)
def test_admin_lists_and_forms_escape_every_text(client, plan, personen, app, modell):
    from django.apps import apps

    client.force_login(personen.buero)
    # Lists and history show the object's name, which may or may not contain a payload.
    pruefe_escaped(client.get(reverse(f"admin:{app}_{modell}_changelist")), muss_zeigen=False)
    objekt = apps.get_model(app, modell).objects.order_by("pk").first()
    pruefe_escaped(client.get(reverse(f"admin:{app}_{modell}_change", args=[objekt.pk])))
    verlauf = reverse(f"admin:{app}_{modell}_history", args=[objekt.pk])
    pruefe_escaped(client.get(verlauf), muss_zeigen=False)


def test_admin_start_page_escapes(client, plan, personen):
    client.force_login(personen.buero)
    antwort = client.get(reverse("admin:index"))
    inhalt = antwort.content.decode()
    assert antwort.status_code == 200
    for roh in ROH:
        assert roh not in inhalt


def test_api_returns_the_text_as_data(client, plan):
    """JSON is data: the payload comes back unchanged, as a JSON string, never as HTML."""
    for url in [
        "/api/v1/massnahmen/",
        "/api/v1/akteure/",
        "/api/v1/sachstaende/",
        "/api/v1/handlungsfelder/",
        "/api/v1/handlungsfelder/5.2/",
    ]:
        antwort = client.get(url, HTTP_ACCEPT="application/json")
        assert antwort.status_code == 200, url
        assert antwort["Content-Type"].startswith("application/json")
        assert antwort["X-Content-Type-Options"] == "nosniff"
        assert any(SCRIPT in text for text in texte(antwort.json())), url


def test_browsable_api_escapes(client, plan):
    pruefe_escaped(client.get("/api/v1/massnahmen/", HTTP_ACCEPT="text/html"))


def test_import_preview_escapes_cells_it_complains_about(client, plan, personen):
    """A CSV cell comes back in the error list of the import preview: as text."""
    client.force_login(personen.buero)
    # The attribute payload not at the start of its cell: a leading quote would open a quoted
    # cell, and the strict CSV reader refuses the unbalanced quote as a whole.
    datei = f"indikator;datum;wert\n{SCRIPT};2019;1\nanteil;2019;x{ATTRIBUT}\n"
    antwort = client.post(
        reverse("admin:monitoring_messwert_importieren"),
        {"datei": SimpleUploadedFile("werte.csv", datei.encode(), "text/csv")},
    )
    pruefe_escaped(antwort)


def test_search_terms_are_echoed_escaped(client, plan):
    antwort = client.get(reverse("measures:massnahmen"), {"q": SCRIPT, "suche": SCRIPT})
    inhalt = antwort.content.decode()
    assert "<script>alert" not in inhalt


def test_sachstand_submitted_through_the_api_is_shown_escaped(client, plan, personen):
    """The payload arrives through the partner API and is shown to the partner and the staff."""
    client.force_login(personen.partner_a)
    antwort = client.post(
        "/api/v1/sachstaende/",
        {
            "massnahme": plan["massnahme"].oeffentliche_kennung,
            "datum": "2026-06-30",
            "status": "in_umsetzung",
            "ampel": "im_plan",
            "fortschritt": 50,
            "text": f"Per API {SCRIPT} {ATTRIBUT}",
        },
        content_type="application/json",
    )
    assert antwort.status_code == 201, antwort.content
    assert antwort.json()["text"] == f"Per API {SCRIPT} {ATTRIBUT}"
    neu = antwort.json()["id"]
    pruefe_escaped(client.get(reverse("measures:meine-sachstaende")))

    client.force_login(personen.buero)
    inhalt = pruefe_escaped(client.get(reverse("admin:measures_sachstand_change", args=[neu])))
    assert "Per API &lt;script&gt;" in inhalt
