"""The page of one Handlungsfeld in Leichte Sprache: ``/handlungsfelder/<nummer>/leichte-sprache/``.

A page of its own rather than a section of the Handlungsfeld page: a reader of Leichte Sprache
gets a short page that is plain from its title to its end, and needs no script and no way
through the adopted wording to reach it. The Handlungsfeld page links here at its top.
"""

from django.http import Http404
from django.views.generic import DetailView

from leichte_sprache.models import Zusammenfassung


class ZusammenfassungView(DetailView):
    template_name = "leichte_sprache/zusammenfassung.html"
    context_object_name = "zusammenfassung"

    def get_object(self, queryset=None):
        try:
            return (
                Zusammenfassung.objects.im_aktuellen_konzept()
                .select_related("handlungsfeld")
                .get(handlungsfeld__nummer=self.kwargs["nummer"])
            )
        except Zusammenfassung.DoesNotExist as fehlt:
            raise Http404("Keine Zusammenfassung in Leichter Sprache") from fehlt
