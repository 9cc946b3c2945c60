"""Shared steps of the round form tests: an open round over tests/measures/partnerplan.py."""

from django.urls import reverse

from measures import rundenzugaenge
from measures.choices import Ampel, Status
from measures.models import Berichtsanfrage


def formular_url(runde, akteur):
    return rundenzugaenge.rundenformular_url(runde, akteur)


def anfrage(runde, akteur, massnahme):
    return Berichtsanfrage.objects.get(berichtsrunde=runde, akteur=akteur, massnahme=massnahme)


def zeile(anfrage_obj, **werte):
    """POST fields of one row (prefix ``z<pk>``)."""
    daten = {
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": "30",
        "text": "",
        "notiz_an_buero": "",
        **werte,
    }
    return {f"z{anfrage_obj.pk}-{feld}": wert for feld, wert in daten.items()}


def zugang_url(token):
    return reverse("measures:rundenzugang", kwargs={"token": token})
