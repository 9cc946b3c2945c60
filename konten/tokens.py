"""API tokens: create (the secret shown once), revoke, authenticate and note the last use."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from konten.models import ApiToken

# Writing the time of last use on every request would turn each API read into a write.
NUTZUNG_GENAUIGKEIT = timedelta(minutes=1)


def token_erstellen(user, bezeichnung=""):
    """A new token for ``user``; returns (token, secret). Only the hash of the secret is kept."""
    return ApiToken.objects.create(user=user, bezeichnung=bezeichnung)


def tokens_widerrufen(user):
    """Revoke all of the user's tokens (password changed, account deactivated)."""
    return ApiToken.objects.filter(user=user).delete()[0]


def gueltige_tokens(user):
    """The user's tokens that still work (expired ones are left out)."""
    jetzt = timezone.now()
    return ApiToken.objects.filter(user=user).exclude(expiry__lt=jetzt)


class ApiTokenAuthentication(TokenAuthentication):
    """knox's check of ``Authorization: Token …`` that also records when a token was last used.

    The first of the API's authentication classes (settings.REST_FRAMEWORK): a missing or
    refused token answers 401 with ``WWW-Authenticate: Token``.
    """

    def authenticate_credentials(self, token):
        # knox decodes the header's bytes as UTF-8: other bytes ("Token \xe4") were a 500.
        try:
            token.decode("utf-8")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Ungültiges Token")) from None
        return super().authenticate_credentials(token)

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        jetzt = timezone.now()
        if token.zuletzt_benutzt is None or jetzt - token.zuletzt_benutzt > NUTZUNG_GENAUIGKEIT:
            ApiToken.objects.filter(pk=token.pk).update(zuletzt_benutzt=jetzt)
            token.zuletzt_benutzt = jetzt
            # The user's other expired tokens go with the write we make anyway (knox did this
            # on every request, one query for all of the user's tokens each time).
            ApiToken.objects.filter(user_id=user.pk, expiry__lt=jetzt).exclude(pk=token.pk).delete()
        return user, token

    def _cleanup_token(self, auth_token):
        """Refuse (and delete) the presented token when it has expired; True means refused.

        knox also looks at all the user's other tokens here, on every request: that cleanup
        happens in ``validate_user`` instead, at most once a minute per token.
        """
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False
