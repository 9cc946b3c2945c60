"""No lost updates: when two people edit the same Maßnahme, the later save is refused with what
the other person changed, and the first change survives (in the change form, in the list, and
in the database itself when two processes save at the same moment)."""

import threading

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.urls import reverse

from measures import locking
from measures.choices import Ampel, Status
from measures.models import Massnahme
from measures.roles import BUERO
from tests import builders as b
from tests.measures.admin_daten import LISTE, listen_post, plan_anlegen

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def kollege(personen):
    """A second member of the Büro, editing at the same time as ``personen.buero``."""
    user = User.objects.create_user("kollege", "kollege@example.org", "geheim-12345", is_staff=True)
    user.groups.add(Group.objects.get(name=BUERO))
    return user


def _formulardaten(massnahme, **aenderungen):
    daten = {
        "teilziel": massnahme.teilziel_id,
        "kennung": massnahme.kennung,
        "text": massnahme.text,
        "status": massnahme.status,
        "ampel": massnahme.ampel,
        "fortschritt": str(massnahme.fortschritt),
        "beginn": "",
        "zieldatum": massnahme.zieldatum.strftime("%d.%m.%Y") if massnahme.zieldatum else "",
        "interne_notiz": massnahme.interne_notiz,
        "basis_version": str(massnahme.version),
        "zustaendigkeiten-TOTAL_FORMS": "0",
        "zustaendigkeiten-INITIAL_FORMS": "0",
        "zustaendigkeiten-MIN_NUM_FORMS": "0",
        "zustaendigkeiten-MAX_NUM_FORMS": "1000",
        "meilensteine-TOTAL_FORMS": "0",
        "meilensteine-INITIAL_FORMS": "0",
        "meilensteine-MIN_NUM_FORMS": "0",
        "meilensteine-MAX_NUM_FORMS": "1000",
    }
    daten.update(aenderungen)
    return daten


def test_second_save_in_change_form_is_refused_and_first_survives(
    client, admin_plan, personen, kollege
):
    m2 = admin_plan.m2
    url = reverse("admin:measures_massnahme_change", args=[m2.pk])
    # Both open the form while the Maßnahme is at version 1.
    client.force_login(personen.buero)
    assert 'name="basis_version" value="1"' in client.get(url).content.decode()
    gesehen = Massnahme.objects.get(pk=m2.pk)

    client.force_login(kollege)
    erste = client.post(url, _formulardaten(gesehen, status=Status.VERZOEGERT, ampel="gefaehrdet"))
    assert erste.status_code == 302

    client.force_login(personen.buero)
    zweite = client.post(url, _formulardaten(gesehen, fortschritt="90"))
    assert zweite.status_code == 200
    meldung = str(zweite.context["adminform"].form.non_field_errors())
    assert "nicht gespeichert" in meldung
    assert "kollege" in meldung
    assert "Status: in Umsetzung → verzögert" in meldung
    assert "Ampel: kritisch → gefährdet" in meldung

    m2.refresh_from_db()
    assert (m2.status, m2.ampel, m2.fortschritt, m2.version) == (
        Status.VERZOEGERT,
        Ampel.GEFAEHRDET,
        40,
        2,
    )
    assert m2.history.count() == 2


def test_save_based_on_current_version_after_reload_succeeds(client, admin_plan, personen):
    m2 = admin_plan.m2
    url = reverse("admin:measures_massnahme_change", args=[m2.pk])
    client.force_login(personen.buero)
    assert client.post(url, _formulardaten(m2, fortschritt="50")).status_code == 302
    m2.refresh_from_db()
    assert client.post(url, _formulardaten(m2, fortschritt="60")).status_code == 302
    m2.refresh_from_db()
    assert (m2.fortschritt, m2.version) == (60, 3)


def test_list_save_of_a_row_changed_meanwhile_is_refused(client, admin_plan, personen, kollege):
    client.force_login(personen.buero)
    seite = client.get(LISTE)
    # Meanwhile the colleague changes 4.1.2 / 1 b in its change form.
    m2 = admin_plan.m2
    client.force_login(kollege)
    url = reverse("admin:measures_massnahme_change", args=[m2.pk])
    assert client.post(url, _formulardaten(m2, fortschritt="70")).status_code == 302

    client.force_login(personen.buero)
    response = client.post(LISTE, listen_post(seite, {m2.pk: {"status": Status.UMGESETZT}}))
    assert response.status_code == 200
    fehler = str(response.context["cl"].formset.non_form_errors())
    assert "4.1.2 / 1 b" in fehler
    assert "Fortschritt (%): 40 → 70" in response.content.decode()
    m2.refresh_from_db()
    assert (m2.status, m2.fortschritt) == (Status.IN_UMSETZUNG, 70)


def test_list_save_leaves_rows_changed_by_others_alone_when_untouched(
    client, admin_plan, personen, kollege
):
    client.force_login(personen.buero)
    seite = client.get(LISTE)
    m2, m3 = admin_plan.m2, admin_plan.m3
    client.force_login(kollege)
    url = reverse("admin:measures_massnahme_change", args=[m2.pk])
    assert client.post(url, _formulardaten(m2, fortschritt="70")).status_code == 302

    client.force_login(personen.buero)
    # The page still shows 40 % for 4.1.2 / 1 b; saving another row must not write it back.
    response = client.post(LISTE, listen_post(seite, {m3.pk: {"ampel": Ampel.IM_PLAN}}))
    assert response.status_code == 302
    m2.refresh_from_db()
    m3.refresh_from_db()
    assert m2.fortschritt == 70
    assert m3.ampel == Ampel.IM_PLAN


def test_service_refuses_a_stale_version_and_changes_nothing(admin_plan):
    # Two processes loaded the same row; the other one saved first.
    hier = Massnahme.objects.get(pk=admin_plan.m3.pk)
    dort = Massnahme.objects.get(pk=admin_plan.m3.pk)
    dort.status = Status.IN_PLANUNG
    locking.speichern(dort, dort.version)
    hier.status = Status.ZURUECKGESTELLT
    with pytest.raises(locking.VeralteteVersion):
        locking.speichern(hier, 1)
    admin_plan.m3.refresh_from_db()
    assert (admin_plan.m3.status, admin_plan.m3.version) == (Status.IN_PLANUNG, 2)
    aenderungen = locking.aenderungen_seit(admin_plan.m3, 1)
    assert [a.felder for a in aenderungen] == [[("Status", "nicht begonnen", "in Planung")]]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent connections need a server database"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_from_two_connections_let_exactly_one_win():
    m = b.plan_mit_massnahmen(1)[0]
    ergebnisse = []
    start = threading.Barrier(2)

    def speichern(status):
        from django.db import connections

        try:
            kopie = Massnahme.objects.get(pk=m.pk)
            kopie.status = status
            start.wait()
            locking.speichern(kopie, 1)
            ergebnisse.append(status)
        except locking.VeralteteVersion:
            ergebnisse.append("abgelehnt")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=speichern, args=(s,)) for s in (Status.UMGESETZT, Status.ENTFALLEN)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(ergebnisse, key=str).count("abgelehnt") == 1
    gewinner = next(e for e in ergebnisse if e != "abgelehnt")
    m.refresh_from_db()
    assert (m.status, m.version) == (gewinner, 2)
