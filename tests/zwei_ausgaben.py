"""Two Konzept editions with the same numbers: an older 2014 one and the current 2020 one.

Both have Handlungsfeld 5.2, Teilziel 5.2-1 and Maßnahme 5.2-1a (and Akteur A responsible in
both), so that a view that forgets the current edition finds two objects, shows the old one,
or counts both.
"""

from dataclasses import dataclass
from datetime import date

from measures.choices import Ampel, Status
from tests import builders as b


@dataclass
class ZweiAusgaben:
    alt: object  # Konzept 2014
    neu: object  # Konzept 2020 (current)
    hf_alt: object
    hf_neu: object
    tz_alt: object
    tz_neu: object
    m_alt: object  # 5.2-1a of 2014
    m_neu: object  # 5.2-1a of 2020
    m_neu_b: object  # 5.2-1b of 2020 (only in the current edition)


def zwei_ausgaben_anlegen(personen):
    # The older edition is loaded last (for comparison): "highest id" is not "current".
    neu = b.konzept(
        titel="2. Integrationskonzept", beschluss="2020/BV/0974", beschlossen_am=date(2020, 11, 11)
    )
    alt = b.konzept(
        titel="Integrationskonzept 2014", beschluss="2014/BV/0001", beschlossen_am=date(2014, 6, 4)
    )
    hf_neu = b.handlungsfeld(b.kapitel(neu), "5.2", titel="Arbeit und Qualifizierung")
    hf_alt = b.handlungsfeld(b.kapitel(alt), "5.2", titel="Arbeit (2014)")
    tz_alt = b.teilziel(hf_alt, 1, "Teilziel von 2014")
    tz_neu = b.teilziel(hf_neu, 1, "Teilziel von 2020")
    m_alt = b.massnahme(
        tz_alt, "a", text="Maßnahme von 2014", status=Status.IN_UMSETZUNG, fortschritt=90
    )
    m_neu = b.massnahme(
        tz_neu, "a", text="Maßnahme von 2020", status=Status.IN_PLANUNG, fortschritt=20
    )
    m_neu_b = b.massnahme(
        tz_neu, "b", text="Zweite Maßnahme von 2020", ampel=Ampel.KRITISCH, fortschritt=40
    )
    for m in (m_alt, m_neu, m_neu_b):
        b.zustaendigkeit(m, personen.akteur_a, federfuehrend=True)
    return ZweiAusgaben(alt, neu, hf_alt, hf_neu, tz_alt, tz_neu, m_alt, m_neu, m_neu_b)
