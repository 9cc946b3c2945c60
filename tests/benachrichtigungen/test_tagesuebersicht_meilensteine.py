"""The Büro's digest names the measures that became überfällig through a missed milestone,
with the measure's text and the milestone's title (issue 15)."""

from measures.choices import Status
from measures.models import Meilenstein
from tests.benachrichtigungen.conftest import tag

STAFF = "buero@example.org"


def test_a_missed_milestone_is_in_the_next_digest_with_its_title(lage, laufen):
    laufen(tag(-30))
    Meilenstein.objects.create(
        massnahme=lage.plan.d, titel="Kursräume gefunden", faellig_am=tag(-30)
    )
    # Missed long ago: late already at the last digest, so not new.
    Meilenstein.objects.create(massnahme=lage.plan.b, titel="Alt", faellig_am=tag(-60))
    post = laufen(tag(-29))
    text = post[STAFF][0].body
    assert "Neu überfällige Maßnahmen (Zieldatum oder Meilenstein verpasst):" in text
    zeile = next(z for z in text.splitlines() if "4.1.2 / 1 a" in z)
    assert "Meilenstein „Kursräume gefunden“ fällig 01.07.2026" in zeile
    assert lage.plan.d.text in zeile
    assert "Zieldatum" not in zeile  # it has none
    assert "5.2 / 1 b" not in text.split("Stand insgesamt")[0]
    assert "überfällige Maßnahmen (Zieldatum oder Meilenstein verpasst): 2" in text
    assert laufen(tag(-28)) == {}  # still late, nothing new


def test_a_done_measure_is_not_late(lage, laufen):
    laufen(tag(-30))
    lage.plan.d.status = Status.UMGESETZT
    lage.plan.d.save()
    Meilenstein.objects.create(massnahme=lage.plan.d, titel="Kursräume", faellig_am=tag(-30))
    assert laufen(tag(-29)) == {}
