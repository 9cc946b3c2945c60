"""Login throttling: django-axes in front of Django's ModelBackend, and the lockout answer."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

GESPERRT_STATUS = 429


class AnmeldeSperreBackend(AxesStandaloneBackend):
    """Axes' lockout check, skipped when ``authenticate()`` is called without a request.

    Every login over HTTP passes its request — the site's and the admin's LoginView, DRF's
    session, basic and token authentication — and is counted and locked out by axes. Without a
    request there is no remote client to lock out: a management command, the shell or the test
    client's ``login()``. Axes would refuse those with an exception; letting them through keeps
    ``client.login()`` usable in the tests of every app.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def sperrminuten():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def gesperrt_antwort(request, original_response=None, credentials=None):
    """What a locked-out client sees (``AXES_LOCKOUT_CALLABLE``): German page or API JSON."""
    minuten = sperrminuten()
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "status": GESPERRT_STATUS,
                "code": "anmeldung_gesperrt",
                "meldung": _(
                    "Zu viele fehlgeschlagene Anmeldeversuche. "
                    "Bitte versuchen Sie es in %(minuten)d Minuten erneut."
                )
                % {"minuten": minuten},
                "felder": {},
            },
            status=GESPERRT_STATUS,
        )
    return render(
        request,
        "registration/gesperrt.html",
        {"fehlversuche": settings.AXES_FAILURE_LIMIT, "minuten": minuten},
        status=GESPERRT_STATUS,
    )
