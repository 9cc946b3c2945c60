"""The cache: shared through Redis when REDIS_URL is set, so every process sees the same
entries (report caching, API throttling); each process's own memory otherwise."""

import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_laeuft():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def in_eigenem_prozess(code, **umgebung):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="integration_portal.settings", **umgebung)
    programm = f"import django; django.setup()\nfrom django.core.cache import cache, caches\n{code}"
    return subprocess.run(
        [sys.executable, "-c", programm],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def test_without_redis_url_each_process_has_its_own_memory_cache():
    backend = in_eigenem_prozess("print(type(caches['default']).__name__)")
    assert backend == "LocMemCache"


@pytest.mark.skipif(not redis_laeuft(), reason="kein Redis auf 127.0.0.1:6379")
def test_with_redis_url_two_processes_share_one_cache():
    schluessel, wert = f"test-{uuid.uuid4().hex}", uuid.uuid4().hex
    umgebung = {"REDIS_URL": REDIS, "CACHE_KEY_PREFIX": "test-betrieb"}
    assert in_eigenem_prozess("print(type(caches['default']).__name__)", **umgebung) == "RedisCache"
    in_eigenem_prozess(f"cache.set({schluessel!r}, {wert!r}, 30)", **umgebung)
    gelesen = in_eigenem_prozess(
        f"print(cache.get({schluessel!r})); cache.delete({schluessel!r})", **umgebung
    )
    assert gelesen == wert
