"""Filters of the API that refuse what they cannot read (a 400), instead of ignoring it.

django-filter's BooleanFilter reads any word other than true/false ("null", "ja") as "no
filter", so a typo silently returned everything. Empty stays "no filter", as in the pages' forms.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters


class StrengesJaNeinFeld(forms.NullBooleanField):
    WAHR = ("true", "True", "1")
    FALSCH = ("false", "False", "0")

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in self.WAHR or value is True:
            return True
        if value in self.FALSCH or value is False:
            return False
        raise forms.ValidationError(_("Bitte „true“ oder „false“ angeben."), code="ungueltig")


class StrengerJaNeinFilter(filters.BooleanFilter):
    field_class = StrengesJaNeinFeld

    def __init__(self, *args, **kwargs):
        # The raw text: BooleanWidget and NullBooleanSelect turn unknown words into None first.
        kwargs.setdefault("widget", forms.TextInput())
        super().__init__(*args, **kwargs)
