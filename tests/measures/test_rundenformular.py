"""The round form: all of an Akteur's Anfragen on one page, draft, submit all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from measures import berichtsrunden, sachstaende
from measures.choices import Ampel, Pruefstatus, Status
from measures.models import Anhang, RundenEntwurf, Sachstand
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen
from tests.measures.rundenhilfen import anfrage, formular_url, zeile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


@pytest.fixture
def runde(plan):
    runde = b.berichtsrunde(titel="Sachstandsbericht 2026")
    berichtsrunden.oeffnen(runde, mails=False)
    return runde


def eintrag_fuer(anfrage_obj):
    return sachstaende.RundenEintrag(
        anfrage_id=anfrage_obj.pk,
        status=Status.IN_UMSETZUNG,
        ampel=Ampel.IM_PLAN,
        fortschritt=1,
        text="x",
    )


@pytest.fixture
def anhang_ordner(settings, tmp_path):
    settings.ANHANG_ROOT = tmp_path / "anhaenge"
    return settings.ANHANG_ROOT


def test_members_see_every_measure_their_akteur_owes(client, personen, plan, runde):
    for wer in ("partner_a", "kollegin_a"):
        client.force_login(getattr(personen, wer))
        seite = client.get(formular_url(runde, personen.akteur_a))
        assert seite.status_code == 200
        inhalt = seite.content.decode()
        assert "Maßnahme 5.2 / 1 a" in inhalt and "Maßnahme 4.1.2 / 1 a" in inhalt
        assert "5.2 / 1 b" not in inhalt  # B's measure
        assert "Dateien werden im Entwurf nicht gespeichert" in inhalt


@pytest.mark.parametrize("wer", ["partner_b", "buergerschaft", "buero"])
def test_nobody_else_opens_or_posts_the_form(client, personen, plan, runde, wer):
    client.force_login(getattr(personen, wer))
    url = formular_url(runde, personen.akteur_a)
    assert client.get(url).status_code == 403
    antwort = client.post(url, zeile(anfrage(runde, personen.akteur_a, plan.a), text="fremd"))
    assert antwort.status_code == 403
    assert not Sachstand.objects.exists()


def test_anonymous_is_sent_to_the_login(client, personen, plan, runde):
    antwort = client.get(formular_url(runde, personen.akteur_a))
    assert antwort.status_code == 302 and "/konto/login/" in antwort["Location"]


def test_a_round_that_is_not_open_has_no_form(client, personen, plan):
    geplant = b.berichtsrunde(titel="geplant")
    client.force_login(personen.partner_a)
    assert client.get(formular_url(geplant, personen.akteur_a)).status_code == 404


def test_submit_makes_one_sachstand_per_filled_row(client, personen, plan, runde):
    client.force_login(personen.partner_a)
    url = formular_url(runde, personen.akteur_a)
    a, d = anfrage(runde, personen.akteur_a, plan.a), anfrage(runde, personen.akteur_a, plan.d)
    daten = {
        **zeile(a, text="Kurs läuft.", notiz_an_buero="Bitte nicht veröffentlichen."),
        **zeile(d, status=plan.d.status, ampel=plan.d.ampel, fortschritt=plan.d.fortschritt),
        "einreichen": "1",
    }
    antwort = client.post(url, daten, follow=True)
    assert antwort.status_code == 200
    assert "1 Sachstand/Sachstände wurden eingereicht" in antwort.content.decode()
    s = Sachstand.objects.get()  # the untouched row 4.1.2-1a stays open
    assert (s.massnahme, s.akteur, s.berichtsrunde) == (plan.a, personen.akteur_a, runde)
    assert s.eingereicht_von == personen.partner_a and s.ansprechperson is None
    assert s.pruefstatus == Pruefstatus.EINGEREICHT
    assert (s.status, s.ampel, s.fortschritt) == (Status.IN_UMSETZUNG, Ampel.IM_PLAN, 30)
    assert s.notiz_an_buero == "Bitte nicht veröffentlichen."
    assert s.history.count() == 1
    # Answered: shown read-only, no longer a form row.
    inhalt = client.get(url).content.decode()
    assert "Kurs läuft." in inhalt and f'name="z{a.pk}-text"' not in inhalt
    assert f'name="z{d.pk}-text"' in inhalt


def test_one_bad_row_saves_nothing_and_keeps_what_was_typed(client, personen, plan, runde):
    client.force_login(personen.partner_a)
    a, d = anfrage(runde, personen.akteur_a, plan.a), anfrage(runde, personen.akteur_a, plan.d)
    daten = {
        **zeile(a, text="Guter Text, der bleiben soll."),
        **zeile(d, fortschritt="150", text="zu viel"),
        "einreichen": "1",
    }
    antwort = client.post(formular_url(runde, personen.akteur_a), daten)
    assert antwort.status_code == 400
    inhalt = antwort.content.decode()
    assert "Es wurde nichts eingereicht" in inhalt
    assert "Guter Text, der bleiben soll." in inhalt and 'value="150"' in inhalt
    assert "kleiner oder gleich 100" in inhalt
    assert not Sachstand.objects.exists()


def test_a_changed_row_without_text_is_refused_by_the_model_rule(client, personen, plan, runde):
    client.force_login(personen.partner_a)
    a = anfrage(runde, personen.akteur_a, plan.a)
    antwort = client.post(
        formular_url(runde, personen.akteur_a),
        {**zeile(a, ampel=Ampel.KRITISCH), "einreichen": "1"},
    )
    assert antwort.status_code == 400
    assert "Dieses Feld darf nicht leer sein" in antwort.content.decode()
    assert not Sachstand.objects.exists()


def test_nothing_filled_says_so(client, personen, plan, runde):
    client.force_login(personen.partner_a)
    antwort = client.post(formular_url(runde, personen.akteur_a), {"einreichen": "1"})
    assert antwort.status_code == 400
    assert "mindestens eine Zeile" in antwort.content.decode()


def test_a_foreign_anfrage_in_the_post_is_ignored(client, personen, plan, runde):
    """Rows come from the Akteur's own Anfragen: fields of B's Anfrage do nothing."""
    client.force_login(personen.partner_a)
    fremd = anfrage(runde, personen.akteur_b, plan.b)
    eigen = anfrage(runde, personen.akteur_a, plan.a)
    daten = {**zeile(fremd, text="untergeschoben"), **zeile(eigen, text="eigen"), "einreichen": "1"}
    client.post(formular_url(runde, personen.akteur_a), daten)
    assert list(Sachstand.objects.values_list("akteur__name", "massnahme", "text")) == [
        ("Amt A", plan.a.pk, "eigen")
    ]


def test_the_service_refuses_a_foreign_anfrage(personen, plan, runde):
    fremd = anfrage(runde, personen.akteur_b, plan.b)
    eintrag = eintrag_fuer(fremd)
    with pytest.raises(sachstaende.RundenFehler) as fehler:
        sachstaende.runde_einreichen(runde, personen.akteur_a, [eintrag], user=personen.partner_a)
    assert fehler.value.allgemein
    assert not Sachstand.objects.exists()


def test_draft_is_kept_without_files_and_removed_on_submit(
    client, personen, plan, runde, anhang_ordner
):
    client.force_login(personen.partner_a)
    url = formular_url(runde, personen.akteur_a)
    a = anfrage(runde, personen.akteur_a, plan.a)
    datei = SimpleUploadedFile("bericht.pdf", PDF, content_type="application/pdf")
    daten = {**zeile(a, text="Halb fertig", fortschritt="abc"), "entwurf": "1"}
    antwort = client.post(url, {**daten, f"z{a.pk}-anhaenge": datei}, follow=True)
    assert "Dateien werden im Entwurf nicht gespeichert" in antwort.content.decode()
    entwurf = RundenEntwurf.objects.get(berichtsrunde=runde, akteur=personen.akteur_a)
    assert entwurf.daten[str(a.pk)]["text"] == "Halb fertig"
    assert not Sachstand.objects.exists() and not Anhang.objects.exists()
    # The colleague opens the same draft.
    client.force_login(personen.kollegin_a)
    inhalt = client.get(url).content.decode()
    assert "Halb fertig" in inhalt and "Entwurf vom" in inhalt
    client.post(url, {**zeile(a, text="Fertig"), "einreichen": "1"})
    assert Sachstand.objects.get().text == "Fertig"
    assert not RundenEntwurf.objects.exists()


def test_returned_row_starts_from_its_own_content_with_the_comment(client, personen, plan, runde):
    s = sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        akteur=personen.akteur_a,
        datum="2026-06-15",
        status=Status.VERZOEGERT,
        ampel=Ampel.GEFAEHRDET,
        fortschritt=45,
        text="Erster Versuch",
    )
    sachstaende.zurueckgeben(s, personen.buero, "Bitte mit Zahlen.")
    client.force_login(personen.partner_a)
    url = formular_url(runde, personen.akteur_a)
    inhalt = client.get(url).content.decode()
    a = anfrage(runde, personen.akteur_a, plan.a)
    assert "Bitte mit Zahlen." in inhalt and "Erster Versuch" in inhalt
    assert f'name="z{a.pk}-fortschritt" value="45"' in inhalt
    client.post(url, {**zeile(a, text="Zweiter Versuch: 12 Kurse"), "einreichen": "1"})
    assert (
        runde.sachstaende.filter(pruefstatus=Pruefstatus.EINGEREICHT)
        .get()
        .text.startswith("Zweiter")
    )


def test_attachments_are_stored_per_row_and_read_back(client, personen, plan, runde, anhang_ordner):
    client.force_login(personen.partner_a)
    a = anfrage(runde, personen.akteur_a, plan.a)
    dateien = [
        SimpleUploadedFile("bericht.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("zweiter.txt", PDF, content_type="text/plain"),
    ]
    client.post(
        formular_url(runde, personen.akteur_a),
        {**zeile(a, text="mit Anhang"), f"z{a.pk}-anhaenge": dateien, "einreichen": "1"},
    )
    s = Sachstand.objects.get()
    namen = sorted(s.anhaenge.values_list("dateiname", flat=True))
    assert namen == ["bericht.pdf", "zweiter.pdf"]
    with s.anhaenge.first().datei.open("rb") as f:
        assert f.read() == PDF


def test_a_disguised_attachment_refuses_the_whole_form(
    client, personen, plan, runde, anhang_ordner
):
    client.force_login(personen.partner_a)
    a, d = anfrage(runde, personen.akteur_a, plan.a), anfrage(runde, personen.akteur_a, plan.d)
    exe = SimpleUploadedFile("bericht.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    antwort = client.post(
        formular_url(runde, personen.akteur_a),
        {
            **zeile(a, text="gut"),
            **zeile(d, text="mit falscher Datei"),
            f"z{d.pk}-anhaenge": exe,
            "einreichen": "1",
        },
    )
    assert antwort.status_code == 400
    assert "kein erlaubter Dateityp" in antwort.content.decode()
    assert not Sachstand.objects.exists() and not Anhang.objects.exists()


def test_a_row_answered_meanwhile_by_a_colleague_is_refused(client, personen, plan, runde):
    client.force_login(personen.partner_a)
    url = formular_url(runde, personen.akteur_a)
    a = anfrage(runde, personen.akteur_a, plan.a)
    eintrag = eintrag_fuer(a)
    sachstaende.runde_einreichen(runde, personen.akteur_a, [eintrag], user=personen.kollegin_a)
    with pytest.raises(sachstaende.RundenFehler) as fehler:
        sachstaende.runde_einreichen(runde, personen.akteur_a, [eintrag], user=personen.partner_a)
    assert "inzwischen" in str(fehler.value.je_zeile[a.pk].messages)
    assert Sachstand.objects.count() == 1
    assert client.get(url).status_code == 200


def test_closed_round_takes_nothing(personen, plan, runde):
    a = anfrage(runde, personen.akteur_a, plan.a)
    berichtsrunden.schliessen(runde)
    eintrag = eintrag_fuer(a)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        sachstaende.runde_einreichen(runde, personen.akteur_a, [eintrag], user=personen.partner_a)


def test_meine_massnahmen_links_to_the_form(client, personen, plan, runde):
    client.force_login(personen.partner_a)
    inhalt = client.get("/meine-massnahmen/").content.decode()
    assert formular_url(runde, personen.akteur_a) in inhalt
