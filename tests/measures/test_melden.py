"""Reporting on one measure (issue 14): note to the Büro, attachments and their download,
a sent-back Sachstand as the start of the new one, Meine Maßnahmen filtered and sorted."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from measures import berichtsrunden, sachstaende
from measures.choices import Ampel, Status
from measures.models import Anhang, Sachstand
from tests import builders as b
from tests.measures.partnerplan import plan_anlegen

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
NOTIZ = "Nur fürs Büro: Kassenprüfung läuft"


@pytest.fixture
def plan(personen):
    return plan_anlegen(personen)


@pytest.fixture(autouse=True)
def anhang_ordner(tmp_path, settings):
    settings.ANHANG_ROOT = tmp_path
    return tmp_path


def formular(kennung="5.2-1a"):
    return reverse("measures:sachstand-neu", kwargs={"kennung": kennung})


def eingabe(**abweichend):
    return {
        "datum": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "status": Status.IN_UMSETZUNG,
        "ampel": Ampel.IM_PLAN,
        "fortschritt": "30",
        "text": "Die Kurse laufen.",
        "notiz_an_buero": NOTIZ,
        **abweichend,
    }


def pdf(name="bericht.pdf", inhalt=PDF):
    return SimpleUploadedFile(name, inhalt, content_type="application/pdf")


def melden_mit_anhang(client, personen, plan):
    client.force_login(personen.partner_a)
    antwort = client.post(formular(), eingabe(anhaenge=[pdf()]))
    assert antwort.status_code == 302, antwort.context["form"].errors
    return Sachstand.objects.get(massnahme=plan.a)


def download(sachstand, anhang):
    return reverse("measures:anhang", kwargs={"pk": sachstand.pk, "anhang_pk": anhang.pk})


def test_note_and_attachment_are_stored_with_the_sachstand(client, personen, plan):
    sachstand = melden_mit_anhang(client, personen, plan)
    assert sachstand.notiz_an_buero == NOTIZ
    anhang = sachstand.anhaenge.get()
    assert (anhang.dateiname, anhang.inhaltstyp, anhang.groesse) == (
        "bericht.pdf",
        "application/pdf",
        len(PDF),
    )
    liste = client.get(reverse("measures:meine-sachstaende")).content.decode()
    assert download(sachstand, anhang) in liste
    assert "bericht.pdf" in liste


def test_form_label_says_the_note_is_not_published(client, personen, plan):
    client.force_login(personen.partner_a)
    inhalt = client.get(formular()).content.decode()
    assert "Notiz an das Büro (wird nicht veröffentlicht)" in inhalt
    assert 'enctype="multipart/form-data"' in inhalt


@pytest.mark.parametrize(
    ("datei", "meldung"),
    [
        (pdf("bericht.pdf", EXE), "kein erlaubter Dateityp"),
        (pdf("leer.pdf", b""), "leer"),
    ],
)
def test_bad_file_saves_nothing(client, personen, plan, datei, meldung):
    client.force_login(personen.partner_a)
    antwort = client.post(formular(), eingabe(anhaenge=[datei]))
    assert antwort.status_code == 200
    assert meldung in antwort.content.decode()
    assert not Sachstand.objects.exists()
    assert not Anhang.objects.exists()


def test_oversize_file_is_refused(client, personen, plan, settings):
    settings.ANHANG_MAX_BYTES = 100
    client.force_login(personen.partner_a)
    antwort = client.post(formular(), eingabe(anhaenge=[pdf(inhalt=PDF + b"x" * 200)]))
    assert antwort.status_code == 200
    assert "zu groß" in antwort.content.decode()
    assert not Sachstand.objects.exists()


def test_more_than_five_files_are_refused(client, personen, plan):
    client.force_login(personen.partner_a)
    antwort = client.post(formular(), eingabe(anhaenge=[pdf(f"d{i}.pdf") for i in range(6)]))
    assert antwort.status_code == 200
    assert not Sachstand.objects.exists()


def test_correction_adds_files_up_to_the_limit(client, personen, plan):
    sachstand = melden_mit_anhang(client, personen, plan)
    url = reverse("measures:sachstand-bearbeiten", kwargs={"pk": sachstand.pk})
    antwort = client.post(url, eingabe(anhaenge=[pdf(f"d{i}.pdf") for i in range(5)]))
    assert antwort.status_code == 200
    assert "noch 4" in antwort.content.decode()
    antwort = client.post(url, eingabe(notiz_an_buero="neu", anhaenge=[pdf("zwei.pdf")]))
    assert antwort.status_code == 302
    sachstand.refresh_from_db()
    assert sachstand.notiz_an_buero == "neu"
    assert sachstand.anhaenge.count() == 2


@pytest.mark.parametrize(
    ("wer", "erwartet"),
    [
        (None, 404),
        ("partner_a", 200),
        ("kollegin_a", 200),
        ("partner_b", 404),  # B takes part in 5.2-1a, but A reported
        ("buergerschaft", 404),
        ("buero", 200),
    ],
)
@pytest.mark.parametrize("freigegeben", [False, True])
def test_download_by_role(client, personen, plan, wer, erwartet, freigegeben):
    sachstand = melden_mit_anhang(client, personen, plan)
    if freigegeben:  # attachments stay working documents after approval
        sachstaende.freigeben(sachstand, personen.buero)
    client.logout()
    if wer:
        client.force_login(getattr(personen, wer))
    antwort = client.get(download(sachstand, sachstand.anhaenge.get()))
    assert antwort.status_code == erwartet
    if erwartet == 200:
        assert b"".join(antwort.streaming_content) == PDF
        assert antwort["Content-Type"] == "application/pdf"
        assert antwort["Content-Disposition"].startswith("attachment")
        assert 'filename="bericht.pdf"' in antwort["Content-Disposition"]
        assert antwort["X-Content-Type-Options"] == "nosniff"
        assert antwort["Content-Security-Policy"].startswith("sandbox")


def test_download_under_another_sachstand_is_404(client, personen, plan):
    sachstand = melden_mit_anhang(client, personen, plan)
    anderer = b.sachstand(plan.d, personen.akteur_a, personen.partner_a)
    antwort = client.get(
        reverse(
            "measures:anhang", kwargs={"pk": anderer.pk, "anhang_pk": sachstand.anhaenge.get().pk}
        )
    )
    assert antwort.status_code == 404


# --- a sent-back Sachstand starts the new one ------------------------------------------------


def test_new_after_return_starts_from_the_returned_content(client, personen, plan):
    alt = b.sachstand(
        plan.a,
        personen.akteur_a,
        personen.partner_a,
        status=Status.VERZOEGERT,
        ampel=Ampel.KRITISCH,
        fortschritt=15,
        text="Mein alter Text",
        notiz_an_buero="alte Notiz",
    )
    sachstaende.zurueckgeben(alt, personen.buero, "Bitte Zahlen nennen.")
    client.force_login(personen.kollegin_a)
    antwort = client.get(formular() + f"?aus={alt.pk}")
    initial = antwort.context["form"].initial
    assert (initial["status"], initial["ampel"], initial["fortschritt"]) == (
        Status.VERZOEGERT,
        Ampel.KRITISCH,
        15,
    )
    assert (initial["text"], initial["notiz_an_buero"]) == ("Mein alter Text", "alte Notiz")
    inhalt = antwort.content.decode()
    assert inhalt.index("Bitte Zahlen nennen.") < inhalt.index('<form method="post"')
    # Without the parameter the latest own one counts, if it was sent back.
    assert client.get(formular()).context["form"].initial["text"] == "Mein alter Text"


def test_foreign_sachstand_is_no_template(client, personen, plan):
    fremd = b.sachstand(plan.a, personen.akteur_b, personen.partner_b, text="Text von B")
    sachstaende.zurueckgeben(fremd, personen.buero, "Kommentar für B")
    client.force_login(personen.partner_a)
    antwort = client.get(formular() + f"?aus={fremd.pk}")
    assert antwort.context["form"].initial.get("text") != "Text von B"
    assert "Kommentar für B" not in antwort.content.decode()


# --- Meine Maßnahmen: filter, sort, pages ----------------------------------------------------

MEINE = reverse("measures:meine-massnahmen")


def test_filter_by_handlungsfeld_status_and_round(client, personen, plan):
    runde = b.berichtsrunde()
    berichtsrunden.oeffnen(runde, mails=False)
    sachstaende.einreichen(
        personen.partner_a,
        plan.a,
        **{k: v for k, v in eingabe().items() if k != "notiz_an_buero"}
        | {"datum": timezone.localdate(), "fortschritt": 30},
    )
    client.force_login(personen.partner_a)

    def liste(query):
        return list(client.get(MEINE + query).context["massnahmen"])

    assert liste("?handlungsfeld=4.1.2") == [plan.d]
    assert liste("?status=umgesetzt") == [plan.c]
    assert liste("?runde=angefragt") == [plan.a, plan.d]
    assert liste("?runde=beantwortet") == [plan.a]
    assert liste("?runde=offen") == [plan.d]
    assert liste("?sortierung=referenz") == [plan.d, plan.a, plan.c]
    assert liste("?sortierung=-letzter_sachstand")[0] == plan.a
    assert liste("?sortierung=letzter_sachstand")[-1] == plan.a
    # Nonsense is ignored, never a 500.
    assert client.get(MEINE + "?status=kaputt&sortierung=x&handlungsfeld=9").status_code == 200


def test_filter_form_is_accessible(client, personen, plan):
    client.force_login(personen.partner_a)
    inhalt = client.get(MEINE).content.decode()
    assert "<fieldset>" in inhalt and "<legend>" in inhalt
    assert "Filter anwenden" in inhalt and "zurücksetzen" in inhalt
    assert 'for="id_handlungsfeld"' in inhalt


def test_pages_keep_the_filter(client, personen):
    massnahmen = b.plan_mit_massnahmen(25, akteure=[personen.akteur_a, personen.akteur_b])
    assert len(massnahmen) >= 25
    client.force_login(personen.partner_a)
    antwort = client.get(MEINE + "?sortierung=referenz")
    assert len(antwort.context["massnahmen"]) == 20
    assert "sortierung=referenz&amp;page=2" in antwort.content.decode()
    assert len(client.get(MEINE + "?sortierung=referenz&page=2").context["massnahmen"]) == 5


@pytest.mark.parametrize("wer", [None, "partner_a", "buero"])
def test_download_with_an_id_beyond_64_bits_is_404(client, personen, plan, wer):
    if wer:
        client.force_login(getattr(personen, wer))
    zu_gross = 10**30
    antwort = client.get(f"/sachstaende/{zu_gross}/anhaenge/{zu_gross}/")
    assert antwort.status_code == 404
