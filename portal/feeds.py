"""Atom feeds of the change log (measures/aenderungen.py): the whole concept, one Handlungsfeld,
one Akteur. Django's syndication framework; each entry is an approved Sachstand (its public
text only) or a status change of a Maßnahme of the current Konzept, newest first, at most
``EINTRAEGE``.

Entry ids are tag URIs (RFC 4151) from the host, a fixed date and the entry's kind and row:
they stay the same however often a reader fetches the feed.

A Feed instance serves every request of its URL (possibly in threads), so nothing of a request
is kept on it: ``get_object`` returns a ``Quelle`` with the request, and the methods read that.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concept.models import Handlungsfeld
from measures import aenderungen
from measures.models import Akteur

# Enough for a reader that looks in once a month; the API has the full log.
EINTRAEGE = 50
# The date in the entries' tag URIs: when the feeds began. Never change it (ids would change).
TAG_DATUM = "2026-12-01"
# The author of status changes: the Büro sets them in the admin.
BUERO = gettext_lazy("Büro für Integration der Hanse- und Universitätsstadt Rostock")


@dataclass
class Quelle:
    """What one request's feed is about: ``objekt`` (None, a Handlungsfeld or an Akteur)."""

    request: object
    objekt: object = None

    @property
    def tag_basis(self):
        """``tag:<host>,<date>:`` – a tag URI's authority is a name without port."""
        name, _port = split_domain_port(self.request.get_host())
        return f"tag:{name},{TAG_DATUM}:"


class AenderungenFeed(Feed):
    """The whole concept's changes."""

    feed_type = Atom1Feed
    description_template = "portal/feeds/aenderung.html"
    item_guid_is_permalink = False

    def get_object(self, request, *args, **kwargs):
        return Quelle(request)

    def title(self, obj):
        return _("Integrationsportal Rostock: Änderungen")

    def subtitle(self, obj):
        return _("Freigegebene Sachstände und Statusänderungen der Maßnahmen des Konzepts.")

    def link(self, obj):
        return reverse("measures:overview")

    def feed_url(self, obj):
        return reverse("measures:feed")

    def feed_guid(self, obj):
        return obj.tag_basis + self.feed_url(obj)

    def author_name(self, obj):
        return str(BUERO)

    def filter(self, obj):
        """The arguments of ``aenderungen.aenderungen`` for this feed."""
        return {}

    def items(self, obj):
        eintraege = aenderungen.laden(aenderungen.aenderungen(**self.filter(obj))[:EINTRAEGE])
        # What the entry methods (which get the entry only) need of the request.
        for eintrag in eintraege:
            eintrag.guid = f"{obj.tag_basis}aenderung/{eintrag.art}-{eintrag.eintrag}"
            eintrag.akteur_url = (
                obj.request.build_absolute_uri(eintrag.akteur.get_absolute_url())
                if eintrag.akteur
                else None
            )
        return eintraege

    def item_title(self, item):
        if item.art == aenderungen.SACHSTAND:
            return _("%(referenz)s: Sachstand vom %(datum)s") % {
                "referenz": item.massnahme.referenz,
                "datum": date_format(item.sachstand.datum, "SHORT_DATE_FORMAT"),
            }
        return _("%(referenz)s: Status „%(vorher)s“ → „%(jetzt)s“") % {
            "referenz": item.massnahme.referenz,
            "vorher": item.status_vorher_anzeige,
            "jetzt": item.status_anzeige,
        }

    def item_link(self, item):
        # The part of the measure's page that shows the change.
        abschnitt = "#sachstaende" if item.art == aenderungen.SACHSTAND else "#stand"
        return item.massnahme.get_absolute_url() + abschnitt

    def item_guid(self, item):
        return item.guid

    def item_pubdate(self, item):
        return item.zeitpunkt

    def item_updateddate(self, item):
        return item.zeitpunkt

    def item_author_name(self, item):
        return item.akteur.name if item.akteur else str(BUERO)

    def item_author_link(self, item):
        return item.akteur_url

    def item_categories(self, item):
        handlungsfeld = item.massnahme.teilziel.handlungsfeld
        return [f"{handlungsfeld.nummer} {handlungsfeld.titel}"]


class HandlungsfeldFeed(AenderungenFeed):
    """The changes of one Handlungsfeld's measures (current Konzept)."""

    def get_object(self, request, nummer):
        handlungsfeld = get_object_or_404(
            Handlungsfeld.objects.im_aktuellen_konzept(), nummer=nummer
        )
        return Quelle(request, handlungsfeld)

    def title(self, obj):
        return _("Integrationsportal Rostock: Änderungen in %(nummer)s %(titel)s") % {
            "nummer": obj.objekt.nummer,
            "titel": obj.objekt.titel,
        }

    def link(self, obj):
        return reverse("measures:handlungsfeld", kwargs={"nummer": obj.objekt.nummer})

    def feed_url(self, obj):
        return reverse("measures:feed-handlungsfeld", kwargs={"nummer": obj.objekt.nummer})

    def filter(self, obj):
        return {"handlungsfeld": obj.objekt}


class AkteurFeed(AenderungenFeed):
    """The changes of the measures an Akteur (or one of its subunits) is responsible for."""

    def get_object(self, request, slug):
        return Quelle(request, get_object_or_404(Akteur, slug=slug))

    def title(self, obj):
        return _("Integrationsportal Rostock: Änderungen bei %(akteur)s") % {
            "akteur": obj.objekt.name
        }

    def link(self, obj):
        return obj.objekt.get_absolute_url()

    def feed_url(self, obj):
        return reverse("measures:feed-akteur", kwargs={"slug": obj.objekt.slug})

    def filter(self, obj):
        return {"akteur": obj.objekt}
