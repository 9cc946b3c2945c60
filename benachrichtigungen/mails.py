"""Rendering and queueing one notification: always through versand, always with its opt-out link."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from benachrichtigungen import abbestellen
from versand.mail import einreihen


def schreiben(adresse, arten, vorlage, kontext, *, anlass, bezug=""):
    """Queue one mail from ``benachrichtigungen/mail/<vorlage>[_betreff].txt`` to ``adresse``.

    ``arten``: the kinds of content in the mail; each gets its one-click opt-out link.
    """
    kontext = {
        **kontext,
        "abbestellen": [(art.label, abbestellen.link(adresse, art)) for art in arten],
    }
    # Recipients' language is not known: mails go out in the portal's main language.
    with translation.override(settings.LANGUAGE_CODE):
        betreff = render_to_string(f"benachrichtigungen/mail/{vorlage}_betreff.txt", kontext)
        text = render_to_string(f"benachrichtigungen/mail/{vorlage}.txt", kontext)
    return einreihen(adresse, betreff, text, anlass=anlass, bezug=bezug)
