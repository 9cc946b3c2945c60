"""*Der* Akteur: no neuter article before "Akteur" in code, templates or README."""

import re
from pathlib import Path

from django.conf import settings

FALSCH = re.compile(
    r"\b(das|welches|dieses|jedes|keines|ein anderes|für ein|angefragtes|zuständiges|"
    r"federführendes)\s+(\w+(e|es)\s+)?Akteur\b|für welches (er|sie|gemeldet)|"
    r"auf das bleibende",
    re.IGNORECASE,
)


def dateien():
    basis = Path(settings.BASE_DIR)
    yield basis / "README.md"
    for muster in ["templates/**/*.html", "templates/**/*.txt", "*/**/*.py"]:
        for datei in basis.glob(muster):
            teile = datei.relative_to(basis).parts
            if teile[0] in {".venv", "locale", "tests"} or "migrations" in teile:
                continue
            yield datei


def test_akteur_is_masculine_everywhere():
    funde = [
        f"{datei.relative_to(settings.BASE_DIR)}:{nummer}: {zeile.strip()}"
        for datei in dateien()
        for nummer, zeile in enumerate(datei.read_text(encoding="utf-8").splitlines(), 1)
        if FALSCH.search(zeile)
    ]
    assert funde == []
