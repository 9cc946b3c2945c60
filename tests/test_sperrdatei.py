"""requirements.lock holds what pyproject.toml declares, each pinned with its hashes.

`make install` and CI install only from the lock (`pip install --require-hashes`), so a
dependency added to pyproject.toml without `make lock` would be missing on a fresh machine, and
one whose range no longer admits the locked version would run untested code paths.
"""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

WURZEL = Path(__file__).resolve().parents[1]


def _gesperrt():
    text = (WURZEL / "requirements.lock").read_text(encoding="utf-8")
    # One block a package: "name==version \" followed by its "--hash=sha256:…" lines.
    bloecke = re.findall(
        r"^([A-Za-z0-9._-]+)==(\S+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", text, re.M
    )
    return text, {canonicalize_name(name): version for name, version, _ in bloecke}


def _erklaert():
    projekt = tomllib.loads((WURZEL / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [
        Requirement(r) for r in projekt["dependencies"] + projekt["optional-dependencies"]["dev"]
    ]


def test_every_declared_dependency_is_locked_within_its_range():
    _, gesperrt = _gesperrt()
    fehler = []
    for anforderung in _erklaert():
        version = gesperrt.get(canonicalize_name(anforderung.name))
        if version is None:
            fehler.append(f"{anforderung.name}: fehlt in requirements.lock (make lock)")
        elif not anforderung.specifier.contains(version, prereleases=True):
            fehler.append(f"{anforderung.name}=={version} passt nicht zu {anforderung.specifier}")
    assert not fehler, "\n".join(fehler)


def test_every_locked_package_carries_hashes():
    text, gesperrt = _gesperrt()
    gepinnt = re.findall(r"^([A-Za-z0-9._-]+)==", text, re.M)
    assert len(gepinnt) == len(gesperrt) > 30
