"""What anonymous clients can make the worker render (issue 12, point 4; issue 15).

Every new Stichtag is a rendering of its own. Anonymous clients get today's state and the
closed Berichtsrunden's Stichtage; any other day needs a login (partner, Bürgerschaft, Büro).
Beyond that an anonymous client may enqueue only BERICHT_ANONYM_NEU new renderings per window;
a report already stored or already waiting never counts. No request renders itself.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from berichte.models import Berichtsdatei
from berichte.tasks import bericht_erstellen

GESAMT = reverse("measures:bericht-gesamt")
FREIER_TAG = "2025-03-17"  # no Berichtsrunde has it


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


def test_anonymous_gets_today_and_the_closed_rounds_stichtage(client, s, gerendert, holen):
    heute = timezone.localdate().isoformat()
    for stichtag in [heute, "2024-12-31", "2025-06-30"]:
        erste, danach = holen(GESAMT, {"stichtag": stichtag})
        assert (erste.status_code, danach.status_code) == (202, 200)
    assert holen(GESAMT, {"berichtsrunde": s.runde_2025.pk})[1].status_code == 200
    assert [b.stichtag for b in gerendert] == [
        timezone.localdate(),
        date(2024, 12, 31),
        date(2025, 6, 30),
        date(2025, 6, 30),
    ]
    # Today's date and no date are one report: one rendering for both.
    assert client.get(GESAMT).status_code == 200
    assert len(gerendert) == 4
    assert Berichtsdatei.objects.count() == 4


@pytest.mark.parametrize("wer", ["partner_a", "kollegin_a", "partner_b", "buergerschaft", "buero"])
def test_logged_in_users_choose_any_stichtag(client, s, personen, gerendert, holen, wer):
    client.force_login(getattr(personen, wer))
    erste, antwort = holen(GESAMT, {"stichtag": FREIER_TAG})
    assert erste.status_code == 202
    assert antwort.status_code == 200
    assert [b.stichtag for b in gerendert] == [date(2025, 3, 17)]


def test_report_page_offers_the_stichtag_form_only_after_login(client, s, personen):
    anonym = client.get(reverse("measures:berichte")).content.decode()
    assert 'name="stichtag"' not in anonym
    assert "angemeldeten Nutzerinnen und Nutzern" in anonym
    client.force_login(personen.partner_a)
    assert 'name="stichtag"' in client.get(reverse("measures:berichte")).content.decode()


def test_anonymous_client_may_enqueue_only_a_few_new_renderings(
    client, s, personen, gerendert, holen, settings
):
    """Many Akteure × closed rounds are public: an anonymous client gets a few new ones."""
    settings.BERICHT_ANONYM_NEU = 2
    anfragen = [
        (reverse("measures:bericht-akteur", kwargs={"slug": akteur.slug}), runde.pk)
        for akteur in (s.amt_a, s.verein_b)
        for runde in (s.runde_2024, s.runde_2025)
    ]

    def laden(i, ip="198.51.100.7"):
        url, runde = anfragen[i]
        return holen(url, {"berichtsrunde": runde}, REMOTE_ADDR=ip)

    assert laden(0)[1].status_code == 200
    # Enqueued, and asked again while it waits: counts once.
    url, runde = anfragen[1]
    assert client.get(url, {"berichtsrunde": runde}, REMOTE_ADDR="198.51.100.7").status_code == 202
    assert laden(1)[1].status_code == 202
    wartend = Berichtsdatei.objects.get(status="wartet")
    bericht_erstellen.call(wartend.pk)  # the worker
    assert laden(1)[0].status_code == 200
    zu_viel, _danach = laden(2)
    assert zu_viel.status_code == 429
    assert "Zu viele neue Berichte" in zu_viel.content.decode()
    assert 0 < int(zu_viel["Retry-After"]) <= settings.BERICHT_ANONYM_FENSTER
    assert len(gerendert) == 2
    assert Berichtsdatei.objects.count() == 2  # the refused one is not enqueued
    # What is already stored still comes, to this client too …
    assert laden(0)[0].status_code == 200
    # … another client is not held back …
    assert laden(2, ip="203.0.113.9")[1].status_code == 200
    # … nor is a logged-in partner at the first client's address.
    client.force_login(personen.partner_a)
    assert laden(3)[1].status_code == 200
    assert len(gerendert) == 4


def test_many_anonymous_requests_for_fresh_reports_render_nothing_in_the_request(
    client, s, gerendert, django_capture_on_commit_callbacks
):
    """The security issue of issue 15: requests only enqueue; the worker renders later."""
    with django_capture_on_commit_callbacks() as aufgaben:
        for runde in (s.runde_2024, s.runde_2025):
            for nummer in ("5.2", "5.3"):
                url = reverse("measures:bericht-handlungsfeld", kwargs={"nummer": nummer})
                assert client.get(url, {"berichtsrunde": runde.pk}).status_code == 202
    assert gerendert == []
    assert len(aufgaben) == 4
