"""portal/templatetags/zeilen.py: one reverse() per page, and each row's URL is reverse()'s."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse


def _urls(name, parameter, werte):
    vorlage = Template(
        "{% load zeilen %}{% for w in werte %}{% zeilen_url name "
        + parameter
        + "=w %}|{% endfor %}"
    )
    return vorlage.render(Context({"werte": werte, "name": name})).split("|")[:-1]


def test_slugs_give_the_urls_reverse_gives():
    slugs = ["amt-a", "verein_b", "X1", "amt-a", "zeilenwert0platzhalter"]
    assert _urls("measures:akteur", "slug", slugs) == [
        reverse("measures:akteur", kwargs={"slug": s}) for s in slugs
    ]


def test_values_that_quoting_changes_take_reverse():
    kennungen = ["5.2-1a", "a b", "ä", "5.2-1b", "a&b"]
    assert _urls("measures:massnahme", "kennung", kennungen) == [
        reverse("measures:massnahme", kwargs={"kennung": k}).replace("&", "&amp;")
        for k in kennungen
    ]


def test_a_value_the_url_refuses_fails_as_url_does():
    with pytest.raises(NoReverseMatch):
        _urls("measures:akteur", "slug", ["amt-a", "5.2"])


def test_dotted_values_where_the_converter_takes_them_give_reverses_url():
    """Measure and Handlungsfeld links (``5.2-1a``, ``4.1.2``) take the pattern, not reverse()."""
    kennungen = ["5.2-1a", "4.1.2-3b", ".", "..", "a..b", "5.2-1a"]
    assert _urls("measures:massnahme", "kennung", kennungen) == [
        reverse("measures:massnahme", kwargs={"kennung": k}) for k in kennungen
    ]
    nummern = ["5.2", "4.1.2"]
    assert _urls("measures:handlungsfeld", "nummer", nummern) == [
        reverse("measures:handlungsfeld", kwargs={"nummer": n}) for n in nummern
    ]


def test_dotted_values_use_the_pattern(monkeypatch):
    """The fast path is taken: after the pattern, no reverse() per row."""
    from portal.templatetags import zeilen

    aufrufe = []
    echt = zeilen.reverse

    def zaehlend(*args, **kwargs):
        aufrufe.append(kwargs)
        return echt(*args, **kwargs)

    monkeypatch.setattr(zeilen, "reverse", zaehlend)
    _urls("measures:massnahme", "kennung", ["5.2-1a", "5.2-1b", "5.3-2a"])
    # The plain placeholder and the dotted one, then none per row.
    assert len(aufrufe) == 2
