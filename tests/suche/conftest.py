from datetime import date

import pytest

from tests import builders as b


@pytest.fixture
def suchplan(personen):
    """A small current plan with what the search must find, and what it must never show.

    An older edition has the same words: only the current Konzept counts.
    """
    alt = b.konzept(beschlossen_am=date(2014, 1, 1))
    alt_hf = b.handlungsfeld(b.kapitel(alt), "5.2", "Alte Arbeit")
    b.massnahme(b.teilziel(alt_hf, 1, "Alte Sprachmittlung"), "a", text="Alte Sprachmittlung")

    konzept = b.konzept(beschlossen_am=date(2020, 11, 11))
    kap = b.kapitel(konzept)
    hf = b.handlungsfeld(
        kap,
        "5.2",
        "Arbeit und Qualifizierung",
        leitziel="Menschen mit Migrationsgeschichte finden Arbeit.",
        einleitung="Beratung in der Straße der Demokratie.",
    )
    tz = b.teilziel(hf, 1, "Der Zugang zu Beratung ist gesichert.")
    a = b.massnahme(
        tz,
        "a",
        text="Einsatz von Sprachmittlung in allen Beratungsstellen <b>fett</b>",
        interne_notiz="Geheimwort Quittenbaum",
    )
    m_b = b.massnahme(tz, "b", text="Arbeitsmarktintegration begleiten")
    jobcenter = b.akteur("Hanse-Jobcenter", kurzname="HJC")
    b.zustaendigkeit(m_b, jobcenter, federfuehrend=True)
    b.zustaendigkeit(a, personen.akteur_a)
    hf2 = b.handlungsfeld(kap, "5.3", "Wohnen")
    b.teilziel(hf2, 2, "Wohnraum für Familien")
    b.indikator("beratung", name="Beratungsquote", oeffentlich=True)
    b.indikator("intern", name="Quittenbaum-Quote", oeffentlich=False)
    from concept.models import BestPracticeBeispiel

    BestPracticeBeispiel.objects.create(handlungsfeld=hf, titel="Sprachmittlerpool", text="Pool")
    return {"a": a, "b": m_b, "hf": hf, "jobcenter": jobcenter}
