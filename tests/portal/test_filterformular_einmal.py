"""The filter form of /massnahmen/ (and the API) is built once per process (issue 16): its choices
still come from the database at each request – a new Akteur or a new edition of the concept is
in the next form, never a stale list – and no two requests share a field."""

from datetime import date

import pytest
from django.test import RequestFactory
from django.utils import translation

from measures.filtersets import MassnahmeFilterSet
from measures.models import Massnahme
from tests import builders as b

pytestmark = pytest.mark.django_db


def _form(daten=None):
    return MassnahmeFilterSet(
        daten or {}, queryset=Massnahme.objects.all(), request=RequestFactory().get("/")
    ).form


def _optionen(form, name):
    return [str(titel) for _wert, titel in form.fields[name].choices]


def test_two_forms_share_the_class_but_no_field():
    erstes, zweites = _form(), _form()
    assert type(erstes) is type(zweites)
    for name in erstes.fields:
        assert erstes.fields[name] is not zweites.fields[name]


def test_a_new_akteur_is_in_the_next_form(plan):
    vorher = _optionen(_form(), "akteur")
    b.akteur("Ganz neuer Verein")
    nachher = _optionen(_form(), "akteur")
    assert "Ganz neuer Verein" not in vorher
    assert "Ganz neuer Verein" in nachher
    form = _form({"akteur": "ganz-neuer-verein"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["akteur"].name == "Ganz neuer Verein"


def test_a_new_edition_of_the_concept_replaces_the_choices(plan):
    assert "5.2 Gesundheit" in _optionen(_form(), "handlungsfeld")
    neu = b.konzept(beschlossen_am=date(2030, 1, 1))
    b.handlungsfeld(b.kapitel(neu, "7", "Neu"), "7.1", "Neues Feld")
    optionen = _optionen(_form(), "handlungsfeld")
    assert optionen == ["alle Handlungsfelder", "7.1 Neues Feld"]
    assert not _form({"handlungsfeld": "5.2"}).is_valid()


def test_labels_follow_the_language_of_each_request():
    # Built once, in whichever language the first request had: the labels stay lazy.
    with translation.override("en"):
        _form()
    with translation.override("de"):
        form = _form()
        assert form["q"].label == "Suche im Text"
        assert _optionen(form, "akteur")[0] == "alle Akteure"
    with translation.override("en"):
        form = _form()
        assert form["q"].label == "Search the text"
        assert _optionen(form, "akteur")[0] == "all actors"
