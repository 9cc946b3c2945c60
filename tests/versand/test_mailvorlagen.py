"""Mail templates are plain text: what a title or name contains reaches the reader unescaped."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string

BASIS = Path(__file__).resolve().parents[2] / "templates"
# Included into a mail that switched escaping off already (the include inherits it).
TEILE = {"_rundenliste.txt", "_abschnitt.txt"}
VORLAGEN = sorted(p for p in BASIS.glob("*/mail/*.txt") if p.name not in TEILE)


@pytest.mark.parametrize("pfad", VORLAGEN, ids=lambda p: str(p.relative_to(BASIS)))
def test_every_mail_template_switches_html_escaping_off(pfad):
    assert "{% autoescape off %}" in pfad.read_text()


def test_a_subject_with_an_ampersand_stays_as_it_is():
    runde = {"titel": "Runde „Arbeit & Sprache“"}
    betreff = render_to_string(
        "measures/mail/berichtsrunde_geoeffnet_betreff.txt", {"runde": runde}
    )
    assert "Arbeit & Sprache" in betreff and "&amp;" not in betreff
