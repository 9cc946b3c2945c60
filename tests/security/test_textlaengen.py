"""Every free text has a maximum length that form, admin, API and services enforce (issue 12/5).

A 10 MB Sachstand was accepted (201), and one of 1 MB made the Handlungsfeld-Bericht take 46 s.
"""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from concept import textlaengen
from concept.models import (
    BestPracticeBeispiel,
    Handlungsfeld,
    Kapitel,
    Konzept,
    Leitziel,
    Teilziel,
)
from measures import sachstaende
from measures.choices import Ampel, Pruefstatus, Status
from measures.models import Massnahme, Sachstand
from monitoring.models import Dimension, Indikator
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

pytestmark = pytest.mark.django_db

ZU_LANG = "x" * (textlaengen.SACHSTAND + 1)


def _eingabe(**abweichend):
    return {
        "datum": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": "30",
        "text": "Die Kurse laufen.",
        **abweichend,
    }


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


def _freie_textfelder():
    for app in ("concept", "measures", "monitoring"):
        for model in apps.get_app_config(app).get_models():
            for feld in model._meta.get_fields():
                # simple-history's change reason comes from code or from the admin's
                # bounded "Grund der Änderung" (concept.admin.WortlautForm).
                if isinstance(feld, models.TextField) and feld.name != "history_change_reason":
                    yield f"{model._meta.label}.{feld.name}", feld


@pytest.mark.parametrize("name,feld", list(_freie_textfelder()), ids=lambda x: str(x))
def test_every_free_text_field_has_an_enforced_maximum(name, feld):
    assert feld.max_length, name
    assert any(
        isinstance(v, MaxLengthValidator) and v.limit_value == feld.max_length
        for v in feld.validators
    ), name


def test_the_adopted_concept_fits_within_the_limits():
    call_command("load_konzept", stdout=StringIO())
    for model in (
        Konzept,
        Kapitel,
        Handlungsfeld,
        Leitziel,
        Teilziel,
        BestPracticeBeispiel,
        Massnahme,
    ):
        for obj in model.objects.all():
            obj.full_clean(validate_unique=False, validate_constraints=False)
    assert Handlungsfeld.objects.count() > 19
    call_command("load_monitoring", stdout=StringIO(), stderr=StringIO())
    for model in (Indikator, Dimension):
        for obj in model.objects.all():
            obj.full_clean(validate_unique=False, validate_constraints=False)
    assert Indikator.objects.exists()


def test_the_service_refuses_an_overlong_sachstand(personen, plan):
    with pytest.raises(ValidationError) as fehler:
        sachstaende.einreichen(
            personen.partner_a,
            plan.a,
            datum=timezone.localdate(),
            status=Status.IN_UMSETZUNG,
            ampel=Ampel.IM_PLAN,
            fortschritt=30,
            text=ZU_LANG,
        )
    assert "text" in fehler.value.message_dict
    assert not Sachstand.objects.exists()


def test_the_partner_form_refuses_an_overlong_sachstand(client, personen, plan):
    client.force_login(personen.partner_a)
    url = reverse("measures:sachstand-neu", kwargs={"kennung": "5.2-1a"})
    response = client.post(url, _eingabe(text=ZU_LANG))
    assert response.status_code == 200
    meldung = response.context["form"].errors["text"][0]
    assert "höchstens 10000 Zeichen" in meldung
    assert not Sachstand.objects.exists()


def test_correcting_cannot_make_a_sachstand_overlong(client, personen, plan):
    wartet = b.sachstand(plan.a, personen.akteur_a, personen.partner_a, text="kurz")
    client.force_login(personen.partner_a)
    url = reverse("measures:sachstand-bearbeiten", kwargs={"pk": wartet.pk})
    assert client.post(url, _eingabe(text=ZU_LANG)).status_code == 200
    wartet.refresh_from_db()
    assert wartet.text == "kurz"


def test_the_api_refuses_an_overlong_sachstand_with_a_field_error(client, personen, plan):
    client.force_login(personen.partner_a)
    daten = {
        "massnahme": "5.2-1a",
        "datum": _eingabe()["datum"],
        "status": "in_umsetzung",
        "ampel": "im_plan",
        "fortschritt": 30,
        "text": ZU_LANG,
    }
    response = client.post("/api/v1/sachstaende/", daten, content_type="application/json")
    assert response.status_code == 400
    assert "10000 Zeichen" in response.json()["felder"]["text"][0]
    assert not Sachstand.objects.exists()


def test_the_api_refuses_a_10_mb_body_quickly_and_stores_nothing(client, personen, plan):
    client.force_login(personen.partner_a)
    riesig = json.dumps({"massnahme": "5.2-1a", "text": "x" * 10_000_000})
    response = client.post("/api/v1/sachstaende/", riesig, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "zu_gross"
    assert "zu groß" in response.json()["meldung"]
    assert not Sachstand.objects.exists()


def test_a_10_mb_form_post_is_refused_too(client, personen, plan):
    client.force_login(personen.partner_a)
    url = reverse("measures:sachstand-neu", kwargs={"kennung": "5.2-1a"})
    response = client.post(url, _eingabe(text="x" * 10_000_000))
    assert response.status_code == 400
    assert "zu groß" in response.content.decode()
    assert not Sachstand.objects.exists()


def test_the_admin_refuses_an_overlong_review_comment(client, personen, plan):
    wartet = b.sachstand(plan.a, personen.akteur_a, personen.partner_a)
    client.force_login(personen.buero)
    url = reverse("admin:measures_sachstand_change", args=[wartet.pk])
    zu_lang = "x" * (textlaengen.KOMMENTAR + 1)
    response = client.post(url, {"pruefkommentar": zu_lang, "_zurueckgeben": "1"})
    assert response.status_code == 200
    assert "höchstens 5000 Zeichen" in str(response.context["adminform"].form.errors)
    wartet.refresh_from_db()
    assert (wartet.pruefstatus, wartet.pruefkommentar) == (Pruefstatus.EINGEREICHT, "")


def test_the_admin_refuses_an_overlong_internal_note(client, personen, plan):
    client.force_login(personen.buero)
    url = reverse("admin:measures_massnahme_change", args=[plan.a.pk])
    response = client.get(url)
    formular = response.context["adminform"].form
    daten = {
        **{k: v for k, v in formular.initial.items() if v is not None and not isinstance(v, list)},
        "interne_notiz": "x" * (textlaengen.NOTIZ + 1),
    }
    response = client.post(url, daten)
    assert response.status_code == 200
    assert "interne_notiz" in response.context["adminform"].form.errors
    plan.a.refresh_from_db()
    assert len(plan.a.interne_notiz) < 1000
