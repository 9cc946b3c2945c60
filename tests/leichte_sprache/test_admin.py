"""The summaries in the Büro's admin: who reaches them, the coverage line, setting the review."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from leichte_sprache.abdeckung import abdeckung, abdeckung_text
from leichte_sprache.models import Zusammenfassung
from measures.roles import BUERO, rollen_einrichten
from tests.konten.formular import formulardaten
from tests.leichte_sprache.szenario import plan_anlegen, zusammenfassung

pytestmark = pytest.mark.django_db

LISTE = reverse("admin:leichte_sprache_zusammenfassung_changelist")
NEU = reverse("admin:leichte_sprache_zusammenfassung_add")


def _seite(z):
    return reverse("admin:leichte_sprache_zusammenfassung_change", args=[z.pk])


@pytest.fixture
def plan(personen):
    plan = plan_anlegen()
    plan.z_52 = zusammenfassung(plan.hf_52)
    plan.z_53 = zusammenfassung(plan.hf_53)
    return plan


@pytest.fixture
def buero(client, personen):
    client.force_login(personen.buero)
    return client


def _speichern(client, z, **felder):
    daten = formulardaten(client.get(_seite(z)).content.decode())
    daten.update({name: [wert] for name, wert in felder.items()})
    return client.post(_seite(z), daten)


@pytest.mark.parametrize("wer", [None, "partner_a", "partner_b", "buergerschaft"])
def test_only_staff_reach_the_admin(client, plan, personen, wer):
    if wer:
        client.force_login(getattr(personen, wer))
    for url in (LISTE, NEU, _seite(plan.z_52)):
        antwort = client.get(url)
        assert antwort.status_code == 302
        assert antwort["Location"].startswith(reverse("admin:login"))
    antwort = client.post(_seite(plan.z_52), {"was_getan_wird": "Gehackt."})
    assert antwort.status_code == 302
    plan.z_52.refresh_from_db()
    assert plan.z_52.was_getan_wird == "Das Jobcenter berät."


def test_staff_without_the_buero_group_see_nothing(client, plan, django_user_model):
    nur_staff = django_user_model.objects.create_user("nur_staff", password="x", is_staff=True)
    client.force_login(nur_staff)
    assert client.get(LISTE).status_code == 403


def test_the_buero_group_may_add_change_and_view_but_not_delete():
    rollen_einrichten()
    rechte = set(
        Group.objects.get(name=BUERO)
        .permissions.filter(content_type__app_label="leichte_sprache")
        .values_list("codename", flat=True)
    )
    assert rechte == {"add_zusammenfassung", "change_zusammenfassung", "view_zusammenfassung"}


def test_the_coverage_line_counts_the_current_konzept(buero, plan):
    # 3 Handlungsfelder with goals (5.2, 5.3, 5.4.1), one without (5.4): 2 summaries, none reviewed.
    html = buero.get(LISTE).content.decode()
    assert "0 von 3 Zusammenfassungen geprüft · 1 Handlungsfeld ohne Zusammenfassung" in html
    Zusammenfassung.objects.filter(pk=plan.z_53.pk).update(
        geprueft_am=date(2026, 11, 30), geprueft_von="Prüfgruppe"
    )
    zusammenfassung(plan.hf_541)
    html = buero.get(LISTE).content.decode()
    assert "1 von 3 Zusammenfassungen geprüft</strong>" in html
    assert "ohne Zusammenfassung" not in html


def test_the_coverage_text_in_singular_and_with_what_is_missing():
    assert abdeckung_text({"alle": 1, "vorhanden": 1, "geprueft": 1}) == (
        "1 von 1 Zusammenfassung geprüft"
    )
    assert abdeckung_text({"alle": 19, "vorhanden": 17, "geprueft": 7}) == (
        "7 von 19 Zusammenfassungen geprüft · 2 Handlungsfelder ohne Zusammenfassung"
    )


def test_the_coverage_is_one_query(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert abdeckung() == {"alle": 3, "vorhanden": 2, "geprueft": 0}


def test_the_list_shows_status_and_filters_by_it(buero, plan):
    Zusammenfassung.objects.filter(pk=plan.z_53.pk).update(
        geprueft_am=date(2026, 11, 30), geprueft_von="Prüfgruppe Rostock"
    )
    html = buero.get(LISTE).content.decode()
    assert "Entwurf – noch nicht von einer Prüfgruppe geprüft" in html
    assert "Prüfgruppe Rostock" in html
    entwuerfe = buero.get(LISTE, {"status": "entwurf"}).context["cl"].result_list
    assert list(entwuerfe) == [plan.z_52]
    geprueft = buero.get(LISTE, {"status": "geprueft"}).context["cl"].result_list
    assert list(geprueft) == [plan.z_53]
    assert buero.get(LISTE, {"status": "'; DROP TABLE x"}).status_code == 200


def test_setting_the_review_in_the_change_form(buero, plan):
    antwort = _speichern(buero, plan.z_52, geprueft_am="30.11.2026", geprueft_von="Prüfgruppe")
    assert antwort.status_code == 302
    plan.z_52.refresh_from_db()
    assert plan.z_52.geprueft_am == date(2026, 11, 30)
    assert plan.z_52.history.first().history_user.username == "buero"


@pytest.mark.parametrize(
    ("felder", "meldung"),
    [
        ({"geprueft_am": "30.11.2026", "geprueft_von": ""}, "Bitte nennen Sie die Prüfgruppe"),
        ({"geprueft_am": "", "geprueft_von": "Prüfgruppe"}, "wann der Text geprüft wurde"),
        ({"geprueft_am": "morgen", "geprueft_von": "Prüfgruppe"}, "gültiges Datum"),
        ({"was_getan_wird": "x" * 3001}, "höchstens 3000 Zeichen"),
    ],
)
def test_a_wrong_review_is_refused_in_german_and_nothing_changes(buero, plan, felder, meldung):
    antwort = _speichern(buero, plan.z_52, **felder)
    assert antwort.status_code == 200
    assert meldung in antwort.content.decode()
    plan.z_52.refresh_from_db()
    assert not plan.z_52.geprueft
    assert plan.z_52.was_getan_wird == "Das Jobcenter berät."


def test_a_review_in_the_future_is_refused(buero, plan):
    morgen = timezone.localdate() + timedelta(days=1)
    antwort = _speichern(
        buero, plan.z_52, geprueft_am=morgen.strftime("%d.%m.%Y"), geprueft_von="Prüfgruppe"
    )
    assert "darf nicht in der Zukunft liegen" in antwort.content.decode()
    plan.z_52.refresh_from_db()
    assert not plan.z_52.geprueft


def test_changing_a_reviewed_text_makes_it_a_draft_again(buero, plan):
    _speichern(buero, plan.z_52, geprueft_am="30.11.2026", geprueft_von="Prüfgruppe")
    antwort = _speichern(buero, plan.z_52, was_getan_wird="Die Job-Lotsen begleiten Sie.")
    assert antwort.status_code == 302
    plan.z_52.refresh_from_db()
    assert plan.z_52.was_getan_wird == "Die Job-Lotsen begleiten Sie."
    assert not plan.z_52.geprueft and plan.z_52.geprueft_von == ""
    meldungen = [str(m) for m in antwort.wsgi_request._messages]
    assert any("wieder ein Entwurf" in m for m in meldungen)
    # Text and a new review in one save: the new review stands.
    _speichern(
        buero,
        plan.z_52,
        was_getan_wird="Die Job-Lotsen helfen.",
        geprueft_am="01.12.2026",
        geprueft_von="Zweite Prüfgruppe",
    )
    plan.z_52.refresh_from_db()
    assert plan.z_52.geprueft_von == "Zweite Prüfgruppe"


def test_the_add_form_offers_only_current_handlungsfelder_with_goals_and_no_summary(buero, plan):
    form = buero.get(NEU).context["adminform"].form
    assert list(form.fields["handlungsfeld"].queryset) == [plan.hf_541]
    antwort = buero.post(
        NEU,
        {
            "handlungsfeld": plan.hf_52.pk,
            "was_die_stadt_will": "a.",
            "was_getan_wird": "b.",
            "wer_das_macht": "c.",
        },
    )
    assert antwort.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in antwort.content.decode()
    assert Zusammenfassung.objects.count() == 2


def test_the_history_shows_who_changed_what(buero, plan):
    _speichern(buero, plan.z_52, was_getan_wird="Die Job-Lotsen begleiten Sie.")
    url = reverse("admin:leichte_sprache_zusammenfassung_history", args=[plan.z_52.pk])
    html = buero.get(url).content.decode()
    assert "Die Job-Lotsen begleiten Sie." in html
    assert "buero" in html
