"""Partners maintain Meilensteine through their Sachstand (issue 15).

Partner A reports a milestone of A's measure done or proposes a new one; nothing changes until
the Büro approves the Sachstand, then the Meilenstein has it and the measure is no longer
überfällig. Partner B cannot touch A's measure or its milestones. Dates must be plausible.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from measures import berichtsrunden, sachstaende
from measures.choices import Ampel, Pruefstatus, Status
from measures.models import Berichtsanfrage, Massnahme, Meilenstein, Sachstand
from tests.measures.partnerplan import plan_anlegen
from tests.measures.rundenhilfen import formular_url, zeile

HEUTE = timezone.localdate()
GESTERN = HEUTE - timedelta(days=1)
MORGEN = HEUTE + timedelta(days=1)


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def verpasst(plan):
    """A milestone of 5.2-1a (Akteur A leads) that fell due last month: 5.2-1a is late."""
    return Meilenstein.objects.create(
        massnahme=plan.a, titel="Träger gefunden", faellig_am=HEUTE - timedelta(days=30)
    )


def formular(kennung="5.2-1a"):
    return reverse("measures:sachstand-neu", kwargs={"kennung": kennung})


def eingabe(**abweichend):
    return {
        "datum": GESTERN.isoformat(),
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": "40",
        "text": "Der Träger ist gefunden.",
        "notiz_an_buero": "",
        "akteur": "",
        **abweichend,
    }


def _ueberfaellig(massnahme):
    return Massnahme.objects.ueberfaellig().filter(pk=massnahme.pk).exists()


def test_partner_a_marks_done_and_approval_applies_it(client, personen, plan, verpasst):
    assert _ueberfaellig(plan.a)
    client.force_login(personen.partner_a)
    seite = client.get(formular()).content.decode()
    # The milestone's own words are marked German (integration_portal/sprachen.py).
    assert '„<span lang="de">Träger gefunden</span>“ erledigt am' in seite
    assert 'class="verzug"' in seite.split("Aktueller Stand:")[1].split("</p>")[0]

    antwort = client.post(
        formular(), eingabe(**{f"meilenstein_{verpasst.pk}": GESTERN.isoformat()})
    )
    assert antwort.status_code == 302
    sachstand = Sachstand.objects.get(massnahme=plan.a)
    assert sachstand.meilenstein_meldungen == [
        {"meilenstein": verpasst.pk, "erledigt_am": GESTERN.isoformat()}
    ]
    # Waiting for review: the milestone and the lateness are as they were.
    verpasst.refresh_from_db()
    assert verpasst.erledigt_am is None
    assert _ueberfaellig(plan.a)

    sachstaende.freigeben(sachstand, personen.buero)
    verpasst.refresh_from_db()
    assert verpasst.erledigt_am == GESTERN
    assert not _ueberfaellig(plan.a)
    eintrag = verpasst.history.first()
    assert eintrag.history_user == personen.buero
    assert "Sachstand" in eintrag.history_change_reason


def test_a_proposed_milestone_exists_only_after_approval(client, personen, plan):
    client.force_login(personen.partner_a)
    faellig = HEUTE + timedelta(days=90)
    antwort = client.post(
        formular(),
        eingabe(neu_0_titel="  Kurs startet ", neu_0_faellig_am=faellig.isoformat()),
    )
    assert antwort.status_code == 302
    sachstand = Sachstand.objects.get(massnahme=plan.a)
    assert not Meilenstein.objects.filter(massnahme=plan.a).exists()
    sachstaende.freigeben(sachstand, personen.buero)
    (neu,) = Meilenstein.objects.filter(massnahme=plan.a)
    assert (neu.titel, neu.faellig_am, neu.erledigt_am) == ("Kurs startet", faellig, None)


def test_sent_back_sachstand_changes_no_milestone(personen, plan, verpasst):
    sachstand = sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=GESTERN,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
        text="x",
        meilenstein_meldungen=[{"meilenstein": verpasst.pk, "erledigt_am": GESTERN}],
    )
    sachstaende.zurueckgeben(sachstand, personen.buero, "Bitte genauer.")
    verpasst.refresh_from_db()
    assert verpasst.erledigt_am is None


@pytest.mark.parametrize(
    "felder,meldung",
    [
        ({"meilenstein": "MORGEN"}, "nicht in der Zukunft erledigt"),
        ({"neu_0_titel": "Kurs", "neu_0_faellig_am": GESTERN.isoformat()}, "Vergangenheit"),
        ({"neu_0_titel": "Kurs"}, "bis wann"),
        ({"neu_0_faellig_am": MORGEN.isoformat()}, "Titel"),
        ({"neu_0_titel": "Kurs", "neu_0_faellig_am": "2099-01-01"}, "Fälligkeitsdatum"),
        ({"neu_0_titel": "Kurs", "neu_0_faellig_am": "31.02.2027"}, "gültiges Datum"),
    ],
)
def test_implausible_dates_are_refused_in_german(client, personen, plan, verpasst, felder, meldung):
    if felder.get("meilenstein") == "MORGEN":
        felder = {f"meilenstein_{verpasst.pk}": MORGEN.isoformat()}
    client.force_login(personen.partner_a)
    antwort = client.post(formular(), eingabe(**felder))
    assert antwort.status_code == 200
    assert meldung in antwort.content.decode()
    assert not Sachstand.objects.exists()


def test_partner_b_cannot_report_on_as_measure(client, personen, plan, verpasst):
    """4.1.2-1a is Akteur A's alone; B's page is refused, and so is the service."""
    d_stein = Meilenstein.objects.create(massnahme=plan.d, titel="Kurs", faellig_am=GESTERN)
    client.force_login(personen.partner_b)
    assert client.get(formular("4.1.2-1a")).status_code == 403
    assert client.post(formular("4.1.2-1a"), eingabe()).status_code == 403
    with pytest.raises(PermissionDenied):
        sachstaende.einreichen(
            personen.partner_b,
            plan.d,
            datum=GESTERN,
            status=Status.IN_UMSETZUNG,
            ampel=Ampel.IM_PLAN,
            fortschritt=40,
            text="x",
            meilenstein_meldungen=[{"meilenstein": d_stein.pk, "erledigt_am": GESTERN}],
        )
    d_stein.refresh_from_db()
    assert d_stein.erledigt_am is None


def test_a_milestone_of_another_measure_is_refused(personen, plan, verpasst):
    """B reports on 5.2-1b (B leads) but names 5.2-1a's milestone: refused, by field."""
    with pytest.raises(ValidationError) as fehler:
        sachstaende.einreichen(
            personen.partner_b,
            plan.b,
            datum=GESTERN,
            status=Status.IN_UMSETZUNG,
            ampel=Ampel.IM_PLAN,
            fortschritt=40,
            text="x",
            meilenstein_meldungen=[{"meilenstein": verpasst.pk, "erledigt_am": GESTERN}],
        )
    assert "gehört nicht zu der Maßnahme" in str(fehler.value.message_dict)
    assert not Sachstand.objects.exists()


def test_the_büro_wins_over_a_later_approval(personen, plan, verpasst):
    """Done in the admin meanwhile: the partner's later date does not overwrite it."""
    sachstand = sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=GESTERN,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
        text="x",
        meilenstein_meldungen=[{"meilenstein": verpasst.pk, "erledigt_am": GESTERN.isoformat()}],
    )
    frueher = HEUTE - timedelta(days=10)
    Meilenstein.objects.filter(pk=verpasst.pk).update(erledigt_am=frueher)
    sachstaende.freigeben(sachstand, personen.buero)
    verpasst.refresh_from_db()
    assert verpasst.erledigt_am == frueher


def test_correcting_keeps_and_changes_the_report(client, personen, plan, verpasst):
    client.force_login(personen.partner_a)
    client.post(formular(), eingabe(**{f"meilenstein_{verpasst.pk}": GESTERN.isoformat()}))
    sachstand = Sachstand.objects.get()
    url = reverse("measures:sachstand-bearbeiten", kwargs={"pk": sachstand.pk})
    seite = client.get(url).content.decode()
    assert f'value="{GESTERN.isoformat()}"' in seite
    vorgestern = (HEUTE - timedelta(days=2)).isoformat()
    antwort = client.post(url, eingabe(**{f"meilenstein_{verpasst.pk}": vorgestern}))
    assert antwort.status_code == 302
    sachstand.refresh_from_db()
    assert sachstand.meilenstein_meldungen == [
        {"meilenstein": verpasst.pk, "erledigt_am": vorgestern}
    ]


def test_round_form_reports_milestones_and_approval_applies_them(client, personen, plan, verpasst):
    runde = berichtsrunden_offen(plan)
    anfrage = Berichtsanfrage.objects.get(
        berichtsrunde=runde, akteur=personen.akteur_a, massnahme=plan.a
    )
    client.force_login(personen.partner_a)
    seite = client.get(formular_url(runde, personen.akteur_a)).content.decode()
    # The milestone's own words are marked German (integration_portal/sprachen.py).
    assert '„<span lang="de">Träger gefunden</span>“ erledigt am' in seite
    daten = {"einreichen": "1", **zeile(anfrage, text="Träger ist gefunden.")}
    daten[f"z{anfrage.pk}-meilenstein_{verpasst.pk}"] = MORGEN.isoformat()
    antwort = client.post(formular_url(runde, personen.akteur_a), daten)
    assert antwort.status_code == 400
    assert "nicht in der Zukunft erledigt" in antwort.content.decode()

    daten[f"z{anfrage.pk}-meilenstein_{verpasst.pk}"] = GESTERN.isoformat()
    antwort = client.post(formular_url(runde, personen.akteur_a), daten)
    assert antwort.status_code == 302, antwort.content.decode()[-3000:]
    sachstand = Sachstand.objects.get(massnahme=plan.a, berichtsrunde=runde)
    assert sachstand.pruefstatus == Pruefstatus.EINGEREICHT
    sachstaende.freigeben(sachstand, personen.buero)
    verpasst.refresh_from_db()
    assert verpasst.erledigt_am == GESTERN
    assert not _ueberfaellig(plan.a)


def test_round_form_keeps_milestone_fields_in_the_draft(client, personen, plan, verpasst):
    runde = berichtsrunden_offen(plan)
    anfrage = Berichtsanfrage.objects.get(
        berichtsrunde=runde, akteur=personen.akteur_a, massnahme=plan.a
    )
    client.force_login(personen.partner_a)
    daten = {"entwurf": "1", **zeile(anfrage)}
    daten[f"z{anfrage.pk}-neu_0_titel"] = "Kurs im Entwurf"
    client.post(formular_url(runde, personen.akteur_a), daten)
    seite = client.get(formular_url(runde, personen.akteur_a)).content.decode()
    assert 'value="Kurs im Entwurf"' in seite


def berichtsrunden_offen(plan):
    from tests import builders as b

    runde = b.berichtsrunde(stichtag=GESTERN, faellig_am=HEUTE + timedelta(days=30))
    berichtsrunden.oeffnen(runde, mails=False)
    return runde


def test_api_accepts_the_same_entries_with_the_same_rules(client, personen, plan, verpasst):
    client.force_login(personen.partner_a)
    url = "/api/v1/sachstaende/"
    daten = {
        "massnahme": "5.2-1a",
        "datum": GESTERN.isoformat(),
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": 40,
        "text": "Per API",
        "meilenstein_meldungen": [{"meilenstein": verpasst.pk, "erledigt_am": "2999-01-01"}],
    }
    antwort = client.post(url, daten, content_type="application/json")
    assert antwort.status_code == 400, antwort.json()
    assert "nicht in der Zukunft" in str(antwort.json()["felder"]["meilenstein_meldungen"])
    daten["meilenstein_meldungen"] = [
        {"meilenstein": verpasst.pk, "erledigt_am": GESTERN.isoformat()},
        {"titel": "Abschluss", "faellig_am": date(HEUTE.year + 1, 1, 1).isoformat()},
    ]
    antwort = client.post(url, daten, content_type="application/json")
    assert antwort.status_code == 201, antwort.json()
    assert antwort.json()["meilenstein_meldungen"] == daten["meilenstein_meldungen"]
    for falsch in ("kaputt", [1], [{"titel": "x"}], [{"meilenstein": "a", "erledigt_am": 3}]):
        daten["meilenstein_meldungen"] = falsch
        antwort = client.post(url, daten, content_type="application/json")
        assert antwort.status_code == 400, falsch


def test_the_review_in_the_admin_shows_what_was_reported(client, personen, plan, verpasst):
    sachstand = sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=GESTERN,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
        text="x",
        meilenstein_meldungen=[
            {"meilenstein": verpasst.pk, "erledigt_am": GESTERN.isoformat()},
            {"titel": "Kurs <b>startet</b>", "faellig_am": MORGEN.isoformat()},
        ],
    )
    client.force_login(personen.buero)
    url = reverse("admin:measures_sachstand_change", args=[sachstand.pk])
    html = client.get(url).content.decode()
    assert (
        f"„Träger gefunden“ (fällig am {verpasst.faellig_am:%d.%m.%Y}) erledigt am "
        f"{GESTERN:%d.%m.%Y}" in html
    )
    assert "neu vorgeschlagen: „Kurs &lt;b&gt;startet&lt;/b&gt;“" in html
    # Approving from the admin carries it over.
    antwort = client.post(url, {"pruefkommentar": "", "_freigeben": "1"})
    assert antwort.status_code == 302
    verpasst.refresh_from_db()
    assert verpasst.erledigt_am == GESTERN
    assert Meilenstein.objects.filter(massnahme=plan.a, titel="Kurs <b>startet</b>").exists()


def test_a_sent_back_sachstand_starts_the_new_one_with_its_entries(
    client, personen, plan, verpasst
):
    sachstand = sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        datum=GESTERN,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=40,
        text="x",
        meilenstein_meldungen=[
            {"meilenstein": verpasst.pk, "erledigt_am": GESTERN.isoformat()},
            {"titel": "Kurs startet", "faellig_am": MORGEN.isoformat()},
        ],
    )
    sachstaende.zurueckgeben(sachstand, personen.buero, "Bitte genauer.")
    client.force_login(personen.partner_a)
    html = client.get(formular()).content.decode()
    assert f'name="meilenstein_{verpasst.pk}" value="{GESTERN.isoformat()}"' in html
    assert 'value="Kurs startet"' in html
