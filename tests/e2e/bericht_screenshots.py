"""Pages of the Gesamtbericht as pictures for the README (run by hand).

Renders the report of the latest closed Berichtsrunde of the demo history and turns the pages
that a council member reads first into PNG files with poppler's ``pdftoppm`` (Debian package
poppler-utils; only this script needs it):

    export DATABASE_URL=sqlite:////tmp/bericht-demo.sqlite3 DEBUG=1
    rm -f /tmp/bericht-demo.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py load_konzept
    .venv/bin/python manage.py load_monitoring
    .venv/bin/python manage.py demo_konten
    .venv/bin/python manage.py demo_fortschritt
    .venv/bin/python -m tests.e2e.bericht_screenshots        # → docs/screenshots/

Each picture is found by a heading on its page, so the script keeps working when pages move.
"""

import argparse
import io
import os
import subprocess
import tempfile
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parents[2]

# (file name, text or texts that mark the page): the first page whose text contains them all.
SEITEN = [
    ("bericht-gesamt-01.png", "Eckdaten des Berichts"),
    (
        "bericht-gesamt-02.png",
        ("Inhalt", "Anhang A: Akteure und ihre Maßnahmen", "Auf einen Blick"),
    ),
    ("bericht-gesamt-03.png", ("Zusammenfassung", "Maßnahmen nach Status")),
    ("bericht-gesamt-31.png", "5.2 Arbeit und Qualifizierung\nFortschritt des Handlungsfelds"),
    ("bericht-auf-einen-blick.png", "Auf einen Blick"),
    ("bericht-handlungsfeld.png", "Fortschritt des Handlungsfelds:"),
    (
        "bericht-anhang-veraenderungen.png",
        ("Anhang C: Veränderungen im Einzelnen", "Verglichen mit"),
    ),
]


def _seite_mit(leser, texte, ab=0):
    texte = (texte,) if isinstance(texte, str) else texte
    for nummer, seite in enumerate(leser.pages[ab:], start=ab + 1):
        inhalt = seite.extract_text() or ""
        if all(text in inhalt for text in texte):
            return nummer
    raise SystemExit(f"Keine Seite enthält „{' / '.join(texte)}“.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ziel", type=Path, default=BASE_DIR / "docs" / "screenshots")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")
    django.setup()

    from pypdf import PdfReader

    from berichte.data import Berichtsauftrag, sammeln
    from berichte.render import pdf_erzeugen
    from measures.choices import RundenStatus
    from measures.models import Berichtsrunde

    runde = Berichtsrunde.objects.filter(status=RundenStatus.GESCHLOSSEN).first()
    pdf = pdf_erzeugen(sammeln(Berichtsauftrag(berichtsrunde=runde.pk))).pdf
    leser = PdfReader(io.BytesIO(pdf))
    args.ziel.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as ordner:
        datei = Path(ordner) / "bericht.pdf"
        datei.write_bytes(pdf)
        for name, text in SEITEN:
            nummer = _seite_mit(leser, text)
            stamm = Path(ordner) / name.removesuffix(".png")
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "80",
                    "-singlefile",
                    "-f",
                    str(nummer),
                    "-l",
                    str(nummer),
                    str(datei),
                    str(stamm),
                ],
                check=True,
            )
            (args.ziel / name).write_bytes(stamm.with_suffix(".png").read_bytes())
            print(f"{name}: Seite {nummer}")


if __name__ == "__main__":
    main()
