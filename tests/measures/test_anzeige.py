"""measures/templatetags/anzeige.py: concept text as HTML; status and Ampel not by colour alone."""

from django.template import Context, Template

from measures.choices import Ampel, Status
from measures.templatetags.anzeige import AMPEL_SYMBOLE, STATUS_SYMBOLE, absaetze


def test_paragraphs_and_bullet_lists():
    html = absaetze("Erster Absatz.\n\nEinleitung:\n- eins\n- zwei\nDanach.")
    assert html == (
        "<p>Erster Absatz.</p><p>Einleitung:</p><ul><li>eins</li><li>zwei</li></ul><p>Danach.</p>"
    )


def test_text_is_escaped():
    html = absaetze('<script>alert("x")</script>\n- <b>fett</b>')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_every_status_and_ampel_has_its_own_symbol():
    assert set(STATUS_SYMBOLE) == set(Status)
    assert set(AMPEL_SYMBOLE) == set(Ampel)
    assert len(set(AMPEL_SYMBOLE.values())) == len(Ampel)
    # One glyph, one meaning: no status shares its symbol with an Ampel value.
    alle = list(STATUS_SYMBOLE.values()) + list(AMPEL_SYMBOLE.values())
    assert len(set(alle)) == len(alle)


def test_status_shown_as_word_with_symbol_and_progress_as_number():
    html = Template(
        "{% load anzeige %}{% status_anzeige s %}|{% ampel_anzeige a True %}|"
        "{% fortschritt_anzeige f %}|{% fortschritt_anzeige None %}"
    ).render(Context({"s": Status.VERZOEGERT, "a": Ampel.KRITISCH, "f": 37.6}))
    status, ampel, fortschritt, leer = html.split("|")
    assert "verzögert" in status and STATUS_SYMBOLE[Status.VERZOEGERT] in status
    assert "Ampel:" in ampel and "kritisch" in ampel
    assert 'value="38"' in fortschritt and "38 %" in fortschritt
    assert "<progress" not in leer and "noch nicht messbar" in leer


def test_nach_seite_groups_as_regroup_by_the_side_label_does():
    from measures.choices import Seite
    from measures.models import Akteur

    akteure = [
        Akteur(name="Verein A", seite=Seite.EXTERN),
        Akteur(name="Amt B", seite=Seite.INTERN),
        Akteur(name="Verein C", seite=Seite.EXTERN),
        Akteur(name="Amt D", seite=Seite.INTERN),
    ]
    zeile = (
        "{% for s in seiten %}{{ s.grouper }}: "
        "{% for a in s.list %}{{ a.name }};{% endfor %}|{% endfor %}"
    )
    mit_regroup = Template(
        '{% regroup akteure|dictsortreversed:"seite" by get_seite_display as seiten %}' + zeile
    ).render(Context({"akteure": akteure}))
    mit_filter = Template(
        "{% load anzeige %}{% with seiten=akteure|nach_seite %}" + zeile + "{% endwith %}"
    ).render(Context({"akteure": akteure}))
    assert mit_filter == mit_regroup
    assert mit_filter == "verwaltungsintern: Amt B;Amt D;|verwaltungsextern: Verein A;Verein C;|"


def test_the_side_label_is_get_seite_display():
    from measures.choices import Seite
    from measures.models import Akteur, Zustaendigkeit
    from measures.templatetags.anzeige import _seite_label

    for wert in [*Seite.values, "unbekannt"]:
        for modell in (Akteur, Zustaendigkeit):
            assert _seite_label(wert) == modell(seite=wert).get_seite_display()
