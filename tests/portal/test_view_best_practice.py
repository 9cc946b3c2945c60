"""All best-practice examples by Handlungsfeld."""

import pytest
from django.urls import reverse

from concept.models import BestPracticeBeispiel

pytestmark = pytest.mark.django_db


def test_examples_grouped_by_handlungsfeld(client, plan):
    BestPracticeBeispiel.objects.create(
        handlungsfeld=plan.hf_bildung, titel="Rucksack-Programm", text="Eltern lernen mit."
    )
    response = client.get(reverse("measures:best-practice"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rucksack-Programm" in html and "Eltern lernen mit." in html
    assert "Gesundheitslotsen" in html
    # in concept order: 5.1.1 before 5.2
    assert html.index("Rucksack-Programm") < html.index("Gesundheitslotsen")
    assert 'href="/handlungsfelder/5.2/"' in html
