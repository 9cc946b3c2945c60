"""gunicorn settings for ``make serve`` (every value can be overridden from the environment).

Workers are processes: they share nothing but PostgreSQL and the cache (REDIS_URL), so more
of them, or more machines behind a load balancer, is how the portal scales.
"""

import multiprocessing
import os

bind = os.environ.get(
    "BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
# gunicorn's rule of thumb: 2 × cores + 1 synchronous workers (pages wait on the database).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# No request renders a report (the task worker does, berichte/tasks.py): 60 s is generous.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that slow memory growth (WeasyPrint, fonts) cannot pile up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Access log on stdout, one JSON object per line like the application log.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
access_log_format = (
    '{"zeit": "%(t)s", "logger": "gunicorn.access", "ip": "%(h)s", "methode": "%(m)s", '
    '"pfad": "%(U)s", "abfrage": "%(q)s", "status": %(s)s, "bytes": "%(B)s", '
    '"dauer_ms": %(M)s, "agent": "%(a)s"}'
)
errorlog = "-"
# Behind nginx on the same machine: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
