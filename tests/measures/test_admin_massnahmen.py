"""The Büro's Maßnahmen list: filters, search, editing in the list, bulk actions, history,
and a query count that does not grow with the number of measures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures.choices import Ampel, Status
from measures.models import Massnahme
from tests import builders as b
from tests.measures.admin_daten import LISTE, listen_post, plan_anlegen, referenzen

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def buero_client(client, personen):
    client.force_login(personen.buero)
    return client


def _liste(client, **params):
    response = client.get(LISTE, params)
    assert response.status_code == 200
    return referenzen(response)


def test_list_shows_every_measure_in_concept_order(buero_client, admin_plan):
    response = buero_client.get(LISTE)
    assert [m.referenz for m in response.context["cl"].result_list] == [
        "4.1.2 / 1 a",
        "4.1.2 / 1 b",
        "5.2 / 1 a",
        "5.2 / 2 a",
    ]
    inhalt = response.content.decode()
    assert "Sprachkurse für Neuzugewanderte ausbauen" in inhalt
    assert "Verein B" in inhalt  # federführend column


@pytest.mark.parametrize(
    ("params", "erwartet"),
    [
        ({"status": Status.IN_UMSETZUNG}, {"4.1.2 / 1 b"}),
        ({"ampel": Ampel.KRITISCH}, {"4.1.2 / 1 b"}),
        ({"ueberfaellig": "ja"}, {"4.1.2 / 1 b"}),
        ({"unveraendert": "ja"}, {"5.2 / 1 a"}),
        ({"federfuehrung": "ohne"}, {"5.2 / 1 a"}),
        ({"seite": "extern"}, {"4.1.2 / 1 b", "5.2 / 2 a"}),
        ({"seite": "intern"}, {"4.1.2 / 1 a", "5.2 / 2 a"}),
    ],
)
def test_filters_return_the_right_rows(buero_client, admin_plan, params, erwartet):
    assert _liste(buero_client, **params) == erwartet


def test_filter_by_kapitel_includes_subchapters(buero_client, admin_plan):
    assert _liste(buero_client, kapitel="4") == {"4.1.2 / 1 a", "4.1.2 / 1 b"}
    assert _liste(buero_client, kapitel="4.1") == {"4.1.2 / 1 a", "4.1.2 / 1 b"}
    assert _liste(buero_client, kapitel="5") == {"5.2 / 1 a", "5.2 / 2 a"}


def test_filter_by_handlungsfeld(buero_client, admin_plan):
    assert _liste(buero_client, handlungsfeld="5.2") == {"5.2 / 1 a", "5.2 / 2 a"}


def test_filter_by_akteur_lists_each_measure_once(buero_client, admin_plan, personen):
    response = buero_client.get(LISTE, {"akteur": personen.akteur_a.slug})
    gezeigt = [m.referenz for m in response.context["cl"].result_list]
    assert gezeigt == ["4.1.2 / 1 a", "5.2 / 2 a"]


def test_filters_combine(buero_client, admin_plan, personen):
    assert _liste(buero_client, akteur=personen.akteur_b.slug, ueberfaellig="ja") == {"4.1.2 / 1 b"}


@pytest.mark.parametrize(
    ("suche", "erwartet"),
    [
        ("Sprachkurse", {"4.1.2 / 1 b"}),
        ("verein b", {"4.1.2 / 1 b", "5.2 / 2 a"}),
        ("Amt A", {"4.1.2 / 1 a", "5.2 / 2 a"}),
        ("5.2 / 1 a", {"5.2 / 1 a"}),
        ("4.1.2-1b", {"4.1.2 / 1 b"}),
        # Issue 17: every spelling of the one parser (measures/referenzen.py), a whole field.
        ("5.2 1a", {"5.2 / 1 a"}),
        ("5.2", {"5.2 / 1 a", "5.2 / 2 a"}),
        ("gibt es nicht", set()),
    ],
)
def test_search_over_text_akteure_and_reference(buero_client, admin_plan, suche, erwartet):
    response = buero_client.get(LISTE, {"q": suche})
    gezeigt = [m.referenz for m in response.context["cl"].result_list]
    assert set(gezeigt) == erwartet
    assert len(gezeigt) == len(erwartet)  # no duplicates from several Akteure


def test_overdue_and_stale_definitions_live_on_the_queryset(admin_plan):
    assert list(Massnahme.objects.ueberfaellig()) == [admin_plan.m2]
    assert list(Massnahme.objects.unveraendert_seit()) == [admin_plan.m3]
    assert list(Massnahme.objects.ohne_federfuehrung()) == [admin_plan.m3]


def test_list_page_sends_the_shown_values_and_versions_along(buero_client, admin_plan):
    inhalt = buero_client.get(LISTE).content.decode()
    for i in range(4):
        assert f'name="form-{i}-basis_version" value="1"' in inhalt
        assert f'name="initial-form-{i}-status"' in inhalt
        assert f'name="initial-form-{i}-fortschritt"' in inhalt
    # The cells have no <label>; each field names itself for screen readers.
    assert 'aria-label="Ampel 4.1.2 / 1 b"' in inhalt


def test_list_editing_changes_rows_and_history(buero_client, admin_plan, personen):
    seite = buero_client.get(LISTE)
    m2, m3 = admin_plan.m2, admin_plan.m3
    daten = listen_post(
        seite,
        {
            m2.pk: {"status": Status.UMGESETZT, "fortschritt": 100},
            m3.pk: {"ampel": Ampel.GEFAEHRDET},
        },
    )
    response = buero_client.post(LISTE, daten)
    assert response.status_code == 302, response.context["cl"].formset.errors
    m2.refresh_from_db()
    m3.refresh_from_db()
    assert (m2.status, m2.fortschritt, m2.version) == (Status.UMGESETZT, 100, 2)
    assert (m3.ampel, m3.version) == (Ampel.GEFAEHRDET, 2)
    # Untouched rows are not saved (no new history record, same version).
    admin_plan.m1.refresh_from_db()
    assert admin_plan.m1.version == 1
    assert admin_plan.m1.history.count() == 1
    letzter = m2.history.first()
    assert letzter.history_user == personen.buero
    delta = letzter.diff_against(letzter.prev_record)
    assert {c.field for c in delta.changes} == {"status", "fortschritt"}
    historie = buero_client.get(reverse("admin:measures_massnahme_history", args=[m2.pk]))
    inhalt = historie.content.decode()
    assert "in Umsetzung" in inhalt and "umgesetzt" in inhalt
    assert "buero" in inhalt


def test_history_is_read_only(buero_client, admin_plan):
    record = admin_plan.m2.history.first()
    url = reverse("admin:measures_massnahme_simple_history", args=[admin_plan.m2.pk, record.pk])
    assert buero_client.get(url).status_code == 200
    assert buero_client.post(url, {"status": Status.ENTFALLEN}).status_code == 403


def test_list_editing_rejects_invalid_progress(buero_client, admin_plan):
    seite = buero_client.get(LISTE)
    daten = listen_post(seite, {admin_plan.m2.pk: {"fortschritt": 150}})
    response = buero_client.post(LISTE, daten)
    assert response.status_code == 200
    admin_plan.m2.refresh_from_db()
    assert admin_plan.m2.fortschritt == 40


def _aktion(client, aktion, massnahmen, **werte):
    daten = {
        "action": aktion,
        "_selected_action": [m.pk for m in massnahmen],
        "index": "0",
        "select_across": "0",
        **werte,
    }
    return client.post(LISTE, daten)


def test_bulk_action_sets_status_and_records_history(buero_client, admin_plan, personen):
    response = _aktion(
        buero_client, "status_setzen", [admin_plan.m1, admin_plan.m3], neuer_status="in_planung"
    )
    assert response.status_code == 302
    for m in (admin_plan.m1, admin_plan.m3):
        m.refresh_from_db()
        assert m.status == Status.IN_PLANUNG
        assert m.version == 2
        record = m.history.first()
        assert record.history_user == personen.buero
        assert "Sammelaktion" in record.history_change_reason
    admin_plan.m2.refresh_from_db()
    assert admin_plan.m2.status == Status.IN_UMSETZUNG  # not selected


def test_bulk_action_sets_ampel(buero_client, admin_plan):
    _aktion(buero_client, "ampel_setzen", [admin_plan.m2, admin_plan.m4], neue_ampel="gefaehrdet")
    assert set(Massnahme.objects.filter(ampel=Ampel.GEFAEHRDET).values_list("pk", flat=True)) == {
        admin_plan.m2.pk,
        admin_plan.m4.pk,
    }
    assert admin_plan.m2.history.count() == 2


def test_bulk_action_without_value_changes_nothing(buero_client, admin_plan):
    _aktion(buero_client, "status_setzen", [admin_plan.m1], neuer_status="")
    admin_plan.m1.refresh_from_db()
    assert admin_plan.m1.status == Status.UMGESETZT
    assert admin_plan.m1.history.count() == 1


def test_change_form_edits_status_and_zustaendigkeiten(buero_client, admin_plan, personen):
    m3 = admin_plan.m3
    url = reverse("admin:measures_massnahme_change", args=[m3.pk])
    seite = buero_client.get(url)
    assert seite.status_code == 200
    daten = {
        "teilziel": m3.teilziel_id,
        "kennung": m3.kennung,
        "text": m3.text,
        "status": Status.IN_PLANUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": "10",
        "beginn": "",
        "zieldatum": "01.01.2099",
        "interne_notiz": "",
        "basis_version": "1",
        "zustaendigkeiten-TOTAL_FORMS": "1",
        "zustaendigkeiten-INITIAL_FORMS": "0",
        "zustaendigkeiten-MIN_NUM_FORMS": "0",
        "zustaendigkeiten-MAX_NUM_FORMS": "1000",
        "meilensteine-TOTAL_FORMS": "0",
        "meilensteine-INITIAL_FORMS": "0",
        "meilensteine-MIN_NUM_FORMS": "0",
        "meilensteine-MAX_NUM_FORMS": "1000",
        "zustaendigkeiten-0-akteur": personen.akteur_a.pk,
        "zustaendigkeiten-0-seite": "",
        "zustaendigkeiten-0-federfuehrend": "on",
        "zustaendigkeiten-0-hinweis": "",
    }
    response = buero_client.post(url, daten)
    assert response.status_code == 302, response.context["adminform"].form.errors
    m3.refresh_from_db()
    assert (m3.status, m3.version) == (Status.IN_PLANUNG, 2)
    z = m3.zustaendigkeiten.get()
    assert (z.akteur, z.federfuehrend, z.seite) == (personen.akteur_a, True, "intern")
    assert z.history.count() == 1
    assert list(Massnahme.objects.ohne_federfuehrung()) == []


def test_akteur_autocomplete_for_the_inline(buero_client, admin_plan):
    response = buero_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Verein",
            "app_label": "measures",
            "model_name": "zustaendigkeit",
            "field_name": "akteur",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Verein B"]


def _anzahl_abfragen(client, **params):
    with CaptureQueriesContext(connection) as abfragen:
        response = client.get(LISTE, {"all": "", **params})
    assert response.status_code == 200
    return len(abfragen), len(response.context["cl"].result_list)


def test_list_query_count_does_not_grow_with_measures(buero_client, personen):
    akteure = [personen.akteur_a, personen.akteur_b]
    b.plan_mit_massnahmen(9, akteure)
    klein, zeilen_klein = _anzahl_abfragen(buero_client)
    b.plan_mit_massnahmen(81, akteure)
    gross, zeilen_gross = _anzahl_abfragen(buero_client)
    assert (zeilen_klein, zeilen_gross) == (9, 90)
    assert gross == klein
    assert klein <= 20


def test_filtered_list_query_count_does_not_grow(buero_client, personen):
    akteure = [personen.akteur_a, personen.akteur_b]
    b.plan_mit_massnahmen(9, akteure)
    klein, _ = _anzahl_abfragen(buero_client, akteur=personen.akteur_a.slug, q="Maßnahme")
    b.plan_mit_massnahmen(81, akteure)
    gross, _ = _anzahl_abfragen(buero_client, akteur=personen.akteur_a.slug, q="Maßnahme")
    assert gross == klein
