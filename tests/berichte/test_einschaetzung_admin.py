"""The Büro's assessments in the admin: who reaches them, the add form, review, frozen rounds."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from berichte import einschaetzungen as dienst
from berichte.models import Einschaetzung, EinschaetzungStatus
from measures import berichtsrunden
from measures.choices import RundenStatus
from measures.roles import BUERO
from tests import builders as b
from tests.berichte.einschaetzung_szenario import einschaetzung, lage_anlegen

pytestmark = pytest.mark.django_db

S = EinschaetzungStatus
LISTE = reverse("admin:berichte_einschaetzung_changelist")
NEU = reverse("admin:berichte_einschaetzung_add")


def _seite(e):
    return reverse("admin:berichte_einschaetzung_change", args=[e.pk])


def _pruefen(e):
    return reverse("admin:berichte_einschaetzung_pruefen", args=[e.pk])


@pytest.fixture
def lage(personen):
    return lage_anlegen()


@pytest.mark.parametrize("wer", [None, "partner_a", "partner_b", "buergerschaft"])
def test_only_staff_reach_the_pages(client, lage, personen, wer):
    e = einschaetzung(lage.runde, lage.hf_1, lage.autorin, pruefstatus=S.EINGEREICHT)
    if wer:
        client.force_login(getattr(personen, wer))
    for url in (LISTE, NEU, _seite(e)):
        antwort = client.get(url)
        assert antwort.status_code == 302
        assert antwort["Location"].startswith(reverse("admin:login"))
    antwort = client.post(_pruefen(e), {"schritt": "freigeben"})
    assert antwort.status_code == 302 and reverse("admin:login") in antwort["Location"]
    e.refresh_from_db()
    assert e.pruefstatus == S.EINGEREICHT


def test_the_buero_group_has_its_rights():
    # What migration berichte/0002 runs; called here, because a transactional test earlier in
    # the same process may have flushed the migrated rows.
    from measures.roles import rollen_einrichten

    rollen_einrichten()
    rechte = set(
        Group.objects.get(name=BUERO)
        .permissions.filter(content_type__app_label="berichte")
        .values_list("codename", flat=True)
    )
    assert rechte == {
        "add_einschaetzung",
        "change_einschaetzung",
        "view_einschaetzung",
        "view_berichtsdatei",
    }


def test_staff_without_the_buero_group_see_nothing(client, lage, django_user_model):
    nur_staff = django_user_model.objects.create_user("nur_staff", password="x", is_staff=True)
    client.force_login(nur_staff)
    assert client.get(LISTE).status_code == 403


def test_the_add_form_offers_the_current_konzept_and_open_rounds_only(client, lage):
    geschlossen = b.berichtsrunde(
        "Berichtsrunde 2025", stichtag=date(2025, 6, 30), status=RundenStatus.GESCHLOSSEN
    )
    geplant = b.berichtsrunde("Berichtsrunde 2027", stichtag=date(2027, 6, 30))
    client.force_login(lage.autorin)
    antwort = client.get(NEU)
    assert antwort.status_code == 200
    form = antwort.context["adminform"].form
    assert set(form.fields["handlungsfeld"].queryset) == {lage.hf_1, lage.hf_2}
    assert set(form.fields["berichtsrunde"].queryset) == {lage.runde, geplant}
    assert "Absätze trennen Sie durch eine Leerzeile" in antwort.content.decode()
    # Posted anyway: refused with a German message, nothing stored.
    for daten in (
        {"berichtsrunde": lage.runde.pk, "handlungsfeld": lage.hf_alt.pk, "text": "x"},
        {"berichtsrunde": geschlossen.pk, "handlungsfeld": lage.hf_1.pk, "text": "x"},
        {"berichtsrunde": lage.runde.pk, "handlungsfeld": lage.hf_1.pk, "text": "a" * 8001},
        {"berichtsrunde": "x", "handlungsfeld": "1; DROP", "text": "x"},
    ):
        antwort = client.post(NEU, daten)
        assert antwort.status_code == 200
        assert antwort.context["adminform"].form.errors
    assert "Bitte eine gültige Auswahl treffen" in antwort.content.decode()
    assert not Einschaetzung.objects.exists()


def test_adding_stores_a_cleaned_draft_by_its_author(client, lage):
    client.force_login(lage.autorin)
    antwort = client.post(
        NEU,
        {
            "berichtsrunde": lage.runde.pk,
            "handlungsfeld": lage.hf_1.pk,
            "text": '<p>Gut.<script>alert("x")</script></p><p><a href="javascript:x()">k</a></p>',
        },
    )
    assert antwort.status_code == 302
    e = Einschaetzung.objects.get()
    assert (e.pruefstatus, e.verfasst_von) == (S.ENTWURF, lage.autorin)
    assert e.text == '<p>Gut.</p><p><a rel="noopener noreferrer nofollow">k</a></p>'
    inhalt = client.get(_seite(e)).content.decode()
    # The preview renders the stored (clean) HTML; the textarea shows it escaped.
    assert '<div class="einschaetzung-vorschau"><p>Gut.</p>' in inhalt
    assert "<script>alert" not in inhalt
    assert "Zur Prüfung einreichen" in inhalt


def test_review_through_the_buttons_with_four_eyes(client, lage):
    e = einschaetzung(lage.runde, lage.hf_1, lage.autorin)
    client.force_login(lage.autorin)
    client.post(_pruefen(e), {"schritt": "einreichen"})
    e.refresh_from_db()
    assert e.pruefstatus == S.EINGEREICHT
    inhalt = client.get(_seite(e)).content.decode()
    assert 'value="freigeben"' not in inhalt
    assert "Vier-Augen-Prinzip" in inhalt
    antwort = client.post(_pruefen(e), {"schritt": "freigeben"}, follow=True)
    assert "Vier-Augen-Prinzip" in antwort.content.decode()
    e.refresh_from_db()
    assert e.pruefstatus == S.EINGEREICHT

    client.force_login(lage.pruefer)
    assert 'value="freigeben"' in client.get(_seite(e)).content.decode()
    antwort = client.post(_pruefen(e), {"schritt": "zurueckgeben", "kommentar": ""}, follow=True)
    assert "Bitte begründen Sie" in antwort.content.decode()
    antwort = client.post(_pruefen(e), {"schritt": "quatsch"}, follow=True)
    assert antwort.status_code == 200 and "Unbekannter Prüfschritt" in antwort.content.decode()
    assert client.get(_pruefen(e)).status_code == 403
    client.post(_pruefen(e), {"schritt": "freigeben", "kommentar": "gut"})
    e.refresh_from_db()
    assert (e.pruefstatus, e.geprueft_von, e.kommentar) == (S.FREIGEGEBEN, lage.pruefer, "gut")


def test_editing_an_approved_one_in_the_admin_puts_it_back_to_draft(client, lage):
    e = einschaetzung(lage.runde, lage.hf_1, lage.autorin, pruefstatus=S.EINGEREICHT)
    dienst.freigeben(e, lage.pruefer)
    client.force_login(lage.autorin)
    antwort = client.post(_seite(e), {"text": "Neue Fassung."}, follow=True)
    assert "im Entwurf" in antwort.content.decode()
    e.refresh_from_db()
    assert (e.pruefstatus, e.text, e.geprueft_von) == (S.ENTWURF, "<p>Neue Fassung.</p>", None)
    assert (e.berichtsrunde, e.handlungsfeld) == (lage.runde, lage.hf_1)  # read-only there


def test_list_filters_and_actions(client, lage):
    a = einschaetzung(lage.runde, lage.hf_1, lage.autorin)
    g = einschaetzung(lage.runde, None, lage.autorin)
    andere = b.berichtsrunde("Berichtsrunde 2027", stichtag=date(2027, 6, 30))
    einschaetzung(andere, lage.hf_2, lage.autorin)
    client.force_login(lage.pruefer)
    antwort = client.get(LISTE)
    filter_titel = [f.title for f in antwort.context["cl"].filter_specs]
    assert [str(t) for t in filter_titel] == ["Berichtsrunde", "Prüfstatus", "Handlungsfeld"]
    handlungsfelder = antwort.context["cl"].filter_specs[2].lookup_choices
    assert [w for w, _t in handlungsfelder] == ["gesamt", str(lage.hf_1.pk), str(lage.hf_2.pk)]

    def pks(abfrage):
        return {e.pk for e in client.get(LISTE + abfrage).context["cl"].result_list}

    assert pks(f"?berichtsrunde__id__exact={lage.runde.pk}") == {a.pk, g.pk}
    assert pks("?handlungsfeld=gesamt") == {g.pk}
    assert pks(f"?handlungsfeld={lage.hf_1.pk}") == {a.pk}
    assert pks("?handlungsfeld=abc") == set()
    assert pks("?pruefstatus__exact=eingereicht") == set()
    assert client.get(LISTE + "?pruefstatus__exact=<script>").status_code in (200, 302)

    client.force_login(lage.autorin)
    auswahl = {"_selected_action": [a.pk, g.pk]}
    client.post(LISTE, {"action": "einreichen_aktion", **auswahl})
    assert set(Einschaetzung.objects.values_list("pruefstatus", flat=True)) == {
        S.EINGEREICHT,
        S.ENTWURF,
    }
    # The author's own: refused one by one, with the reason.
    antwort = client.post(LISTE, {"action": "freigeben_aktion", **auswahl}, follow=True)
    assert "Vier-Augen-Prinzip" in antwort.content.decode()
    client.force_login(lage.pruefer)
    client.post(LISTE, {"action": "freigeben_aktion", "_selected_action": [a.pk]})
    antwort = client.post(LISTE, {"action": "zurueckgeben_aktion", "_selected_action": [g.pk]})
    assert antwort.status_code == 200 and "Kommentar" in antwort.content.decode()
    client.post(
        LISTE,
        {
            "action": "zurueckgeben_aktion",
            "_selected_action": [g.pk],
            "bestaetigt": "ja",
            "kommentar": "Bitte kürzer.",
        },
    )
    a.refresh_from_db()
    g.refresh_from_db()
    assert (a.pruefstatus, g.pruefstatus, g.kommentar) == (
        S.FREIGEGEBEN,
        S.ZURUECKGEGEBEN,
        "Bitte kürzer.",
    )
    assert (
        "delete_selected"
        not in client.get(LISTE).context["action_form"].fields["action"].choices.__repr__()
    )


def test_a_closed_rounds_assessments_are_read_only(client, lage, admin_user):
    e = einschaetzung(lage.runde, lage.hf_1, lage.autorin, pruefstatus=S.EINGEREICHT)
    dienst.freigeben(e, lage.pruefer)
    wartet = einschaetzung(lage.runde, lage.hf_2, lage.autorin, pruefstatus=S.EINGEREICHT)
    berichtsrunden.schliessen(lage.runde)
    for wer in (lage.autorin, admin_user):
        client.force_login(wer)
        inhalt = client.get(_seite(e)).content.decode()
        assert "festgehalten" in inhalt
        assert 'name="text"' not in inhalt  # shown, not editable
        assert client.post(_seite(e), {"text": "Nachher"}).status_code == 403
        delete = reverse("admin:berichte_einschaetzung_delete", args=[e.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        client.post(_pruefen(wartet), {"schritt": "freigeben"})
        client.post(LISTE, {"action": "freigeben_aktion", "_selected_action": [wartet.pk]})
    e.refresh_from_db()
    wartet.refresh_from_db()
    assert (e.text, e.pruefstatus) == ("<p>Es geht voran.</p>", S.FREIGEGEBEN)
    assert wartet.pruefstatus == S.EINGEREICHT


def test_the_round_page_says_how_far_the_assessments_are(client, lage):
    e = einschaetzung(lage.runde, lage.hf_1, lage.autorin, pruefstatus=S.EINGEREICHT)
    dienst.freigeben(e, lage.pruefer)
    client.force_login(lage.autorin)
    url = reverse("admin:measures_berichtsrunde_change", args=[lage.runde.pk])
    inhalt = client.get(url).content.decode()
    assert "Einschätzungen dieser Runde: 1 von 2 freigegeben" in inhalt
    assert f"{LISTE}?berichtsrunde__id__exact={lage.runde.pk}" in inhalt
    assert "die Gesamteinschätzung ist noch nicht freigegeben" in inhalt
    assert "wartet auf Prüfung" not in inhalt.split("runde-einschaetzungen")[1]
    # The question before closing warns, but does not block.
    frage = client.get(reverse("admin:measures_berichtsrunde_schliessen", args=[lage.runde.pk]))
    inhalt = frage.content.decode()
    assert "1 von 2 Handlungsfeldern hat keine freigegebene Einschätzung des Büros." in inhalt
    assert "Die Gesamteinschätzung ist nicht freigegeben." in inhalt
    assert "Ja, Runde schließen" in inhalt
    g = einschaetzung(lage.runde, None, lage.autorin, pruefstatus=S.EINGEREICHT)
    dienst.freigeben(g, lage.pruefer)
    f = einschaetzung(lage.runde, lage.hf_2, lage.autorin, pruefstatus=S.EINGEREICHT)
    dienst.freigeben(f, lage.pruefer)
    frage = client.get(reverse("admin:measures_berichtsrunde_schliessen", args=[lage.runde.pk]))
    assert "warnung-einschaetzungen" not in frage.content.decode()


def test_the_history_page_shows_each_wording(client, lage):
    e = dienst.speichern(
        Einschaetzung(berichtsrunde=lage.runde, handlungsfeld=lage.hf_1, text="Erste Fassung"),
        lage.autorin,
    )
    e.text = "Zweite Fassung"
    dienst.speichern(e, lage.pruefer)
    client.force_login(lage.pruefer)
    antwort = client.get(reverse("admin:berichte_einschaetzung_history", args=[e.pk]))
    assert antwort.status_code == 200
    inhalt = antwort.content.decode()
    assert "Zweite Fassung" in inhalt and "angelegt" in inhalt and "bearbeitet" in inhalt
    assert (
        client.get(reverse("admin:berichte_einschaetzung_history", args=["x"])).status_code == 404
    )


def test_the_admin_start_page_shows_the_open_rounds_assessments(client, lage):
    client.force_login(lage.pruefer)
    inhalt = client.get(reverse("admin:index")).content.decode()
    assert "Einschätzungen des Büros zur Berichtsrunde 2026" in inhalt
    assert "0 von 2 Handlungsfeldern freigegeben" in inhalt
    assert "wartet auf Prüfung" not in inhalt.split("start-einschaetzungen")[1]
    einschaetzung(lage.runde, lage.hf_1, lage.autorin, pruefstatus=S.EINGEREICHT)
    inhalt = client.get(reverse("admin:index")).content.decode()
    assert "1 Einschätzung wartet auf Prüfung" in inhalt
    assert "pruefstatus__exact=eingereicht" in inhalt
    berichtsrunden.schliessen(lage.runde)
    inhalt = client.get(reverse("admin:index")).content.decode()
    assert "start-einschaetzungen" not in inhalt  # no open round
