"""measures/filtersets.py works on its own (the API reuses it without a page or a request)."""

import pytest
from django.http import QueryDict

from measures.filtersets import MassnahmeFilterSet
from measures.models import Massnahme

pytestmark = pytest.mark.django_db


def _referenzen(query):
    filterset = MassnahmeFilterSet(QueryDict(query), queryset=Massnahme.objects.all())
    assert filterset.is_valid(), filterset.errors
    return sorted(m.referenz for m in filterset.qs)


def test_without_request(plan):
    assert _referenzen("akteur=verein-b&federfuehrend=true") == ["5.1.1 / 1 b"]
    assert _referenzen("status=entfallen&status=umgesetzt") == ["5.1.1 / 2 a", "5.3 / 1 a"]
    assert _referenzen("federfuehrend=false") == ["5.1.1 / 1 a", "5.3 / 1 a"]


def test_one_row_per_measure_even_with_several_matching_responsibilities(plan):
    # 1 a has two Zuständigkeiten (intern and extern); the EXISTS filter never duplicates it.
    assert _referenzen("q=Sprachkitas") == ["5.1.1 / 1 a"]
    assert _referenzen("federfuehrend=false&seite=extern") == ["5.1.1 / 1 a", "5.3 / 1 a"]


def test_unknown_values_are_errors(plan):
    filterset = MassnahmeFilterSet(
        QueryDict("akteur=gibt-es-nicht"), queryset=Massnahme.objects.all()
    )
    assert not filterset.is_valid()
    assert "akteur" in filterset.errors
