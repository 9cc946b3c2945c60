"""`make bench`: prints the speed and memory figures of the portal (never asserted in tests).

``python -m tests.bench [pages] [monitoring] [reports] [versand]`` runs the named benchmarks
(all without names), each in a process of its own: the 100,000 Messwerte of the monitoring
benchmark would otherwise still weigh on the process that then renders the PDF reports.
"""

import os
import subprocess
import sys

BENCHMARKS = ("pages", "monitoring", "reports", "versand", "rundenformular", "start", "datei")
# Issue 17: the site-wide search over the whole concept (tests/bench/suche.py).
BENCHMARKS += ("suche",)


def run_one(name):
    import importlib

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")
    django.setup()
    importlib.import_module(f"tests.bench.{name}").run()


def main(names):
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        sys.exit(f"Unbekannter Benchmark: {', '.join(sorted(unknown))} (möglich: {BENCHMARKS})")
    if len(names) == 1:
        run_one(names[0])
        return
    for name in names or BENCHMARKS:
        subprocess.run([sys.executable, "-m", "tests.bench", name], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
