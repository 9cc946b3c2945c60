"""A small public plan for page and browser tests: two Kapitel, three Handlungsfelder.

Akteur A (verwaltungsintern) leads 5.1.1 / 1 a; Verein B (verwaltungsextern) helps there and leads
5.1.1 / 1 b. 5.2 has no goals of its own, only an introduction and a best-practice example.
"""

from dataclasses import dataclass
from datetime import date

from concept.models import BestPracticeBeispiel
from measures.choices import Ampel, Pruefstatus, Seite, Status
from measures.models import Sachstand
from tests import builders as b


@dataclass
class Plan:
    konzept: object
    hf_bildung: object
    hf_ohne_ziele: object
    hf_wohnen: object
    m_1a: object
    m_1b: object
    m_2a: object
    m_wohnen: object


def plan_anlegen(personen):
    """Build the plan for the people of tests/people.py (Akteur A and Verein B)."""
    konzept = b.konzept(
        titel="2. Integrationskonzept – Zukunft in Vielfalt", beschluss="2020/BV/0974"
    )
    kap5 = b.kapitel(konzept, "5", "Weitere Handlungsfelder", sortierung=1)
    kap51 = b.kapitel(konzept, "5.1", "Bildung und Ausbildung", eltern=kap5, sortierung=2)
    hf_bildung = b.handlungsfeld(
        kap51,
        "5.1.1",
        "Frühkindliche Bildung",
        leitziel="Alle Kinder lernen früh und gut Deutsch.",
        einleitung="Kitas sind Orte der Begegnung.",
    )
    tz1 = b.teilziel(hf_bildung, 1, "Sprachförderung in allen Kitas")
    tz2 = b.teilziel(hf_bildung, 2, "Eltern einbeziehen")
    m_1a = b.massnahme(
        tz1,
        "a",
        text="Sprachkitas ausbauen",
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
        interne_notiz="Vertraulich: Finanzierung erst ab Herbst gesichert.",
    )
    m_1b = b.massnahme(
        tz1,
        "b",
        text="Dolmetscherpool für Elterngespräche",
        status=Status.VERZOEGERT,
        ampel=Ampel.KRITISCH,
        fortschritt=10,
    )
    m_2a = b.massnahme(tz2, "a", text="Elterncafés gründen", status=Status.ENTFALLEN)
    b.zustaendigkeit(m_1a, personen.akteur_a, federfuehrend=True)
    b.zustaendigkeit(m_1a, personen.akteur_b, hinweis="für Kitas freier Träger")
    b.zustaendigkeit(m_1b, personen.akteur_b, federfuehrend=True)

    hf_ohne_ziele = b.handlungsfeld(
        kap5, "5.2", "Gesundheit", leitziel=None, einleitung="Gesundheit ist ein Querschnittsthema."
    )
    BestPracticeBeispiel.objects.create(
        handlungsfeld=hf_ohne_ziele, titel="Gesundheitslotsen", text="Lotsen begleiten Familien."
    )
    hf_wohnen = b.handlungsfeld(kap5, "5.3", "Wohnen", leitziel="Gutes Wohnen für alle.")
    m_wohnen = b.massnahme(
        b.teilziel(hf_wohnen, 1, "Wohnungen vermitteln"),
        "a",
        text="Wohnungsbörse einrichten",
        status=Status.UMGESETZT,
        ampel=Ampel.IM_PLAN,
        fortschritt=100,
    )
    b.zustaendigkeit(m_wohnen, b.akteur("Wohnungsgesellschaft", seite=Seite.EXTERN))
    hf_bildung.verweise.add(hf_wohnen)
    m_1a.verweise.add(hf_ohne_ziele)

    Sachstand.objects.create(
        massnahme=m_1a,
        akteur=personen.akteur_a,
        datum=date(2024, 6, 30),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
        text="Zwölf Kitas nehmen teil.",
        eingereicht_von=personen.partner_a,
        pruefstatus=Pruefstatus.FREIGEGEBEN,
    )
    Sachstand.objects.create(
        massnahme=m_1a,
        akteur=personen.akteur_a,
        datum=date(2025, 6, 30),
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.GEFAEHRDET,
        fortschritt=45,
        text="Entwurf: noch nicht geprüft.",
        eingereicht_von=personen.partner_a,
    )
    return Plan(konzept, hf_bildung, hf_ohne_ziele, hf_wohnen, m_1a, m_1b, m_2a, m_wohnen)
