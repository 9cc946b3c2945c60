"""A picture of an indicator page for the README (not a test; run by hand).

Builds an example indicator – clearly named „Beispieldaten“, its figures are made up for the
picture and belong only in a demo database – with a Geschlecht breakdown, two Zielwerte, a
Messwert with an Anmerkung (footnote) and a breakdown cell of 2 (below the Mindestfallzahl, so
the small-number protection withholds it), then photographs its page from a running server in
headless Chromium (Debian's /usr/bin/chromium; no browser is downloaded):

    export DATABASE_URL=sqlite:////tmp/indikator-demo.sqlite3 DEBUG=1
    rm -f /tmp/indikator-demo.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py load_konzept
    .venv/bin/python manage.py load_monitoring
    .venv/bin/python manage.py runserver 127.0.0.1:8771 &
    .venv/bin/python -m tests.e2e.monitoring_screenshot        # → docs/screenshots/indikator.png

The page is photographed with JavaScript switched off, so that chart and table (the two tabs)
are both in the picture. Running it again reuses the example. Options: ``--basis`` (default
http://127.0.0.1:8771), ``--ziel`` (output folder).
"""

import argparse
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parents[2]
KENNUNG = "beispiel-kursteilnehmende"

# (year, total, weiblich, männlich, divers): divers 2023 is the cell of 2.
WERTE = [
    (2019, 412, 230, 176, 6),
    (2020, 298, 170, 124, 4),
    (2021, 356, 201, 150, 5),
    (2022, 447, 262, 181, 4),
    (2023, 489, 281, 206, 2),
]


def beispiel_anlegen():
    """The example indicator and its values (idempotent)."""
    from concept.models import Handlungsfeld
    from monitoring.choices import Einheit, Indikatorart, Richtung, Zeitart
    from monitoring.models import Auspraegung, Dimension, Indikator, Messwert, Zielwert

    geschlecht, _ = Dimension.objects.get_or_create(
        slug="geschlecht", defaults={"name": "Geschlecht", "sortierung": 3}
    )
    for name, slug in (("weiblich", "weiblich"), ("männlich", "maennlich"), ("divers", "divers")):
        Auspraegung.objects.get_or_create(dimension=geschlecht, slug=slug, defaults={"name": name})
    indikator, _ = Indikator.objects.update_or_create(
        kennung=KENNUNG,
        defaults={
            "name": "Teilnehmende an Integrationskursen (Beispieldaten)",
            "art": Indikatorart.LEISTUNG,
            "kurzdefinition": (
                "Beispiel für die Abbildung im README: erfundene Werte, keine Rostocker Daten."
            ),
            "einheit": Einheit.ANZAHL,
            "einheit_bezeichnung": "Personen",
            "nachkommastellen": 0,
            "datenquelle": "Beispieldaten",
            "richtung": Richtung.HOEHER_BESSER,
            "mindestfallzahl": 3,
        },
    )
    hf = Handlungsfeld.objects.filter(nummer="5.1.3").first()
    if hf:
        indikator.handlungsfelder.set([hf])
    for jahr, wert in ((2025, 520), (2030, 600)):
        Zielwert.objects.update_or_create(
            indikator=indikator, jahr=jahr, defaults={"wert": Decimal(wert)}
        )
    for jahr, gesamt, weiblich, maennlich, divers in WERTE:
        for schluessel, wert in (
            ("", gesamt),
            ("geschlecht=weiblich", weiblich),
            ("geschlecht=maennlich", maennlich),
            ("geschlecht=divers", divers),
        ):
            anmerkung = ""
            if jahr == 2020 and not schluessel:
                anmerkung = "Kurse ab März 2020 wegen der Pandemie ausgesetzt."
            Messwert.objects.update_or_create(
                indikator=indikator,
                datum=date(jahr, 12, 31),
                aufschluesselung=schluessel,
                defaults={
                    "zeitart": Zeitart.JAHR,
                    "wert": Decimal(wert),
                    "fallzahl": wert,
                    "anmerkung": anmerkung,
                    "quelle": "Beispieldaten",
                },
            )
    return indikator


def fotografieren(basis, ziel):
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    ziel.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        kontext = browser.new_context(
            viewport={"width": 1280, "height": 1000}, locale="de-DE", java_script_enabled=False
        )
        seite = kontext.new_page()
        seite.goto(f"{basis}/indikatoren/{KENNUNG}/?nach=geschlecht")
        seite.locator("section.verlauf").screenshot(path=str(ziel / "indikator.png"))
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--basis", default="http://127.0.0.1:8771")
    parser.add_argument("--ziel", type=Path, default=BASE_DIR / "docs" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")
    django.setup()
    beispiel_anlegen()
    fotografieren(args.basis.rstrip("/"), args.ziel)
    print(f"Screenshot in {args.ziel / 'indikator.png'}")


if __name__ == "__main__":
    main()
