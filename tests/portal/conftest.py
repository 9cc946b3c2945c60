import pytest

from tests.oeffentlicher_plan import plan_anlegen


@pytest.fixture
def plan(personen):
    """The public plan of tests/oeffentlicher_plan.py (Akteur A leads 5.1.1 / 1 a)."""
    return plan_anlegen(personen)
