"""Settings of the Integrationsportal, read from the environment.

Nothing here branches on host names: every deployment difference is an environment variable
(see README, "Umgebungsvariablen").
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from concept import lizenz as datenlizenz  # offene Daten: the licence, defined once

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The fallback key only serves local development and tests; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "unsicher-nur-fuer-die-lokale-entwicklung")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with the Büro's site (titles, start page): integration_portal/admin_site.py
    "integration_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # /sitemap.xml (portal/sitemaps.py): its template comes with the app.
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    # CORS for the API's reads (integration_portal/api/cors.py).
    "corsheaders",
    # API tokens stored hashed, with expiry (konten/models.py, konten/tokens.py).
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    # Login throttling and lockout (issue 8): integration_portal/anmeldesperre.py
    "axes",
    "csp",
    # Second factor (TOTP app, recovery codes) for all with admin access: konten/zwei_faktor.py
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Operations: backup/restore commands, security log (integration_portal/security_log.py)
    "integration_portal.apps.PortalConfig",
    # Background work: django.tasks (backport) with its database backend, worker `db_worker`.
    "django_tasks",
    "django_tasks_db",
    # Outgoing mail, logged and sent as tasks (versand/mail.py); below every domain app.
    "versand",
    "concept",
    "measures",
    "monitoring",
    # Ansprechpersonen in the admin, their import, invitations (issue 14): netzwerk/einladungen.py
    "netzwerk",
    # PDF progress reports (concept, measures and monitoring below them)
    "berichte",
    # Review results, reminders with escalation, the Büro's daily digest (layer 2).
    "benachrichtigungen",
    # Summaries in Leichte Sprache per Handlungsfeld, with their review (layer 2).
    "leichte_sprache",
    # The site-wide search /suche/ (layer 3, beside portal): suche/, concept/volltext.py
    "suche",
    # Public pages, the top layer
    "portal",
    # Accounts: user admin of the Büro, API tokens, second factor, mail throttling.
    "konten",
    # Datenschutz (DSGVO): privacy page, Art. 15 download, Art. 17 deletion, retention.
    "datenschutz",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy: browser features the portal never uses are off (PERMISSIONS_POLICY).
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Content Security Policy without 'unsafe-inline' (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # NUL bytes, numbers beyond 64 bits in the query: German 400 (integration_portal/eingaben.py).
    "integration_portal.eingaben.EingabeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for anonymous pages and API answers only, never for a person's (BREACH, README
    # "Seitencache"); after WhiteNoise, which serves static files compressed itself.
    "integration_portal.komprimieren.OeffentlichGzipMiddleware",
    # API: CORS for reads only, before CommonMiddleware as django-cors-headers requires
    # (integration_portal/api/cors.py); RateLimit headers after the page cache answered
    # (integration_portal/api/throttling.py).
    "integration_portal.api.cors.NurLesendeCorsMiddleware",
    "integration_portal.api.throttling.RateLimitKopfMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Moved up from below: it sets X-Frame-Options, which a page-cache hit must carry too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Django's LocaleMiddleware; the language is in the URL, so no Vary: Accept-Language.
    "integration_portal.sprachen.SprachMiddleware",
    # Page-cache hits answered here, before everything below; Cache-Control, 304 on the way out
    # (integration_portal/seitencache.py).
    "integration_portal.seitencache.SeitencacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has the session passed the second factor (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    # Staff (and partners who set up a second factor) must pass it before using their rights.
    "konten.zwei_faktor.ZweiterFaktorMiddleware",
    # Logs every 403 with user and address (security log).
    "integration_portal.security_log.VerweigerungProtokollMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "integration_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The page in the other language: switch and hreflang (base.html).
                "integration_portal.sprachen.sprachfassungen",
            ],
        },
    },
]

WSGI_APPLICATION = "integration_portal.wsgi.application"

# SQLite inside the project is the embedded default so that a newcomer needs no server;
# DATABASE_URL=postgres://... switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # Waiting for a lock beats failing at once when the dev server and a command overlap.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# With persistent connections (CONN_MAX_AGE > 0) a connection broken by a database restart is
# noticed at the start of the next request and replaced, so the portal recovers by itself.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("CONN_HEALTH_CHECKS", True)

# One cache for all application processes when REDIS_URL is set (report caching, API
# throttling); otherwise each process has its own memory cache (development, tests).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "integrationsportal"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages and anonymous API answers, stored per Datenstand (integration_portal/seitencache.py):
# how long an entry nobody asks for any more stays in the cache.
SEITENCACHE_SEKUNDEN = int(os.environ.get("SEITENCACHE_SEKUNDEN", str(6 * 3600)))
# Cache-Control: public, max-age of those answers: how long a browser or a shared cache may show
# one without asking; short, because an approval should show within a minute.
CACHE_CONTROL_MAX_AGE = int(os.environ.get("CACHE_CONTROL_MAX_AGE", "60"))

# django-axes checks every login (site, admin, API) before ModelBackend checks the password.
AUTHENTICATION_BACKENDS = [
    "integration_portal.anmeldesperre.AnmeldeSperreBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
# Lock the pair (account, address): a guesser is stopped, while the colleagues behind the same
# town-hall address and the account's owner elsewhere can still log in.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A login attempt during a lockout is refused without being counted: the cool-off runs from the
# last failure before the lockout, so one request every few minutes cannot keep it going.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "integration_portal.anmeldesperre.gesperrt_antwort"
# Adds a cap per address across all user names (one client cannot try many accounts).
AXES_HANDLER = "integration_portal.anmeldesperre.SperreHandler"
ANMELDESPERRE_JE_ADRESSE = int(os.environ.get("ANMELDESPERRE_JE_ADRESSE", "20"))

# How many reverse proxies (nginx, load balancer) stand in front of gunicorn, each appending
# the address it saw to X-Forwarded-For. 0 (default): gunicorn is reached directly and no header
# is trusted. The one setting for the client address everywhere: the lockout, the API's
# throttling, the security log (integration_portal/client_ip.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "integration_portal.client_ip.client_ip"

# Content Security Policy: only our own scripts, styles and images; an inline script that
# must exist carries the request's nonce ({{ request.csp_nonce }}). No 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # data: for the small SVG icons in the admin's and Swagger UI's stylesheets.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy: no page of the portal needs a camera, a microphone, the location, payment
# or device access; "()" denies a feature to our pages and to anything they might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# German pages without prefix, English under /en/ (urls.py, integration_portal/sprachen.py).
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Attachments of Sachstände: outside every served folder; only measures' download view, which
# asks who may see the Sachstand, hands them out (no MEDIA_URL on purpose).
ANHANG_ROOT = Path(os.environ.get("ANHANG_ROOT", BASE_DIR / "var" / "anhaenge"))
# Rendered reports (berichte.Berichtsdatei): also outside every served folder; berichte/views.py
# hands them out after the same checks as before (intern only for council and Büro).
BERICHT_ROOT = Path(os.environ.get("BERICHT_ROOT", BASE_DIR / "var" / "berichte"))
ANHANG_MAX_BYTES = int(os.environ.get("ANHANG_MAX_BYTES", str(10 * 1024 * 1024)))
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed names need `collectstatic` first; only a build does that (the production
# profile, `make serve`). Without it every {% static %} would fail, so the default serves the
# files under their own names from the app folders, whether DEBUG is on or off.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Tests and `make run` serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)

LOGIN_URL = "login"
# One landing for every role (konten/views.py StartNachAnmeldungView).
LOGIN_REDIRECT_URL = "konten:start"
LOGOUT_REDIRECT_URL = "measures:overview"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Integrationsportal Rostock <integrationsportal@localhost>"
)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# How long an invitation link works (netzwerk/einladungen.py); a new one revokes the older.
EINLADUNG_GUELTIG_TAGE = int(os.environ.get("EINLADUNG_GUELTIG_TAGE", "14"))
# Where the public feedback form ("Kontakt und Feedback") sends its messages.
# Background tasks (issue 14): stored in the database, run by `manage.py db_worker`
# (make run starts one; production: README, "Hintergrundarbeit"). TASKS_BACKEND=immediate runs
# them in the request instead (a machine without a worker; the tests choose per test).
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[os.environ.get("TASKS_BACKEND", "db")],
        "QUEUES": ["default"],
    }
}

FEEDBACK_EMAIL = os.environ.get("FEEDBACK_EMAIL", "integration@rostock.de")

REST_FRAMEWORK = {
    # The token first: DRF answers a missing or refused login with the first class's
    # ``WWW-Authenticate`` (401, "Token"); session auth has none, so it would answer 403. The
    # session still works for the browsable pages (it is asked when no token is sent).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "konten.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Reads are public (open data); writes are checked per endpoint (measures/permissions.py).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "integration_portal.api.sortierung.EindeutigeSortierung",
    ],
    "DEFAULT_PAGINATION_CLASS": "integration_portal.api.pagination.Seitenweise",
    # drf-spectacular with error answers, headers, public reads (integration_portal/api/schema.py)
    "DEFAULT_SCHEMA_CLASS": "integration_portal.api.schema.PortalSchema",
    "EXCEPTION_HANDLER": "integration_portal.api.errors.fehlerantwort",
    # JSON bodies within DATA_UPLOAD_MAX_MEMORY_SIZE and 20 levels deep (413/400 otherwise).
    "DEFAULT_PARSER_CLASSES": [
        "integration_portal.api.parsers.BegrenzterJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["integration_portal.api.throttling.AnonymeDrossel"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "600/minute")},
    # Unset, DRF would key anonymous clients on the whole (forgeable) X-Forwarded-For header.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# CORS (django-cors-headers): any origin may read the open data under /api/ (GET, HEAD, OPTIONS),
# without cookies; writes get no allowance (integration_portal/api/cors.py).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# Paging, rate and cache headers a script on another site may read.
CORS_EXPOSE_HEADERS = ["Link", "RateLimit", "RateLimit-Policy", "Retry-After", "ETag"]
CORS_PREFLIGHT_MAX_AGE = 86400

# API tokens (django-rest-knox): only a hash is stored; a token expires API_TOKEN_TAGE days after
# it was made and is revoked when the password changes or the account is deactivated.
KNOX_TOKEN_MODEL = "konten.ApiToken"
# knox's own migrations create its default token table even when the model is swapped (as
# here); without them Django creates no table for the swapped-out model.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(days=int(os.environ.get("API_TOKEN_TAGE", "90"))),
    "AUTH_HEADER_PREFIX": "Token",
}

# Second factor (django-otp): the issuer name the authenticator app shows next to the account.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Integrationsportal Rostock")
# Nobody reads another person's TOTP secret or QR code in the admin, superusers neither; each
# person sets up their own device under /konto/zwei-faktor/.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Mails anonymous visitors can trigger (password reset, feedback form): at most this many per
# target address and per client within MAIL_DROSSEL_SEKUNDEN (integration_portal/maildrossel.py).
MAIL_DROSSEL_JE_ADRESSE = int(os.environ.get("MAIL_DROSSEL_JE_ADRESSE", "3"))
MAIL_DROSSEL_JE_CLIENT = int(os.environ.get("MAIL_DROSSEL_JE_CLIENT", "10"))
MAIL_DROSSEL_SEKUNDEN = int(os.environ.get("MAIL_DROSSEL_SEKUNDEN", "3600"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Integrationsportal Rostock API",
    "VERSION": "1.0.0",
    # Open data (README "Offene Daten"): the licence of everything the API gives out.
    "LICENSE": {"name": datenlizenz.NAME, "url": datenlizenz.TEXT_URL},
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links in Swagger UI: each would be a link inside the operation's button, nested
    # interactive elements a screen reader cannot reach (axe "nested-interactive", WCAG 4.1.2).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    # Each address once, slashed, though every route answers without the slash too.
    "PREPROCESSING_HOOKS": ["integration_portal.api.schema.nur_mit_schraegstrich"],
    # drf-spectacular's own hook (enums as components) and: empty query parameter = no filter.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "integration_portal.api.schema.leere_filter_erlaubt",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MassnahmeStatusEnum": "measures.choices.Status",
        "RundenStatusEnum": "measures.choices.RundenStatus",
        "PruefstatusEnum": "measures.choices.Pruefstatus",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Open data (README "Offene Daten"): the data provider's ID in the DCAT-AP.de catalogue
# (dcatde:contributorID, http://dcat-ap.de/def/contributors/…). GovData assigns it when the city
# registers the catalogue; the default is a placeholder until then.
DCAT_CONTRIBUTOR_ID = os.environ.get(
    "DCAT_CONTRIBUTOR_ID", "http://dcat-ap.de/def/contributors/hansestadtRostock"
).strip()

# Days the login records (django-axes) are kept; `manage.py datenschutz_aufraeumen` (cron)
# deletes older ones. The privacy page states the same figure.
DATENSCHUTZ_AUFBEWAHRUNG_TAGE = int(os.environ.get("DATENSCHUTZ_AUFBEWAHRUNG_TAGE", "90"))

# Largest request body outside file uploads (forms, API JSON): 1 MiB by default. The longest
# free text is 20 000 characters (concept/textlaengen.py); a bigger body is refused (400/413).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(1024 * 1024)))

# PDF progress reports (berichte/, README "Fortschrittsberichte"): the task worker renders them
# into files under BERICHT_ROOT (berichte/ablage.py); a request only serves a file or enqueues.
# One rendering runs in a forked child of the worker within these limits (berichte/render.py).
BERICHT_ZEITLIMIT = int(os.environ.get("BERICHT_ZEITLIMIT", "40"))  # seconds
BERICHT_SPEICHER_MB = int(os.environ.get("BERICHT_SPEICHER_MB", "1024"))
# Niceness of the rendering process: pages (on the same machine) get the CPU first.
BERICHT_NICE = int(os.environ.get("BERICHT_NICE", "10"))
# A report still waiting (its worker died) or failed this long is enqueued again by the next
# request; longer than BERICHT_ZEITLIMIT (checked: integration_portal/zeitgrenzen.py).
BERICHT_ERNEUT_SEKUNDEN = int(os.environ.get("BERICHT_ERNEUT_SEKUNDEN", "600"))
# New renderings an anonymous client may enqueue per window (stored or waiting ones never count).
BERICHT_ANONYM_NEU = int(os.environ.get("BERICHT_ANONYM_NEU", "10"))
BERICHT_ANONYM_FENSTER = int(os.environ.get("BERICHT_ANONYM_FENSTER", "600"))  # seconds
# manage.py berichte_aufraeumen: files no longer current are deleted after this many days
# (those of closed Berichtsrunden stay).
BERICHT_AUFBEWAHREN_TAGE = int(os.environ.get("BERICHT_AUFBEWAHREN_TAGE", "7"))

# LOG_FORMAT=json writes one JSON object per line (integration_portal/logging.py), the default
# of the production profile; "text" is easier to read at a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "integration_portal.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {
        "erwartete_antworten_kurz": {"()": "integration_portal.logging.ErwarteteAntwortenKurz"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Everything of Django's goes to the one console handler above. Django's defaults add
        # a console handler of their own under DEBUG (`make run`), which printed every warning
        # and traceback a second time (and a mail handler, idle without ADMINS).
        "django": {"handlers": [], "level": "INFO"},
        # runserver's request lines, once and in the same format.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Expected 403/404: one line, no traceback (integration_portal/logging.py).
        "django.request": {"filters": ["erwartete_antworten_kurz"]},
        # Logins, failed logins, lockouts, refused requests (integration_portal/security_log.py).
        "integration_portal.security": {"level": "INFO"},
        # axes logs every attempt itself; the security log already has what matters.
        "axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")},
    },
}

# Small-number protection of the monitoring (issue 18): breakdown cells with fewer cases than
# this are not published (pages, charts, downloads, API, PDF); an Indikator may set its own.
MONITORING_MINDESTFALLZAHL = int(os.environ.get("MONITORING_MINDESTFALLZAHL", "3"))
