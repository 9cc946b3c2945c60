"""All best-practice examples of the concept, by Handlungsfeld."""

from django.views.generic import ListView

from concept.models import BestPracticeBeispiel


class BestPracticeView(ListView):
    template_name = "portal/best_practice.html"
    context_object_name = "beispiele"

    def get_queryset(self):
        return (
            BestPracticeBeispiel.objects.im_aktuellen_konzept()
            .select_related("handlungsfeld")
            .order_by("handlungsfeld__sortierung", "sortierung", "titel")
        )
