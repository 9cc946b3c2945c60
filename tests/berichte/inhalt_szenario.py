"""The report scenario (bericht_szenario) plus what the council's first pages speak of.

On top of tests/berichte/bericht_szenario.py, changed today (compared with Berichtsrunde 2025):
- 5.2 / 1 a became umgesetzt (already in the scenario) → „neu umgesetzt“;
- 5.2 / 1 b from 20 % to 30 % → „verbessert“; its target date passed → überfällig;
- 5.3 / 1 a from 60 % to 40 % → „verschlechtert“; 5.2 / 2 a has the Ampel kritisch.
So 5.2 moved from 17,5 % to 32,5 % (+15), 5.3 from 60 % to 40 % (−20).
- The Büro's approved summary and its assessment of 5.2 in Berichtsrunde 2025.
- Akteure whose names sort differently in German: Kämmereiamt, Konservatorium, Ärztekammer.
- Indicators of 5.3: one with a single value of 2017 (figures), one counting courses (chart with
  whole-number ticks and a target).
"""

from datetime import date

from berichte.models import Einschaetzung, EinschaetzungStatus
from measures.models import Massnahme
from monitoring.choices import Einheit, Richtung
from tests import builders as b

EINSCHAETZUNG_GESAMT = "Die Umsetzung kommt voran, die Anerkennung bleibt das Sorgenkind."
EINSCHAETZUNG_ARBEIT = "Die Sprachkurse wirken; bei der Anerkennung fehlt Personal."
AKTEURE_DEUTSCH = ["Ärztekammer", "Kämmereiamt", "Konservatorium"]


def inhalt_anlegen(s, buero):
    Massnahme.objects.filter(pk=s.m_1b.pk).update(fortschritt=30, zieldatum=date(2025, 3, 31))
    Massnahme.objects.filter(pk=s.m_sprache.pk).update(fortschritt=40)
    Einschaetzung.objects.create(
        berichtsrunde=s.runde_2025,
        handlungsfeld=None,
        text=f"<p>{EINSCHAETZUNG_GESAMT}</p><script>alert('x')</script>",
        pruefstatus=EinschaetzungStatus.FREIGEGEBEN,
        verfasst_von=buero,
    )
    Einschaetzung.objects.create(
        berichtsrunde=s.runde_2025,
        handlungsfeld=s.hf_arbeit,
        text=f"<p><strong>{EINSCHAETZUNG_ARBEIT}</strong></p>",
        pruefstatus=EinschaetzungStatus.FREIGEGEBEN,
        verfasst_von=buero,
    )
    Einschaetzung.objects.create(
        berichtsrunde=s.runde_2025,
        handlungsfeld=s.hf_sprache,
        text="<p>Noch nicht freigegeben.</p>",
        pruefstatus=EinschaetzungStatus.EINGEREICHT,
        verfasst_von=buero,
    )
    for name in AKTEURE_DEUTSCH:
        b.zustaendigkeit(s.m_sprache, b.akteur(name))

    einmal = b.indikator(
        "einbuergerungen",
        name="Einbürgerungen",
        einheit=Einheit.ANZAHL,
        einheit_bezeichnung="Personen",
        nachkommastellen=0,
        handlungsfelder=[s.hf_sprache],
    )
    b.messwert(einmal, 2017, 412, quelle="Standesamt Rostock")
    kurse = b.indikator(
        "sprachkurse",
        name="Sprachkurse in Kitas",
        einheit=Einheit.ANZAHL,
        einheit_bezeichnung="Kurse",
        nachkommastellen=0,
        richtung=Richtung.HOEHER_BESSER,
        ziele={2026: 8},
        handlungsfelder=[s.hf_sprache],
    )
    for jahr, wert in [(2022, 2), (2023, 3), (2024, 5)]:
        b.messwert(kurse, jahr, wert)
