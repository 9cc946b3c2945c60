"""No rendering process outlives the task worker that started it (issue 12, point 6; issue 15).

Reports render in the task worker (berichte/tasks.py), each in a forked child with a time and
memory limit (berichte/render.py). Real processes: a "worker" process renders a long report in
its forked child; the test kills the worker and looks for the child in /proc. And a runaway
report ends as a failed Berichtsdatei, the worker going on.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

# A worker that renders a long report; on SIGABRT it exits in the middle of it with SystemExit
# (as a worker stopped by its signal handler does).
WORKER = """
import signal, sys, django
django.setup()
signal.signal(signal.SIGABRT, lambda *a: sys.exit(1))
from berichte.render import aufwaermen, pdf_aus_html
aufwaermen()  # libraries and fonts loaded (ctypes may fork+exec ldconfig while loading)
print("bereit", flush=True)
zeilen = "".join(f"<tr><td>Zeile {i}</td><td>{'Text ' * 40}</td></tr>" for i in range(20000))
pdf_aus_html(f'<html lang="de"><body><table>{zeilen}</table></body></html>', zeitlimit=50)
print("fertig", flush=True)
"""


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def kinder(pid):
    """Forked children of ``pid`` (same command line; not e.g. ldconfig run by ctypes)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    eigene = _cmdline(pid)
    return [int(k) for k in text.split() if _cmdline(int(k)) == eigene]


def lebt(pid):
    """True while the process exists and is not a zombie (a zombie has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def worker_mit_renderkind():
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "integration_portal.settings"},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout.readline().strip() == "bereit"
    ende = time.monotonic() + 60
    while not kinder(worker.pid):
        assert worker.poll() is None, "der Worker endete, bevor er ein Kind startete"
        assert time.monotonic() < ende, "kein Render-Kind nach 60 s"
        time.sleep(0.02)
    [kind] = kinder(worker.pid)
    return worker, kind


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="braucht Linux (/proc)")
@pytest.mark.parametrize(
    "signal_",
    [signal.SIGKILL, signal.SIGTERM, signal.SIGABRT],
    ids=["kill -9", "SIGTERM", "SystemExit"],
)
def test_render_child_dies_with_its_worker(signal_):
    worker, kind = worker_mit_renderkind()
    try:
        assert lebt(kind)
        time.sleep(0.3)  # well inside the rendering
        assert lebt(kind), "der Bericht war schon fertig: den Test-Bericht verlängern"
        os.kill(worker.pid, signal_)
        worker.wait(timeout=10)
        ende = time.monotonic() + 5
        while lebt(kind) and time.monotonic() < ende:
            time.sleep(0.05)
        assert not lebt(kind), f"Render-Kind {kind} lebt 5 s nach dem Ende seines Workers"
    finally:
        if lebt(kind):
            os.kill(kind, signal.SIGKILL)
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def test_a_runaway_report_fails_within_its_limit_and_the_worker_goes_on(
    s, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from berichte import ablage
    from berichte.data import Berichtsauftrag
    from berichte.models import Berichtsdatei, DateiStatus
    from berichte.tasks import bericht_erstellen

    settings.BERICHT_ZEITLIMIT = 1
    zeilen = "".join(f"<tr><td>Zeile {i}</td><td>{'Text ' * 40}</td></tr>" for i in range(20000))
    monkeypatch.setattr(
        "berichte.render.html_erzeugen",
        lambda bericht: f'<html lang="de"><body><table>{zeilen}</table></body></html>',
    )
    datei = ablage.anfordern(Berichtsauftrag())
    start = time.monotonic()
    with pytest.raises(Exception, match="abgebrochen"):
        bericht_erstellen.call(datei.pk)
    assert time.monotonic() - start < 10
    datei.refresh_from_db()
    assert datei.status == DateiStatus.FEHLER
    assert datei.fehler == "Bericht nach 1 s abgebrochen"
    assert not datei.datei
    assert Berichtsdatei.objects.count() == 1


@pytest.fixture
def s(personen):
    from tests.berichte.bericht_szenario import szenario_anlegen

    return szenario_anlegen(personen)
