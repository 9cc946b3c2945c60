"""Names for the fields of the admin's tabular inlines (WCAG 1.3.1, 4.1.2; axe ``label``,
``select-name``).

In a tabular inline the visible label of a field is its column header, which the browser does
not connect to the field; Django renders no ``<label>`` per cell, and neither the help-text nor
the error element that its ``aria-describedby`` would point at (``…_helptext``, ``…_error``).
So each field gets an ``aria-label`` naming column and row ("Akteur, Zeile 2") and no
``aria-describedby``; the help text stays in the column header (its icon's alt text), where a
screen reader announces it with the header.
"""

from django.contrib import admin
from django.forms import BoundField
from django.utils.translation import gettext


class TabellenzeilenFeld(BoundField):
    @property
    def aria_describedby(self):
        return None

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if not widget.is_hidden and "aria-label" not in attrs:
            attrs["aria-label"] = self.zeilen_name()
        return attrs

    def zeilen_name(self):
        spalte = str(self.label or self.name)
        zeile = self.form.prefix.rsplit("-", 1)[-1] if self.form.prefix else ""
        if not zeile.isdigit():
            return spalte  # the empty template row that "Hinzufügen" copies
        return gettext("%(spalte)s, Zeile %(zeile)s") % {"spalte": spalte, "zeile": int(zeile) + 1}


class BeschrifteteTabellenInline(admin.TabularInline):
    """A TabularInline whose fields have accessible names (see the module's docstring)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The form class is made anew for this formset by modelform_factory, so this changes
        # no other form.
        formset.form.bound_field_class = TabellenzeilenFeld
        return formset
