"""Admin list filters made from a FilterSet: one definition of "filtered by X" for page, API, admin.

``aus_filterset(MassnahmeFilterSet, ["status", "akteur", …])`` gives one ``SimpleListFilter`` per
FilterSet filter, with the same URL parameter and the same values (``?akteur=hauptamt&seite=extern``
lists the same measures on /massnahmen/, in /api/v1/massnahmen/ and in the admin). Filtering is
done by the FilterSet itself, so its rules hold here too — in particular filters it applies
together (``gemeinsam``, e.g. Akteur + Seite + federführend describe ONE Zuständigkeit).
"""

import django_filters
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

JA_NEIN = [("true", _("ja")), ("false", _("nein"))]


def _auswahl(filterset_class, name, model):
    """The choices the FilterSet's form offers for ``name`` (value, label), without "all"."""
    filterset = filterset_class(queryset=model._default_manager.none())
    if isinstance(filterset.filters[name], django_filters.BooleanFilter):
        return JA_NEIN
    return [(str(wert), label) for wert, label in filterset.form.fields[name].choices if wert]


def aus_filterset(filterset_class, namen, gemeinsam=()):
    """SimpleListFilters for the FilterSet's filters ``namen`` (in that order).

    ``gemeinsam``: names the FilterSet only applies as a whole; the first of them in the request
    applies all of them, the others leave the queryset alone (else each would be its own
    condition, and "Akteur A, extern" would find A's measures that someone else has extern).
    """
    return [_listenfilter(filterset_class, name, tuple(gemeinsam)) for name in namen]


def _listenfilter(filterset_class, name, gemeinsam):
    class FilterSetListenfilter(admin.SimpleListFilter):
        title = filterset_class.base_filters[name].label
        parameter_name = name

        def lookups(self, request, model_admin):
            return _auswahl(filterset_class, name, model_admin.model)

        def queryset(self, request, queryset):
            if self.value() is None:
                return queryset
            daten = QueryDict(mutable=True)
            daten[name] = self.value()
            if name in gemeinsam:
                andere = [n for n in gemeinsam if n != name and request.GET.get(n)]
                frueher = any(gemeinsam.index(n) < gemeinsam.index(name) for n in andere)
                if frueher and request.GET.get(name) == self.value():
                    return queryset  # an earlier one of the group applies it, with this value
                for anderer in andere:
                    daten[anderer] = request.GET[anderer]
            filterset = filterset_class(data=daten, queryset=queryset, request=request)
            if not filterset.is_valid():
                raise IncorrectLookupParameters(filterset.errors)
            return filterset.qs

    FilterSetListenfilter.__name__ = f"{name.capitalize()}Filter"
    return FilterSetListenfilter
