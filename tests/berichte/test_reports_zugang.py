"""What anonymous clients can make the server render (issue 12, point 4).

Every new Stichtag is a rendering of its own. Anonymous clients get today's state and the
closed Berichtsrunden's Stichtage; any other day needs a login (partner, Bürgerschaft, Büro).
Beyond that an anonymous client may cause only BERICHT_ANONYM_NEU new renderings per window,
and at most BERICHT_PARALLEL renderings run at once on the machine, whichever process asks.
"""

import subprocess
import sys
import time
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from berichte import cache as bericht_cache

GESAMT = reverse("measures:bericht-gesamt")
FREIER_TAG = "2025-03-17"  # no Berichtsrunde has it


@pytest.fixture
def eigene_plaetze(settings, tmp_path):
    settings.BERICHT_PLATZ_ORDNER = str(tmp_path / "plaetze")
    settings.BERICHT_WARTEZEIT = 0.2
    return tmp_path / "plaetze"


def test_anonymous_gets_no_report_for_a_freely_chosen_stichtag(client, s, gerendert):
    antwort = client.get(GESAMT, {"stichtag": FREIER_TAG})

    assert antwort.status_code == 403
    inhalt = antwort.content.decode()
    assert "nur nach Anmeldung" in inhalt
    assert "17. März 2025" in inhalt
    # It says what is public and where to log in.
    assert f"{GESAMT}?berichtsrunde={s.runde_2025.pk}" in inhalt
    assert reverse("login") + "?next=" in inhalt
    assert gerendert == []


@pytest.mark.parametrize("url_name", ["bericht-handlungsfeld", "bericht-akteur"])
def test_the_rule_holds_for_every_kind_of_report(client, s, gerendert, url_name):
    kwargs = {"nummer": "5.3"} if url_name == "bericht-handlungsfeld" else {"slug": s.amt_a.slug}
    url = reverse(f"measures:{url_name}", kwargs=kwargs)
    assert client.get(url, {"stichtag": FREIER_TAG}).status_code == 403
    assert gerendert == []


def test_anonymous_gets_today_and_the_closed_rounds_stichtage(client, s, gerendert):
    heute = timezone.localdate().isoformat()
    for stichtag in [heute, "2024-12-31", "2025-06-30"]:
        assert client.get(GESAMT, {"stichtag": stichtag}).status_code == 200
    assert client.get(GESAMT, {"berichtsrunde": s.runde_2025.pk}).status_code == 200
    assert [b.stichtag for b in gerendert] == [
        timezone.localdate(),
        date(2024, 12, 31),
        date(2025, 6, 30),
        date(2025, 6, 30),
    ]
    # Today's date and no date are one report: one rendering for both.
    assert client.get(GESAMT).status_code == 200
    assert len(gerendert) == 4


@pytest.mark.parametrize("wer", ["partner_a", "kollegin_a", "partner_b", "buergerschaft", "buero"])
def test_logged_in_users_choose_any_stichtag(client, s, personen, gerendert, wer):
    client.force_login(getattr(personen, wer))
    antwort = client.get(GESAMT, {"stichtag": FREIER_TAG})
    assert antwort.status_code == 200
    assert [b.stichtag for b in gerendert] == [date(2025, 3, 17)]


def test_report_page_offers_the_stichtag_form_only_after_login(client, s, personen):
    anonym = client.get(reverse("measures:berichte")).content.decode()
    assert 'name="stichtag"' not in anonym
    assert "angemeldeten Nutzerinnen und Nutzern" in anonym
    client.force_login(personen.partner_a)
    assert 'name="stichtag"' in client.get(reverse("measures:berichte")).content.decode()


def test_anonymous_client_may_cause_only_a_few_new_renderings(
    client, s, personen, gerendert, settings
):
    """Many Akteure × closed rounds are public: an anonymous client gets a few new ones."""
    settings.BERICHT_ANONYM_NEU = 2
    anfragen = [
        (reverse("measures:bericht-akteur", kwargs={"slug": akteur.slug}), runde.pk)
        for akteur in (s.amt_a, s.verein_b)
        for runde in (s.runde_2024, s.runde_2025)
    ]

    def holen(i, ip="198.51.100.7"):
        url, runde = anfragen[i]
        return client.get(url, {"berichtsrunde": runde}, REMOTE_ADDR=ip)

    assert holen(0).status_code == 200
    assert holen(1).status_code == 200
    zu_viel = holen(2)
    assert zu_viel.status_code == 429
    assert "Zu viele neue Berichte" in zu_viel.content.decode()
    assert 0 < int(zu_viel["Retry-After"]) <= settings.BERICHT_ANONYM_FENSTER
    assert len(gerendert) == 2
    # What is already rendered still comes, to this client too …
    assert holen(0).status_code == 200
    # … another client is not held back …
    assert holen(2, ip="203.0.113.9").status_code == 200
    # … nor is a logged-in partner at the first client's address.
    client.force_login(personen.partner_a)
    assert holen(3).status_code == 200
    assert len(gerendert) == 4


def test_the_window_ends(client, s, gerendert, settings, monkeypatch):
    settings.BERICHT_ANONYM_NEU = 1
    handlungsfeld = reverse("measures:bericht-handlungsfeld", kwargs={"nummer": "5.3"})
    assert client.get(GESAMT, {"berichtsrunde": s.runde_2024.pk}).status_code == 200
    assert client.get(handlungsfeld, {"berichtsrunde": s.runde_2024.pk}).status_code == 429
    echt = bericht_cache._jetzt
    monkeypatch.setattr(bericht_cache, "_jetzt", lambda: echt() + settings.BERICHT_ANONYM_FENSTER)
    # The locmem cache times out on its own clock; the window's end is in the value as well.
    assert client.get(handlungsfeld, {"berichtsrunde": s.runde_2024.pk}).status_code == 200


HALTER = """
import sys, time, django
django.setup()
from berichte.cache import _plaetze
with _plaetze.belegen(5) as belegt:
    print("belegt" if belegt else "frei", flush=True)
    time.sleep(60)
"""


def test_one_rendering_at_a_time_across_processes(client, s, gerendert, eigene_plaetze):
    """Another worker process renders: this one does not start a second rendering."""
    halter = subprocess.Popen(
        [sys.executable, "-c", HALTER],
        cwd=django_settings.BASE_DIR,
        env={
            "DJANGO_SETTINGS_MODULE": "integration_portal.settings",
            "BERICHT_PLATZ_ORDNER": str(eigene_plaetze),
            "BERICHT_PARALLEL": "1",
            "PATH": "/usr/bin:/bin",
        },
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert halter.stdout.readline().strip() == "belegt"
        start = time.monotonic()
        antwort = client.get(GESAMT)
        assert antwort.status_code == 503
        assert time.monotonic() - start < 3
        assert gerendert == []
    finally:
        halter.kill()
        halter.wait()
    # The slot died with its process: the next request renders.
    assert client.get(GESAMT).status_code == 200
    assert len(gerendert) == 1
