"""portal/templatetags/auswahl.py: the filter form's selects, built in Python, are Django's HTML."""

import pytest
from django import forms

from measures.filtersets import MassnahmeFilterSet
from measures.models import Massnahme
from portal.templatetags.auswahl import auswahl
from tests import builders as b

pytestmark = pytest.mark.django_db

SELECTS = ("kapitel", "handlungsfeld", "akteur", "seite")


@pytest.mark.parametrize(
    "daten",
    [
        {},
        {"handlungsfeld": "5.3", "akteur": "verein-b", "seite": "intern", "kapitel": "5.1"},
        # Unknown values: the form's errors give the selects aria-invalid.
        {"handlungsfeld": "9.9", "akteur": "gibt-es-nicht", "seite": "weder-noch"},
    ],
)
def test_the_selects_are_the_html_django_renders(plan, daten):
    # An Akteur whose name needs escaping, in the list of every select.
    b.akteur('Verein "<Rot & Weiß>"')
    form = MassnahmeFilterSet(daten, queryset=Massnahme.objects.all()).form
    form.is_valid()
    for name in SELECTS:
        feld = form[name]
        assert str(auswahl(feld)) == str(feld), name
    assert "&lt;Rot &amp; Weiß&gt;" in str(auswahl(form["akteur"]))
    if "seite" in daten and daten["seite"] == "intern":
        assert 'value="intern" selected' in str(auswahl(form["seite"]))


def test_other_widgets_are_left_to_django(plan):
    form = MassnahmeFilterSet({}, queryset=Massnahme.objects.all()).form
    assert auswahl(form["q"]) is form["q"]
    form.fields["seite"].widget = forms.RadioSelect(choices=form.fields["seite"].choices)
    assert auswahl(form["seite"]) is form["seite"]
