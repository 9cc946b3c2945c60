"""portal/templatetags/karten.py: the Maßnahme card and the Zuständigkeiten, built in Python.

What the include templates gave, now from Python: every value escaped, the Akteure by side
with federführend in words, the references, the links — on the Handlungsfeld page, the list
and the single measure's page; time travel shows the Akteure of then.
"""

import pytest
from django.template import Context, Template, TemplateSyntaxError

from measures.choices import Seite
from measures.models import Massnahme
from tests import builders as b

pytestmark = pytest.mark.django_db

BOESE = '<script>alert("x")</script> & Co'


@pytest.fixture
def plan():
    k = b.konzept()
    hf = b.handlungsfeld(b.kapitel(k), "5.2", titel="Arbeit")
    ziel = b.handlungsfeld(b.kapitel(k, nummer="6"), "5.4.1", titel="Gesundheit")
    tz = b.teilziel(hf, 1)
    m = b.massnahme(tz, "a", text=f"Erster Absatz {BOESE}\n\n- Punkt eins")
    m.verweise.add(ziel)
    intern = b.akteur(f"Amt {BOESE}", slug="amt-boese")
    extern = b.akteur("Verein Brücke", seite=Seite.EXTERN, slug="verein-bruecke")
    b.zustaendigkeit(m, intern, federfuehrend=True, hinweis=f"nur {BOESE}")
    b.zustaendigkeit(m, extern)
    b.massnahme(tz, "b", text="Ohne Akteure.")
    return m


def test_handlungsfeld_page_shows_the_card_escaped(client, plan):
    html = client.get("/handlungsfelder/5.2/").content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html
    # Heading level 4 under the Teilziel's h3, the reference as the concept writes it.
    assert (
        f'<h4 class="karte-titel" id="massnahme-{plan.pk}"><a href="/massnahmen/5.2-1a/">'
        '<span class="visually-hidden">Maßnahme </span>5.2 / 1 a</a></h4>'
    ) in html
    assert '<div class="massnahme-text" lang="de"><p>Erster Absatz' in html
    assert "<ul><li>Punkt eins</li></ul>" in html
    # Inside first, federführend in words, the note; the link by the Akteur's slug.
    intern = html.index("verwaltungsintern")
    extern = html.index("verwaltungsextern")
    assert intern < extern
    assert '<a href="/akteure/amt-boese/">Amt &lt;script&gt;' in html
    assert '<strong class="federfuehrend">(federführend)</strong>' in html
    assert '<span class="hinweis">– <span lang="de">nur &lt;script&gt;' in html
    verweis = '<a href="/handlungsfelder/5.4.1/" lang="de">5.4.1 Gesundheit</a>'
    assert f'<p class="verweise">Vgl. {verweis}</p>' in html
    assert "Noch keine zuständigen Akteure eingetragen." in html


def test_the_list_shows_cards_at_level_three_without_references(client, plan):
    html = client.get("/massnahmen/").content.decode()
    assert f'<h3 class="karte-titel" id="massnahme-{plan.pk}">' in html
    assert '<a href="/akteure/verein-bruecke/">Verein Brücke</a>' in html
    assert 'class="verweise"' not in html


def test_the_measure_page_lists_its_akteure(client, plan):
    html = client.get("/massnahmen/5.2-1a/").content.decode()
    assert '<dl class="zustaendigkeiten">' in html
    assert '<a href="/akteure/amt-boese/">Amt &lt;script&gt;' in html


def test_english_words_on_an_english_page(client, plan):
    """The fixed words are translated once per render, in the render's language."""
    html = client.get("/en/handlungsfelder/5.2/").content.decode()  # English under /en/
    assert '<strong class="federfuehrend">(lead)</strong>' in html
    assert '<p class="verweise">Cf. ' in html
    assert "No responsible actors entered yet." in html
    # The next German render is German again: nothing of the English one is kept.
    assert "(federführend)" in client.get("/handlungsfelder/5.2/").content.decode()


def test_a_heading_level_outside_the_page_is_refused(plan):
    m = Massnahme.objects.fuer_karten().get(pk=plan.pk)
    vorlage = Template("{% load karten %}{% massnahme_karte m 1 %}")
    with pytest.raises(TemplateSyntaxError):
        vorlage.render(Context({"m": m}))


def test_cards_need_the_prefetched_lists(plan):
    """A view that forgets ``fuer_karten`` fails in its tests instead of querying per card."""
    m = Massnahme.objects.mit_verzug().get(pk=plan.pk)
    vorlage = Template("{% load karten %}{% massnahme_karte m 3 zeige_akteure=True %}")
    with pytest.raises(AttributeError):
        vorlage.render(Context({"m": m}))
