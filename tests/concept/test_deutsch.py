"""German order (DIN 5007-1) and short titles of concept texts."""

from concept.deutsch import KURZTITEL_MAX, deutsch_sortieren, kurztitel


def test_umlaute_sortieren_wie_ihr_grundbuchstabe():
    namen = ["Konservatorium", "Zoll", "Kämmereiamt", "Bürgerschaft", "Ärztekammer", "Amt A"]
    assert sorted(namen, key=deutsch_sortieren) == [
        "Amt A",
        "Ärztekammer",
        "Bürgerschaft",
        "Kämmereiamt",
        "Konservatorium",
        "Zoll",
    ]
    # The naive order puts every umlaut after z.
    assert sorted(namen)[-1] == "Ärztekammer"


def test_gross_klein_und_eszett():
    assert sorted(["amt b", "Amt a", "AMT C"], key=deutsch_sortieren) == ["Amt a", "amt b", "AMT C"]
    assert deutsch_sortieren("Straße")[0] == deutsch_sortieren("Strasse")[0]
    assert sorted(["Strassenbau", "Straße"], key=deutsch_sortieren) == ["Straße", "Strassenbau"]


def test_kurztitel_ist_der_erste_satz():
    assert kurztitel("Kurse ausbauen. Danach mehr.") == "Kurse ausbauen."
    # Abbreviations and ordinal numbers end no sentence.
    text = "Angebote z. B. der VHS bzw. Träger ab dem 1. Januar bündeln. Zweiter Satz."
    assert kurztitel(text) == "Angebote z. B. der VHS bzw. Träger ab dem 1. Januar bündeln."
    assert kurztitel("Ohne Punkt\nüber zwei Zeilen") == "Ohne Punkt über zwei Zeilen"


def test_kurztitel_kuerzt_lange_saetze_am_wort():
    text = "Wort " * 60
    kurz = kurztitel(text)
    assert len(kurz) <= KURZTITEL_MAX
    assert kurz.endswith("Wort…")
    assert kurztitel("") == ""
