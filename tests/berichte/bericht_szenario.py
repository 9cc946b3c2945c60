"""The data the report tests speak of: a small concept, two closed Berichtsrunden, Sachstände.

- 4.1.1 "Interkulturelle Öffnung" has no goals (summary only); 5.2 "Arbeit und Qualifizierung"
  has Teilziele 1 (measures a, b) and 2 (a, entfallen); 5.3 "Integration durch Sprache" has 1 a.
- Amt A leads 5.2 / 1 a and helps with 5.2 / 1 b; Verein B leads 5.2 / 1 b and 5.3 / 1 a.
- Berichtsrunde 2024 (Stichtag 31.12.2024) and Berichtsrunde 2025 (30.06.2025), both closed:
  5.2 / 1 a went from "in Planung" (10 %) to "in Umsetzung" (50 %), Ampel from im Plan to
  gefährdet; the others did not change. Today 5.2 / 1 a is "umgesetzt" (100 %).
- History (for reports at a past Stichtag): the measures and Zuständigkeiten exist since
  01.06.2024; 5.2 / 1 a was "in Planung" (10 %) until 01.03.2025, then "in Umsetzung" (50 %,
  gefährdet), and is "umgesetzt" since today.
- 5.2 / 1 a has an approved Sachstand of 15.06.2025 (mentions the BAMF), a newer approved one of
  01.09.2025 and a submitted, unapproved one; 5.2 / 1 a carries an internal note.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from measures.choices import Ampel, Pruefstatus, RundenStatus, Seite, Status
from measures.models import Massnahme, Zustaendigkeit
from tests import builders as b

SACHSTAND_JUNI = "Zwölf Sprachkurse mit Mitteln des BAMF laufen; 180 Teilnehmende."
SACHSTAND_SEPTEMBER = "Alle Kurse abgeschlossen; Anschlussförderung beantragt."
SACHSTAND_ENTWURF = "Ungeprüfter Entwurf einer Rückmeldung."
INTERNE_NOTIZ = "Vertraulich: Haushaltsmittel 2026 noch nicht bewilligt."


@dataclass
class Szenario:
    konzept: object
    hf_ohne_ziele: object
    hf_arbeit: object
    hf_sprache: object
    m_1a: object
    m_1b: object
    m_2a: object
    m_2b_entfallen: object
    m_sprache: object
    amt_a: object
    verein_b: object
    runde_2024: object
    runde_2025: object


def szenario_anlegen(personen):
    konzept = b.konzept(
        titel="2. Integrationskonzept – Zukunft in Vielfalt", beschluss="2020/BV/0974"
    )
    kap4 = b.kapitel(konzept, "4", "Schwerpunktthemen", sortierung=1)
    kap5 = b.kapitel(konzept, "5", "Weitere Handlungsfelder", sortierung=2)
    hf_ohne_ziele = b.handlungsfeld(
        kap4, "4.1.1", "Interkulturelle Öffnung", leitziel=None, sortierung=10
    )
    hf_arbeit = b.handlungsfeld(
        kap5,
        "5.2",
        "Arbeit und Qualifizierung",
        leitziel="Zugewanderte finden Arbeit, die ihrer Qualifikation entspricht.",
        sortierung=20,
    )
    hf_sprache = b.handlungsfeld(
        kap5,
        "5.3",
        "Integration durch Sprache",
        leitziel="Alle lernen Deutsch, so früh wie möglich.",
        sortierung=30,
    )
    tz1 = b.teilziel(hf_arbeit, 1, "Berufsbezogene Sprachförderung ausbauen")
    tz2 = b.teilziel(hf_arbeit, 2, "Abschlüsse schneller anerkennen")
    m_1a = b.massnahme(
        tz1,
        "a",
        text="Berufssprachkurse in allen Stadtteilen anbieten",
        status=Status.UMGESETZT,
        ampel=Ampel.IM_PLAN,
        fortschritt=100,
        interne_notiz=INTERNE_NOTIZ,
    )
    m_1b = b.massnahme(
        tz1, "b", text="Mentoring für Neuzugewanderte", status=Status.IN_PLANUNG, fortschritt=20
    )
    m_2a = b.massnahme(
        tz2,
        "a",
        text="Anerkennungsberatung bündeln",
        status=Status.VERZOEGERT,
        ampel=Ampel.KRITISCH,
        fortschritt=0,
    )
    m_2b = b.massnahme(tz2, "b", text="Doppelte Beratung abbauen", status=Status.ENTFALLEN)
    m_sprache = b.massnahme(
        b.teilziel(hf_sprache, 1, "Kitas fördern Sprache"),
        "a",
        text="Sprachkitas ausbauen",
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=60,
    )
    amt_a, verein_b = personen.akteur_a, personen.akteur_b
    b.zustaendigkeit(m_1a, amt_a, federfuehrend=True)
    b.zustaendigkeit(m_1b, verein_b, federfuehrend=True)
    b.zustaendigkeit(m_1b, amt_a)
    b.zustaendigkeit(m_2a, b.akteur("Hanse-Jobcenter"), federfuehrend=True)
    b.zustaendigkeit(m_sprache, verein_b, federfuehrend=True)

    runde_2024 = b.berichtsrunde(
        "Berichtsrunde 2024",
        stichtag=date(2024, 12, 31),
        faellig_am=date(2025, 1, 31),
        status=RundenStatus.GESCHLOSSEN,
    )
    runde_2025 = b.berichtsrunde(
        "Berichtsrunde 2025",
        stichtag=date(2025, 6, 30),
        faellig_am=date(2025, 7, 31),
        status=RundenStatus.GESCHLOSSEN,
    )
    b.berichtsstand(runde_2024, m_1a, status=Status.IN_PLANUNG, ampel=Ampel.IM_PLAN, fortschritt=10)
    b.berichtsstand(
        runde_2025, m_1a, status=Status.IN_UMSETZUNG, ampel=Ampel.GEFAEHRDET, fortschritt=50
    )
    for runde in (runde_2024, runde_2025):
        for m in (m_1b, m_2a, m_2b, m_sprache):
            b.berichtsstand(runde, m)

    b.sachstand(
        m_1a,
        amt_a,
        personen.partner_a,
        datum=date(2025, 6, 15),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.GEFAEHRDET,
        fortschritt=50,
        text=SACHSTAND_JUNI,
        pruefstatus=Pruefstatus.FREIGEGEBEN,
        berichtsrunde=runde_2025,
    )
    b.sachstand(
        m_1a,
        amt_a,
        personen.partner_a,
        datum=date(2025, 9, 1),
        status=Status.UMGESETZT,
        fortschritt=100,
        text=SACHSTAND_SEPTEMBER,
        pruefstatus=Pruefstatus.FREIGEGEBEN,
    )
    b.sachstand(m_1a, amt_a, personen.partner_a, datum=date(2025, 10, 1), text=SACHSTAND_ENTWURF)
    b.akteur("Ohne Zuständigkeit", seite=Seite.EXTERN)
    _vorgeschichte(m_1a)
    return Szenario(
        konzept,
        hf_ohne_ziele,
        hf_arbeit,
        hf_sprache,
        m_1a,
        m_1b,
        m_2a,
        m_2b,
        m_sprache,
        amt_a,
        verein_b,
        runde_2024,
        runde_2025,
    )


BERLIN = ZoneInfo("Europe/Berlin")


def _vorgeschichte(m_1a):
    """Date the plan's history back to 01.06.2024 and give 5.2 / 1 a its earlier states."""
    for model in (Massnahme, Zustaendigkeit):
        model.history.update(history_date=datetime(2024, 6, 1, 9, tzinfo=BERLIN))
    m_1a.history.filter(history_type="+").update(
        status=Status.IN_PLANUNG, ampel=Ampel.IM_PLAN, fortschritt=10
    )
    heute = (m_1a.status, m_1a.ampel, m_1a.fortschritt)
    with time_machine.travel(datetime(2025, 3, 1, 9, tzinfo=BERLIN), tick=False):
        m_1a.status, m_1a.ampel, m_1a.fortschritt = Status.IN_UMSETZUNG, Ampel.GEFAEHRDET, 50
        m_1a.save()
    m_1a.status, m_1a.ampel, m_1a.fortschritt = heute
    m_1a.save()
