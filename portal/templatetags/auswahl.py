"""``{{ feld|auswahl }}``: a form's <select> as Django's widget templates write it, built in Python.

The filter form of /massnahmen/ has four selects with every Kapitel, Handlungsfeld and Akteur;
Django renders each <option> through a template include of its own, which cost a third of the
page's render time. Same HTML (tests/portal/test_auswahl.py compares it with ``str(feld)``);
any other widget, or a field with a hidden initial value, is left to Django.
"""

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


def _attrs(attrs):
    """django/forms/widgets/attrs.html"""
    teile = []
    for name, wert in attrs.items():
        if wert is False:
            continue
        teile.append(f" {conditional_escape(name)}")
        if wert is not True:
            teile.append(f'="{conditional_escape(wert)}"')
    return "".join(teile)


def _select(widget, sprache=None):
    """django/forms/widgets/select.html and select_option.html (whose line end stays in the
    output), stripped as the renderer does. ``sprache``: the language of the options' labels
    (``lang``), for data in another language than the page; the empty choice is the page's."""
    teile = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for gruppe, optionen, _index in widget["optgroups"]:
        if gruppe:
            teile.append(f'\n  <optgroup label="{conditional_escape(gruppe)}">')
        for option in optionen:
            attrs = option["attrs"]
            if sprache and option["value"] not in ("", None):
                attrs = {**attrs, "lang": sprache}
            teile.append(
                f'\n  <option value="{conditional_escape(option["value"])}"'
                f"{_attrs(attrs)}>{conditional_escape(option['label'])}</option>\n"
            )
        if gruppe:
            teile.append("\n  </optgroup>")
    teile.append("\n</select>")
    return mark_safe("".join(teile))


@register.filter
def auswahl(feld, sprache=None):
    """``{{ feld|auswahl }}``; ``{{ feld|auswahl:"de" }}`` marks the options German (WCAG 3.1.2:
    the concept's titles on English pages)."""
    widget = feld.field.widget
    if (
        type(widget) is not forms.Select
        or widget.template_name != forms.Select.template_name
        or widget.option_template_name != forms.Select.option_template_name
        or feld.field.show_hidden_initial
        or feld.field.localize
    ):
        return feld
    # What BoundField.as_widget passes to the widget.
    attrs = feld.build_widget_attrs({}, widget)
    if feld.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", feld.auto_id)
    optgroups = _optgroups(widget, widget.format_value(feld.value()))
    if optgroups is None:  # grouped choices: Django's own way
        return _select(widget.get_context(feld.html_name, feld.value(), attrs)["widget"], sprache)
    kontext = {"name": feld.html_name, "attrs": widget.build_attrs(widget.attrs, attrs)}
    return _select({**kontext, "optgroups": optgroups}, sprache)


def _optgroups(widget, werte):
    """``ChoiceWidget.optgroups`` of a single select with flat choices, with only what the
    template reads (value, label, attrs): Django builds a dict of ten entries and copies the
    widget's attributes per option, hundreds of times for the Akteure. None when a choice is a
    group (then Django's own)."""
    gewaehlt = False
    gruppen = []
    for wert, titel in widget.choices:
        if isinstance(titel, (list, tuple)):
            return None
        if wert is None:
            wert = ""
        # A single select marks only the first matching option (ChoiceWidget.optgroups).
        auswahl = not gewaehlt and str(wert) in werte
        gewaehlt |= auswahl
        option = {"value": wert, "label": titel, "attrs": {"selected": True} if auswahl else {}}
        gruppen.append((None, [option], len(gruppen)))
    return gruppen
