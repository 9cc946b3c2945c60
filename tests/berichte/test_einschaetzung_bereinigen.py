"""The Büro's assessment is stored as cleaned HTML only (berichte.einschaetzungen.bereinigen)."""

import pytest
from django.core.exceptions import ValidationError

from berichte.einschaetzungen import bereinigen
from berichte.models import Einschaetzung
from tests.berichte.einschaetzung_szenario import einschaetzung, lage_anlegen


@pytest.mark.parametrize(
    "roh, sauber",
    [
        (
            "<p>Gut <strong>so</strong> und <em>weiter</em>.</p>",
            "<p>Gut <strong>so</strong> und <em>weiter</em>.</p>",
        ),
        ("<script>alert(1)</script><p>Text</p>", "<p>Text</p>"),
        ('<p><img src="x" onerror="alert(1)">Bild</p>', "<p>Bild</p>"),
        ('<p onclick="alert(1)" style="color:red">Klick</p>', "<p>Klick</p>"),
        ("<style>p { display: none }</style><p>sichtbar</p>", "<p>sichtbar</p>"),
        (
            '<p><a href="javascript:alert(1)">Link</a></p>',
            '<p><a rel="noopener noreferrer nofollow">Link</a></p>',
        ),
        (
            '<p><a href="JaVaScRiPt:alert(1)">Link</a></p>',
            '<p><a rel="noopener noreferrer nofollow">Link</a></p>',
        ),
        (
            '<p><a href="data:text/html,&lt;script&gt;">Link</a></p>',
            '<p><a rel="noopener noreferrer nofollow">Link</a></p>',
        ),
        (
            '<p><a href="/admin/">relativ</a></p>',
            '<p><a rel="noopener noreferrer nofollow">relativ</a></p>',
        ),
        (
            '<p><a href="https://rostock.de/" target="_blank" rel="opener">Stadt</a></p>',
            '<p><a href="https://rostock.de/" rel="noopener noreferrer nofollow">Stadt</a></p>',
        ),
        (
            '<p><a href="mailto:buero@rostock.de">Mail</a></p>',
            '<p><a href="mailto:buero@rostock.de" rel="noopener noreferrer nofollow">Mail</a></p>',
        ),
        ("<ul><li>eins<li>zwei</ul>", "<ul><li>eins</li><li>zwei</li></ul>"),
        (
            "<p><strong><em><strong>tief</strong></em></strong>",
            "<p><strong><em><strong>tief</strong></em></strong></p>",
        ),
        (
            "<div><h1>Titel</h1><table><tr><td>Zelle</td></tr></table></div><p>x</p>",
            "TitelZelle<p>x</p>",
        ),
        (
            '<svg><script>alert(1)</script></svg><iframe src="https://x"></iframe><p>y</p>',
            "<p>y</p>",
        ),
        ("<p>a</p><!-- Kommentar --><p>b</p>", "<p>a</p><p>b</p>"),
        # Typed as plain text: paragraphs at blank lines, < and & escaped.
        (
            "Erster Absatz.\n\nZweiter, 3 < 5 & gut.\nNeue Zeile.",
            "<p>Erster Absatz.</p>\n\n<p>Zweiter, 3 &lt; 5 &amp; gut.<br>Neue Zeile.</p>",
        ),
        ("  ", ""),
        (None, ""),
    ],
)
def test_only_the_allow_list_survives(roh, sauber):
    assert bereinigen(roh) == sauber


@pytest.mark.parametrize(
    "roh",
    [
        "<p>Gut <strong>so</strong></p>",
        "Nur Text\n\nmit Absatz & <strong>fett</strong>",
        '<a href="https://x.de">x</a><script>1</script>',
        "<<script>script>alert(1)<</script>/script>",
    ],
)
def test_cleaning_twice_changes_nothing(roh):
    einmal = bereinigen(roh)
    assert bereinigen(einmal) == einmal
    assert "<script" not in einmal.lower()


@pytest.fixture
def lage(db):
    return lage_anlegen()


def test_saving_stores_only_the_cleaned_text(lage):
    e = einschaetzung(
        lage.runde,
        lage.hf_1,
        lage.autorin,
        text='<p onmouseover="x()">Hallo<script>böse()</script></p>',
    )
    assert Einschaetzung.objects.get(pk=e.pk).text == "<p>Hallo</p>"
    assert e.history.latest().text == "<p>Hallo</p>"


def test_full_clean_checks_the_cleaned_text_against_the_limit(lage):
    e = Einschaetzung(berichtsrunde=lage.runde, handlungsfeld=lage.hf_1, text="a" * 7993)
    e.full_clean()  # "<p>…</p>" around it: exactly 8 000
    assert len(e.text) == 8000
    e.text = "a" * 7994
    with pytest.raises(ValidationError) as fehler:
        e.full_clean()
    assert "höchstens 8000 Zeichen" in " ".join(fehler.value.message_dict["text"])


def test_a_text_of_only_markup_is_empty_and_refused(lage):
    e = Einschaetzung(
        berichtsrunde=lage.runde, handlungsfeld=lage.hf_1, text="<script>alert(1)</script>"
    )
    with pytest.raises(ValidationError) as fehler:
        e.full_clean()
    assert "text" in fehler.value.message_dict
