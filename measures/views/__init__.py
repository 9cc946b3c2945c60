"""Public and partner pages (one module per page group)."""

from django.views.generic import TemplateView


class OverviewView(TemplateView):
    template_name = "base.html"
