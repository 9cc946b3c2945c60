"""The production profile: the base settings plus everything ``check --deploy`` asks for.

Use it with ``DJANGO_SETTINGS_MODULE=integration_portal.settings_production`` (``make serve``
does). Like the base, it reads every difference from the environment; it only changes defaults
and refuses to start without a real SECRET_KEY. Behind the reverse proxy (nginx) the portal is
reached over HTTPS only; the proxy must set ``X-Forwarded-Proto``.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from integration_portal.settings import *  # noqa: F403
from integration_portal.settings import LOGGING, env_bool

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("unsicher"):
    raise ImproperlyConfigured(
        "SECRET_KEY fehlt oder ist zu kurz (mindestens 50 zufällige Zeichen), z. B.: "
        "python -c 'from django.core.management.utils import get_random_secret_key as k; "
        "print(k())'"
    )

# HTTPS everywhere; the load balancer's probe of /healthz may use plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_PROXY", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Staff and partners log in on shared office computers: a session ends after 8 hours.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))

# Static files come from collectstatic (hashed names, compressed), served by WhiteNoise.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", False)
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One JSON object per log line, for the journal or a log collector.
LOGGING = {
    **LOGGING,
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "json"),
        }
    },
}

# Sync gunicorn workers keep their connection for a minute instead of opening one per request;
# CONN_HEALTH_CHECKS (base settings) replaces a connection a database restart has broken.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
