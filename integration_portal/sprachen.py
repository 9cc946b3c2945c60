"""Languages of the pages: German without prefix, English under ``/en/`` (urls.py).

The language of a page is in its URL and nowhere else: ``/massnahmen/`` is German whatever the
cookie or ``Accept-Language`` say, ``/en/massnahmen/`` is English. So a stored page
(seitencache.py, keyed by language and path) is always the right one, and a link is the same
page for everyone who follows it.

``pfad_in`` is the one place that turns a page's path into the same page in another language:
for the language switch, the ``hreflang`` alternates of every page and the links of mails
(integration_portal/links.py).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language


def sprache_des_pfads(pfad):
    """The language a path is in: its prefix (``/en/…``), else the main language."""
    try:
        teile = urlsplit(pfad or "")
    except ValueError:  # "http://[x/": no URL at all (a forged ``next``)
        return settings.LANGUAGE_CODE
    return translation.get_language_from_path(teile.path) or settings.LANGUAGE_CODE


def pfad_in(pfad, sprache):
    """``pfad`` (query string kept) as the same page in ``sprache``.

    Unchanged where the path is no page of the language patterns (API, admin, an unknown path).
    Django's ``translate_url`` resolves in the *active* language; here the path's own language
    is used, so the answer does not depend on the request it is asked in.
    """
    with translation.override(sprache_des_pfads(pfad)):
        try:
            return translate_url(pfad, sprache)
        except ValueError:  # no URL (``//[x/``): no page in any language
            return pfad


def fassungen(pfad):
    """``{language: path}`` of the page in every language; empty if it has only one."""
    je_sprache = {code: pfad_in(pfad, code) for code, _name in settings.LANGUAGES}
    if len(set(je_sprache.values())) < len(je_sprache):
        return {}
    return je_sprache


def sprachfassungen(request):
    """Context processor: the page in each language, for the switch and ``hreflang``.

    ``sprachfassungen``: ``code``, ``name`` (in its own language, "English"), ``pfad`` and
    ``url`` (absolute, for ``<link rel="alternate">``); ``sprachfassung_standard`` is the
    ``x-default`` (the main language). Both are missing where a page exists in one language only.
    """
    je_sprache = fassungen(request.get_full_path())
    if not je_sprache:
        return {}
    liste = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "pfad": pfad,
            "url": request.build_absolute_uri(pfad),
        }
        for code, pfad in je_sprache.items()
    ]
    standard = next(f for f in liste if f["code"] == settings.LANGUAGE_CODE)
    return {"sprachfassungen": liste, "sprachfassung_standard": standard}


class SprachMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without ``Vary: Accept-Language``.

    Django adds it to every answer of an unprefixed URL, but here such an answer is German
    whatever the header says: a shared cache need not keep one copy per header value.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            rest = [
                teil.strip()
                for teil in response["Vary"].split(",")
                if teil.strip() and teil.strip().lower() != "accept-language"
            ]
            if rest:
                response["Vary"] = ", ".join(rest)
            else:
                del response["Vary"]
        return response


def deutsch(text):
    """``<span lang="de">text</span>`` (escaped): German data inside a translated sentence.

    The concept's words stay German on English pages, and WCAG 3.1.2 (language of parts)
    wants them marked. For a template: ``{{ text|deutsch }}`` (templatetags/sprache.py).
    """
    if text in (None, ""):
        return ""
    return format_html('<span lang="de">{}</span>', text)


@csrf_exempt
def sprache_waehlen(request):
    """Django's ``set_language`` for forms and bookmarks that still post to it.

    Without a CSRF token: it only sets the language cookie and redirects within the site
    (Django checks ``next``), so a forged request can do no harm. ``next`` is resolved in its
    own language (``pfad_in``), so ``/en/massnahmen/`` with ``language=de`` leads to
    ``/massnahmen/`` whatever the cookie said before.
    """
    ziel = request.POST.get("next", request.GET.get("next"))
    with translation.override(sprache_des_pfads(ziel)):
        return set_language(request)


@receiver(request_finished, dispatch_uid="hauptsprache_nach_der_anfrage")
def hauptsprache_nach_der_anfrage(sender, **kwargs):
    """After every request the main language again.

    LocaleMiddleware leaves the request's language active in its thread; code that runs there
    later (a task, a test after ``client.get("/en/")``) would reverse ``/en/`` URLs.
    """
    translation.deactivate()
