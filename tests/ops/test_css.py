"""Our style sheets parse as CSS, rule by rule (tinycss2, which WeasyPrint brings along).

A rule missing its closing brace swallows every rule after it into its block: the browser reads
them as nested rules, and the table styles of portal.css silently stopped applying (a page 43 px
too wide at 320 px). No rule of ours nests, so a block inside a declaration list is an error.
"""

from pathlib import Path

import pytest
import tinycss2

ORDNER = Path(__file__).resolve().parents[2] / "static" / "css"
DATEIEN = sorted(ORDNER.glob("*.css"))


def _fehler(regel_inhalt):
    """Parse errors and nested blocks in one rule's declarations."""
    fehler = []
    for teil in tinycss2.parse_blocks_contents(regel_inhalt):
        if teil.type == "error":
            fehler.append(teil.message)
        elif teil.type == "qualified-rule":
            fehler.append(f"verschachtelte Regel: {tinycss2.serialize(teil.prelude).strip()}")
    return fehler


def _regeln(knoten):
    for regel in knoten:
        if regel.type == "qualified-rule":
            yield regel
        elif (
            regel.type == "at-rule"
            and regel.content is not None
            and regel.lower_at_keyword in ("media", "supports", "layer", "container")
        ):
            # @media, @supports: their content is a list of rules again.
            yield from _regeln(tinycss2.parse_rule_list(regel.content, skip_whitespace=True))


def test_there_are_style_sheets():
    assert any(d.name == "portal.css" for d in DATEIEN)


@pytest.mark.parametrize("datei", DATEIEN, ids=lambda d: d.name)
def test_every_rule_parses_and_none_swallows_the_next(datei):
    knoten = tinycss2.parse_stylesheet(
        datei.read_text(encoding="utf-8"), skip_whitespace=True, skip_comments=True
    )
    fehler = [f"{datei.name}: {k.message}" for k in knoten if k.type == "error"]
    for regel in _regeln(knoten):
        zeile = regel.source_line
        fehler += [f"{datei.name}:{zeile}: {f}" for f in _fehler(regel.content)]
    assert not fehler, "\n".join(fehler)
