"""Login throttling: django-axes in front of Django's ModelBackend, and the lockout answer.

Two locks, both on the client address from ``client_ip.py`` (never the proxy's):

- the pair (user name, address) after ``AXES_FAILURE_LIMIT`` failures — the owner elsewhere
  still logs in;
- the address alone after ``ANMELDESPERRE_JE_ADRESSE`` failures across all user names — one
  client cannot try a few passwords on many accounts.

Both end ``AXES_COOLOFF_TIME`` after the last failure before the lockout; attempts during the
lockout are refused uncounted (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``).
"""

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _

from integration_portal.api.errors import problem_antwort

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


class SperreHandler(AxesDatabaseHandler):
    """Axes' database handler plus the cap per address across user names."""

    def fehlversuche_der_adresse(self, request):
        """Failures from this address within the cool-off, whatever user names were tried."""
        summe = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(n=Sum("failures_since_start"))["n"]
        return summe or 0

    def adresse_gesperrt(self, request):
        return self.fehlversuche_der_adresse(request) >= settings.ANMELDESPERRE_JE_ADRESSE

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self.adresse_gesperrt(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        # The failure that reaches the cap already answers with the lockout page, like the
        # one that reaches the limit for a pair.
        if request is not None and not request.axes_locked_out and self.adresse_gesperrt(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )


def sperrminuten():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def gesperrt_antwort(request, original_response=None, credentials=None):
    """What a locked-out client sees (``AXES_LOCKOUT_CALLABLE``): German page or API JSON."""
    minuten = sperrminuten()
    if request.path.startswith("/api/"):
        return problem_antwort(
            request,
            GESPERRT_STATUS,
            _(
                "Zu viele fehlgeschlagene Anmeldeversuche. "
                "Bitte versuchen Sie es in %(minuten)d Minuten erneut."
            )
            % {"minuten": minuten},
            code="anmeldung_gesperrt",
        )
    # Which lock: the pair (this account from here) or this address for every account.
    adresse = SperreHandler().adresse_gesperrt(request)
    return render(
        request,
        "registration/gesperrt.html",
        {
            "fehlversuche": settings.ANMELDESPERRE_JE_ADRESSE
            if adresse
            else settings.AXES_FAILURE_LIMIT,
            "minuten": minuten,
            "adresse": adresse,
        },
        status=GESPERRT_STATUS,
    )
