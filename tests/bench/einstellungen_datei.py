"""Settings of the "datei" benchmark (tests/bench/datei.py): the production profile unchanged,
plus a folder of the product's own responses that WhiteNoise serves as files.

The files then go through the same gunicorn worker, the same middleware order and the same
WhiteNoise as the product's static files, so "product beside file" compares the work of the
views with nothing else.
"""

import os

from integration_portal.settings_production import *  # noqa: F403

# Written by the benchmark before gunicorn starts: WhiteNoise lists the folder once, when the
# worker builds its middleware (no autorefresh in production).
WHITENOISE_ROOT = os.environ["BENCH_WHITENOISE_ROOT"]

if os.environ.get("BENCH_STATIC_UNKOMPRIMIERT"):
    # The quick run of the test: hashed names without the gzip/brotli copies, which take a
    # minute to write. Pages render the same {% static %} URLs from the same manifest.
    STORAGES = {
        **STORAGES,  # noqa: F405
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
