"""German text helpers: alphabetical order (DIN 5007-1) and short titles of concept texts."""

import re
import unicodedata

KURZTITEL_MAX = 140
# Words that end with a full stop without ending a sentence ("z. B." is caught as one letter).
_ABKUERZUNGEN = {"bzw", "ca", "evtl", "ggf", "inkl", "nr", "usw", "vgl", "etc", "sog", "bspw"}
_SATZENDE = re.compile(r"(\w+)([.!?])\s+(?=[A-ZÄÖÜ0-9„\"(])")


def deutsch_sortieren(text):
    """Sort key after DIN 5007-1: ä = a, ö = o, ü = u, ß = ss, case and accents ignored.

    ``sorted(namen, key=deutsch_sortieren)`` puts „Kämmereiamt“ before „Konservatorium“ and
    „Ärztekammer“ among the A's. Equal keys fall back to the exact text, so the order is stable.
    """
    zerlegt = unicodedata.normalize("NFKD", (text or "").casefold())
    basis = "".join(zeichen for zeichen in zerlegt if not unicodedata.combining(zeichen))
    return basis, text or ""


def _keine_satzgrenze(wort):
    """A full stop after one letter, a number or an abbreviation ends no sentence."""
    return len(wort) < 2 or wort.isdigit() or wort.casefold() in _ABKUERZUNGEN


def kurztitel(text, laenge=KURZTITEL_MAX):
    """The first sentence of ``text`` in at most ``laenge`` characters (cut at a word, „…“).

    Concept texts have no titles; a list of measures names each by this short form.
    """
    text = " ".join((text or "").split())
    for treffer in _SATZENDE.finditer(text):
        if treffer.group(2) == "." and _keine_satzgrenze(treffer.group(1)):
            continue
        text = text[: treffer.end(2)]
        break
    if len(text) <= laenge:
        return text
    gekuerzt = text[: laenge - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return f"{gekuerzt}…"
