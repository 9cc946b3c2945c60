"""gunicorn settings for ``make serve`` (every value can be overridden from the environment).

Workers are processes: they share nothing but PostgreSQL and the cache (REDIS_URL), so more
of them, or more machines behind a load balancer, is how the portal scales.
"""

import multiprocessing
import os

bind = os.environ.get(
    "BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
# Threaded workers (gthread) keep a client's connection open between requests (keepalive): a
# browser, or nginx with upstream keep-alive, then pays no new TCP connection per page, and a
# waiting request (database, Redis) leaves the core to another thread instead of a whole
# process. The load test compares both in one run (tests/load/loadtest.py --ab). Sync workers,
# which close the connection after each answer: GUNICORN_WORKER_CLASS=sync, then gunicorn's
# rule of thumb 2 × cores + 1 workers.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
_gthread = worker_class == "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4")) if _gthread else 1
workers = int(
    os.environ.get(
        "WEB_CONCURRENCY",
        multiprocessing.cpu_count() + 1 if _gthread else multiprocessing.cpu_count() * 2 + 1,
    )
)
# No request renders a report (the task worker does, berichte/tasks.py): 60 s is generous.
# A sync worker busy longer is killed; a gthread worker only when its main loop stops (a single
# hung thread is not), so for gthread this is the limit of a stuck worker, not of a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Seconds an idle kept connection stays open (gthread; sync workers close after each answer).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that slow memory growth (WeasyPrint, fonts) cannot pile up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
# The jitter spreads the recycling of the workers (not all at once); 0 with max_requests=1
# recycles after every request (tests/ops/test_start_worker.py, tests/bench/start.py).
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# The master loads the application and warms it (integration_portal/aufwaermen.py) before it
# forks: a worker, new or recycled, starts with everything imported, compiled and cached
# instead of paying 0.5 s on its first request. GUNICORN_PRELOAD=0 loads it in each worker
# (for comparison: tests/bench/start.py). Code changes need a restart then, not a HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").lower() not in ("0", "false", "no")


def when_ready(server):
    # In the master, after the application is loaded and before the first fork.
    if preload_app:
        from integration_portal.aufwaermen import aufwaermen

        aufwaermen()


def pre_fork(server, worker):
    # No database connection may pass from the master into a worker (aufwaermen closes its
    # own; this also covers anything else the master opened since).
    if preload_app:
        from django.db import connections

        connections.close_all()


def post_worker_init(worker):
    # In the worker, before its first request: its own database connection and one round of
    # the public pages (the first touch of what the master left), so that the first request is
    # like any later one. A database that is down is no reason to stop: the first request
    # connects again, as without this.
    if preload_app:
        from integration_portal.aufwaermen import worker_aufwaermen

        worker_aufwaermen()


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
