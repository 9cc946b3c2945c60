"""A collected report as an accessible PDF (PDF/UA-1), made by WeasyPrint from HTML and print CSS.

WeasyPrint's security notes warn that a document can make it fetch any URL or file and can take
a long time and much memory. So:

- ``NurLokal`` serves only ``data:`` URIs and files in ``berichte/static/css`` (the style
  sheet); every other URL, remote or local, is refused and nothing leaves the machine;
- rendering runs in the task worker (berichte/tasks.py), never in a web request, and there in
  a forked child process with an address-space limit (``BERICHT_SPEICHER_MB``) and a
  wall-clock limit (``BERICHT_ZEITLIMIT``): a runaway report is killed and becomes a failed
  Berichtsdatei, the worker lives on (``BERICHT_ISOLIERT = False`` renders in-process instead);
- the child never outlives its parent: the kernel kills it when the parent dies, however
  (``PR_SET_PDEATHSIG``; the worker being stopped with SIGTERM or SIGKILL), and the parent
  kills it when it stops waiting for any reason (time limit, an exception, SystemExit).
"""

import ctypes
import functools
import gc
import logging
import mimetypes
import multiprocessing
import os
import resource
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint (with pydyf, fontTools, Pillow) and pikepdf are imported where a PDF is made, not
# here: berichte.tasks imports this module, and so does every web process that enqueues a report
# (berichte/ablage.py); importing them costs a third of a second, paid by the task worker only.
# WeasyPrint reports every step (already while importing) at INFO; that would drown the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

logger = logging.getLogger(__name__)

STIL_WURZEL = (Path(__file__).parent / "static").resolve()
ERLAUBTE_ORDNER = (STIL_WURZEL / "css",)
PDF_OPTIONEN = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "optimize_images": False}


class BerichtAbgebrochen(RuntimeError):
    """Rendering exceeded its time or memory limit, or failed in the child process."""


@functools.cache
def _nur_lokal_klasse():
    # A subclass of WeasyPrint's URLFetcher, so defined on first use (see the imports above).
    from weasyprint import URLFetcher
    from weasyprint.urls import URLFetcherResponse

    class NurLokal(URLFetcher):
        """A url_fetcher for WeasyPrint: never the network, no file outside static/css."""

        def fetch(self, url, headers=None):
            schema = url.split(":", 1)[0].lower()
            if schema == "data":
                return super().fetch(url, headers)
            if schema == "file":
                pfad = Path(unquote(urlparse(url).path)).resolve()
                if pfad.is_file() and any(pfad.is_relative_to(o) for o in ERLAUBTE_ORDNER):
                    typ = mimetypes.guess_type(pfad.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        url, body=pfad.read_bytes(), headers={"Content-Type": typ}
                    )
            raise ValueError(f"Der Bericht lädt keine Ressource von {url}")

    NurLokal.__module__ = __name__
    return NurLokal


def __getattr__(name):
    # ``from berichte.render import NurLokal`` still works: the class is made when first asked for.
    if name == "NurLokal":
        return _nur_lokal_klasse()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class Ergebnis:
    pdf: bytes
    seiten: int
    sekunden: float
    speicher_kb: int  # peak resident memory of the rendering process
    zuwachs_kb: int  # how much of it the rendering added
    # CPU seconds of the rendering: on a shared machine the wall-clock ``sekunden`` also count
    # the waiting for a core.
    rechenzeit: float = 0.0


def html_erzeugen(bericht):
    """The report's HTML, always in German (document language ``de``)."""
    with translation.override("de"):
        return render_to_string("berichte/bericht.html", {"bericht": bericht})


def _rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def _vm_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def _seltener_aufraeumen():
    """Python's cycle collector less often while WeasyPrint builds its hundred thousand boxes.

    With the default thresholds it runs thousands of times during a Gesamtbericht and walks
    every object of the process (Django included) each full pass: about 15 % of the time.
    Freezing moves the objects that exist before rendering out of its sight; the higher
    threshold lets it run rarely. Both are undone afterwards (a no-op in the forked child).
    """
    schwellen = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*schwellen)
        gc.unfreeze()


def _rendern(html):
    # Imported here (see the imports above), before the clock and the memory count start.
    from weasyprint import HTML

    from berichte.pdfua import nachbearbeiten  # pikepdf

    start, cpu_start = time.perf_counter(), time.process_time()
    rss_vorher = _rss_kb()
    with _seltener_aufraeumen():
        dokument = HTML(
            string=html, base_url=STIL_WURZEL.as_uri() + "/", url_fetcher=_nur_lokal_klasse()()
        ).render(**PDF_OPTIONEN)
        pdf = nachbearbeiten(dokument.write_pdf(**PDF_OPTIONEN))
    spitze = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return Ergebnis(
        pdf=pdf,
        seiten=len(dokument.pages),
        sekunden=time.perf_counter() - start,
        speicher_kb=spitze,
        zuwachs_kb=max(0, spitze - rss_vorher),
        rechenzeit=time.process_time() - cpu_start,
    )


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _an_eltern_binden(eltern):
    """In the child: die with the parent (pid ``eltern``), whatever ends the parent.

    The parent may already be gone between fork and prctl; then the child has a new parent
    and ends at once. Signal handlers inherited from the parent (gunicorn's graceful SIGTERM)
    are reset, so SIGTERM ends the child too.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's kill on exit still holds
        pass
    if os.getppid() != eltern:
        os._exit(1)


def kind_starten(ziel, *args):
    """Fork a child that runs ``ziel(*args)`` bound to this process (``_an_eltern_binden``)."""
    kontext = multiprocessing.get_context("fork")
    kind = kontext.Process(target=_gebunden, args=(os.getpid(), ziel, args), daemon=True)
    kind.start()
    return kind


def _gebunden(eltern, ziel, args):
    _an_eltern_binden(eltern)
    ziel(*args)


def _im_kind(verbindung, html, speicher_bytes):
    obergrenze = resource.getrlimit(resource.RLIMIT_AS)
    # Pages are what visitors wait for: a rendering takes the CPU only when they leave it free.
    os.nice(settings.BERICHT_NICE)
    try:
        if speicher_bytes:
            # Room for what the process already maps plus the budget; more fails with MemoryError.
            grenze = _vm_bytes() + speicher_bytes
            resource.setrlimit(resource.RLIMIT_AS, (grenze, obergrenze[1]))
        verbindung.send(("ok", _rendern(html)))
    except BaseException as fehler:  # noqa: BLE001 - everything must reach the parent
        # Lift the limit again, or reporting a MemoryError would itself run out of memory.
        resource.setrlimit(resource.RLIMIT_AS, obergrenze)
        verbindung.send(("fehler", f"{type(fehler).__name__}: {fehler}"))
    finally:
        verbindung.close()


def aufwaermen():
    """Do once in the parent what every forked child would otherwise repeat on its first report.

    Loading the fonts and the style sheet machinery, and the first PDF output (font subsetting,
    PDF/UA metadata), cost about a tenth of a second per process.
    """
    if not getattr(aufwaermen, "erledigt", False):
        _rendern(
            '<html lang="de"><head><title>-</title><link rel="stylesheet" href="css/report.css">'
            "</head><body><h2>Fortschritt</h2><table><caption>Ü</caption><thead><tr>"
            '<th scope="col">Nr.</th></tr></thead><tbody><tr><td><strong>ä</strong> '
            '<span class="leise">ö</span></td></tr></tbody></table></body></html>'
        )
        aufwaermen.erledigt = True


def pdf_aus_html(html, *, isoliert=None, zeitlimit=None, speicher_mb=None):
    """Render ``html`` to PDF/UA-1 bytes within the configured time and memory limits."""
    isoliert = getattr(settings, "BERICHT_ISOLIERT", True) if isoliert is None else isoliert
    if not isoliert:
        return _rendern(html)
    zeitlimit = zeitlimit or settings.BERICHT_ZEITLIMIT
    speicher_mb = speicher_mb or getattr(settings, "BERICHT_SPEICHER_MB", 1024)
    aufwaermen()
    empfaenger, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    kind = kind_starten(_im_kind, sender, html, speicher_mb * 1024 * 1024)
    sender.close()
    try:
        if not empfaenger.poll(zeitlimit):
            raise BerichtAbgebrochen(f"Bericht nach {zeitlimit} s abgebrochen")
        try:
            art, daten = empfaenger.recv()
        except EOFError as fehler:
            raise BerichtAbgebrochen(
                "Der Prozess, der den Bericht erzeugt, ist beendet"
            ) from fehler
    except BaseException:
        # Time limit, or the worker is being stopped (SystemExit, KeyboardInterrupt): the
        # rendering must not run on without anyone waiting for it.
        kind.kill()
        raise
    finally:
        empfaenger.close()
        kind.join(5)
        if kind.is_alive():
            kind.kill()
            kind.join()
    if art != "ok":
        raise BerichtAbgebrochen(daten)
    return daten


def pdf_erzeugen(bericht, **grenzen):
    ergebnis = pdf_aus_html(html_erzeugen(bericht), **grenzen)
    logger.info(
        "Bericht %s: %d Seiten in %.2f s, %d KiB Spitze",
        bericht.dateiname,
        ergebnis.seiten,
        ergebnis.sekunden,
        ergebnis.speicher_kb,
    )
    return ergebnis
