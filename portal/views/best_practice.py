"""All best-practice examples of the concept, by Handlungsfeld."""

from django.views.generic import ListView

from concept.models import BestPracticeBeispiel
from portal.views.base import aktuelles_konzept


class BestPracticeView(ListView):
    template_name = "portal/best_practice.html"
    context_object_name = "beispiele"

    def get_queryset(self):
        return (
            BestPracticeBeispiel.objects.filter(handlungsfeld__konzept=aktuelles_konzept())
            .select_related("handlungsfeld")
            .order_by("handlungsfeld__sortierung", "sortierung", "titel")
        )
