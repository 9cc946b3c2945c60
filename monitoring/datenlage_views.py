"""The page „Datenlage“: where the monitoring has current data and where it is blind."""

from django.views.generic import TemplateView

from monitoring import datenlage


class DatenlageView(TemplateView):
    template_name = "monitoring/datenlage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["datenlage"] = datenlage.datenlage(self.request.user)
        context["frist_jaehrlich"] = datenlage.frist_monate("jaehrlich")
        context["nachlauf"] = datenlage.NACHLAUF_MONATE
        context["ohne_rhythmus"] = datenlage.OHNE_RHYTHMUS_MONATE
        context["ueberfaellig_nach"] = datenlage.UEBERFAELLIG_NACH_TAGEN
        return context
