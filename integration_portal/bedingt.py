"""ETag, Last-Modified and 304 for downloads built from the data (``@bedingt``).

A download (CSV, JSON, XLSX, zip) is made anew from the database on each request – too big or
too streamed for the page cache. But its bytes change only with what they are made of, so a
client holding the current copy needs no new one. ``bedingt`` wraps a view with Django's
``condition`` decorator, keyed by the same things the page cache uses:

- the Datenstand (concept/datenstand.py) – any committed change of shown data;
- the code stamp (a release with another format of the file);
- today's date (Europe/Berlin), the language, the path with its query string;
- who asks: a logged-in person may see more (non-public indicators), so the ETag holds the
  user's id, and the answer becomes ``private, no-cache`` (SeitencacheMiddleware);
- and whatever else the view's bytes depend on: ``bedingt(view, auch=funktion)``, where
  ``funktion(request, *args, **kwargs)`` returns a string.

Last-Modified is the later of the data's last change, the code and today's start (seitencache).
The ETag is weak (gzip changes the bytes, not the content). Only a 200 keeps both headers, so
an error is never revalidated into a 304. An anonymous 200 is ``public, max-age`` like pages.

Apply it where the URL is routed, or as a decorator::

    path("daten.csv", bedingt(views.AlleDownloadView.as_view(format="csv")), name="alle-csv")

    @bedingt
    def download(request): ...

It costs one query (the Datenstand, shared with the page cache on the same request) and, on a
304, nothing else.
"""

import hashlib
from datetime import UTC, datetime
from functools import wraps

from django.utils import timezone, translation
from django.views.decorators.http import condition

from integration_portal.seitencache import (
    code_stand,
    letzte_aenderung,
    oeffentlich_cachebar,
    stand_der_anfrage,
)


def _wer(request):
    benutzer = getattr(request, "user", None)
    return str(benutzer.pk) if benutzer is not None and benutzer.is_authenticated else ""


def bedingt(view=None, *, auch=None):
    """Decorator: conditional GET for a download view (module docstring)."""
    if view is None:
        return lambda echte_view: bedingt(echte_view, auch=auch)

    def etag(request, *args, **kwargs):
        teile = [
            code_stand(),
            stand_der_anfrage(request).stempel,
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            request.get_full_path(),
            _wer(request),
            auch(request, *args, **kwargs) if auch else "",
        ]
        return 'W/"' + hashlib.sha1("\n".join(teile).encode()).hexdigest()[:24] + '"'

    def zuletzt(request, *args, **kwargs):
        return datetime.fromtimestamp(letzte_aenderung(request), tz=UTC)

    mit_bedingung = condition(etag_func=etag, last_modified_func=zuletzt)(view)

    @wraps(view)
    def bedingte_view(request, *args, **kwargs):
        antwort = mit_bedingung(request, *args, **kwargs)
        if antwort.status_code == 200:
            if not _wer(request) and not antwort.cookies:
                oeffentlich_cachebar(antwort)
        elif antwort.status_code != 304:
            # An error answer is not a version of the file: nothing to revalidate.
            for name in ("ETag", "Last-Modified"):
                if name in antwort:
                    del antwort[name]
        return antwort

    return bedingte_view
