"""Abbreviations the concept and its Akteure use, explained in the report's appendix.

Only those that occur in a report's text are listed (``gefundene``), so that the appendix of an
Akteur-Bericht does not explain abbreviations it never uses.
"""

import re

from django.utils.translation import gettext_lazy as _

ABKUERZUNGEN = {
    "AGG": _("Allgemeines Gleichbehandlungsgesetz"),
    "ASB": _("Arbeiter-Samariter-Bund"),
    "AWO": _("Arbeiterwohlfahrt"),
    "AZR": _("Ausländerzentralregister"),
    "BAMF": _("Bundesamt für Migration und Flüchtlinge"),
    "BMI": _("Bundesministerium des Innern"),
    "DRK": _("Deutsches Rotes Kreuz"),
    "EU": _("Europäische Union"),
    "FABRO": _("Förderverein des Migrantenrates der Hanse- und Universitätsstadt Rostock"),
    "GU": _("Gemeinschaftsunterkunft"),
    "GUVO M-V": _("Gemeinschaftsunterkunftsverordnung Mecklenburg-Vorpommern"),
    "HJC": _("Hanse-Jobcenter"),
    "HRO": _("Hanse- und Universitätsstadt Rostock"),
    "HzE": _("Hilfen zur Erziehung"),
    "IFDM": _("Integrationsfachdienst Migration"),
    "IHK": _("Industrie- und Handelskammer"),
    "IPF": _("Integrative Psychosoziale Flüchtlingsberatung"),
    "IQ": _("Förderprogramm „Integration durch Qualifizierung“"),
    "JMD": _("Jugendmigrationsdienst"),
    "JSB": _("Jugend-, Sprach- und Begegnungszentrum e. V. Rostock"),
    "LSB M-V": _("Landessportbund Mecklenburg-Vorpommern"),
    "MBE": _("Migrationsberatung für erwachsene Zugewanderte"),
    "MKW": _("Multikulturelle Wochen"),
    "MM": _("Mittleres Mecklenburg"),
    "M-V": _("Mecklenburg-Vorpommern"),
    "MV": _("Mecklenburg-Vorpommern"),
    "PSZ": _("Psychosoziales Zentrum"),
    "RGS": _("Rostocker Gesellschaft für Stadterneuerung, Stadtentwicklung und Wohnungsbau mbH"),
    "SBZ": _("Stadtteil- und Begegnungszentrum"),
    "SGB": _("Sozialgesetzbuch"),
    "VNW": _("Verband norddeutscher Wohnungsunternehmen"),
    "VPR": _("Vorpommern-Rügen"),
    "WIRO": _("WIRO Wohnen in Rostock Wohnungsgesellschaft mbH"),
}

# Longest first, so that "GUVO M-V" wins over "M-V"; \b keeps "EU" out of "EURO".
_MUSTER = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(k) for k in sorted(ABKUERZUNGEN, key=len, reverse=True))
    + r")(?![\w-])"
)


def gefundene(texte):
    """``[(Abkürzung, Bedeutung), …]`` of the abbreviations occurring in ``texte``, sorted."""
    gefunden = set()
    for text in texte:
        if text:
            gefunden.update(_MUSTER.findall(text))
    return [(k, ABKUERZUNGEN[k]) for k in sorted(gefunden, key=str.casefold)]
