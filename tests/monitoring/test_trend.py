"""The trend assessment on constructed series (method in monitoring/trend.py)."""

from datetime import date
from decimal import Decimal

import pytest

from monitoring.choices import Richtung, Trend
from monitoring.trend import bewerten


def reihe(*werte, start=2015):
    return [(date(start + i, 12, 31), Decimal(str(w))) for i, w in enumerate(werte)]


STEIGEND = reihe(100, 103, 106, 109, 112)  # about 2.9 % a year
FALLEND = reihe(100, 97, 94, 91, 88)  # about −3.1 % a year
FLACH = reihe(100, 100.1, 100, 100.2, 100.1)  # about 0.03 % a year


@pytest.mark.parametrize(
    ("werte", "richtung", "erwartet"),
    [
        (STEIGEND, Richtung.HOEHER_BESSER, Trend.DEUTLICHER_FORTSCHRITT),
        (STEIGEND, Richtung.NIEDRIGER_BESSER, Trend.VERSCHLECHTERUNG),
        (FALLEND, Richtung.NIEDRIGER_BESSER, Trend.DEUTLICHER_FORTSCHRITT),
        (FALLEND, Richtung.HOEHER_BESSER, Trend.VERSCHLECHTERUNG),
        (FLACH, Richtung.HOEHER_BESSER, Trend.GERINGER_FORTSCHRITT),
        (reihe(100, 101), Richtung.HOEHER_BESSER, Trend.MAESSIGER_FORTSCHRITT),  # 1 % a year
        (STEIGEND, Richtung.NEUTRAL, Trend.STEIGEND),
        (FALLEND, Richtung.NEUTRAL, Trend.FALLEND),
        (FLACH, Richtung.NEUTRAL, Trend.GLEICHBLEIBEND),
    ],
)
def test_series_without_target(werte, richtung, erwartet):
    assert bewerten(werte, richtung).status == erwartet


def test_target_reached_wins_over_the_rate():
    # Falling, but already above the target of a "higher is better" indicator.
    bewertung = bewerten(FALLEND, Richtung.HOEHER_BESSER, ziele=[(2030, Decimal("80"))])
    assert bewertung.status == Trend.ZIEL_ERREICHT


def test_target_reached_for_lower_is_better():
    assert (
        bewerten(FALLEND, Richtung.NIEDRIGER_BESSER, ziele=[(2030, Decimal("90"))]).status
        == Trend.ZIEL_ERREICHT
    )


def test_with_target_the_observed_rate_is_compared_to_the_required_one():
    werte = reihe(100, 110, start=2020)  # +10 % in one year
    # Needs +100 % by 2030 (≈ 7.2 % a year): 10 % observed is on track.
    assert bewerten(werte, Richtung.HOEHER_BESSER, [(2030, Decimal("200"))]).status == (
        Trend.DEUTLICHER_FORTSCHRITT
    )
    # Needs +1000 % by 2030 (≈ 27 % a year): 10 % is less than 60 % of that.
    bewertung = bewerten(werte, Richtung.HOEHER_BESSER, [(2030, Decimal("1100"))])
    assert bewertung.status == Trend.GERINGER_FORTSCHRITT
    assert 0 < bewertung.fortschritt < 0.6


@pytest.mark.parametrize(
    "werte",
    [[], reihe(5), [(date(2020, 1, 1), Decimal(1)), (date(2020, 1, 1), Decimal(2))], reihe(0, 5)],
)
def test_not_assessable(werte):
    assert bewerten(werte, Richtung.HOEHER_BESSER).status == Trend.NICHT_BEWERTBAR


def test_concept_series_of_foreign_residents_is_rising():
    werte = reihe(3.99, 4.30, 5.25, 5.76, 6.18, 6.80, 7.00, start=2014)
    bewertung = bewerten(werte, Richtung.NEUTRAL)
    assert bewertung.status == Trend.STEIGEND
    assert bewertung.wachstum == pytest.approx((7.00 / 3.99) ** (1 / 6) - 1, rel=1e-3)
