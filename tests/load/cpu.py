"""CPU seconds of the load test's own parts, so that a run says who used the two cores.

The generator (this process: its threads) from ``resource.getrusage``; gunicorn and PostgreSQL
from ``/proc`` as the sum over a master and its live children. A child that ended meanwhile
(a worker recycled by ``max_requests``, a PostgreSQL backend whose connection closed) is not
lost: its master reaped it, so its time is in the master's ``cutime``/``cstime``. The difference
of two readings is therefore the CPU the tree used in between. Linux only; elsewhere 0.
"""

import os
import resource
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def generator_sekunden():
    """User + system CPU seconds of this process (all its threads) so far."""
    nutzung = resource.getrusage(resource.RUSAGE_SELF)
    return nutzung.ru_utime + nutzung.ru_stime


def _stat(pid):
    """``(ppid, own ticks, reaped children's ticks)`` of ``pid``, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may contain spaces: the fields after it follow its ")".
    felder = text[text.rindex(")") + 2 :].split()
    ppid = int(felder[1])
    utime, stime, cutime, cstime = (int(x) for x in felder[11:15])
    return ppid, utime + stime, cutime + cstime


def _kinder():
    """{ppid: [pid, …]} of all processes now."""
    kinder = {}
    for eintrag in Path("/proc").iterdir():
        if eintrag.name.isdigit():
            stat = _stat(int(eintrag.name))
            if stat:
                kinder.setdefault(stat[0], []).append(int(eintrag.name))
    return kinder


def baum_sekunden(master_pids):
    """CPU seconds used so far by each master in ``master_pids`` and all its descendants."""
    kinder = _kinder()
    ticks = 0
    for master in master_pids:
        stat = _stat(master)
        if stat is None:
            continue
        ticks += stat[1] + stat[2]
        offen = list(kinder.get(master, []))
        while offen:
            pid = offen.pop()
            kind = _stat(pid)
            if kind:
                # A descendant's own time only: what it reaped is already in its cutime,
                # and its live children are visited themselves.
                ticks += kind[1] + kind[2]
                offen.extend(kinder.get(pid, []))
    return ticks / TICK


def postgres_master(datenverzeichnis):
    """The postmaster's pid from ``postmaster.pid`` (first line), or None."""
    try:
        return int(Path(datenverzeichnis, "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
