"""The Büro records a Sachstand on an Akteur's behalf (phone, e-mail, paper).

One page per Maßnahme (reached from the Maßnahme's change page, "Sachstand für einen Akteur
erfassen"): the partner's own form with the responsible Akteure to choose from, stored by
``sachstaende.erfassen_fuer`` and then reviewed like every other Sachstand.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal.eingaben import GROESSTE_ZAHL
from measures import anhaenge, sachstaende, sachstand_zusaetze
from measures.choices import Pruefstatus
from measures.forms import SachstandForm
from measures.models import Akteur, Massnahme, Sachstand
from measures.permissions import ist_buero


class ErfassenForm(SachstandForm):
    """The partner's form, worded for the Büro; the Akteur is always asked for."""

    def __init__(self, *args, akteure=(), **kwargs):
        super().__init__(*args, akteure=akteure, **kwargs)
        # Asked even when one Akteur alone is responsible: the page says on whose behalf.
        self.fields["akteur"] = forms.ModelChoiceField(
            queryset=Akteur.objects.filter(pk__in=[a.pk for a in akteure]).order_by("name"),
            label=gettext_lazy("Für welchen Akteur erfassen Sie?"),
            empty_label=None if len(akteure) == 1 else gettext_lazy("– bitte wählen –"),
        )
        self.order_fields(["akteur"])
        self.fields["notiz_an_buero"].label = gettext_lazy(
            "Interne Notiz (wird nicht veröffentlicht)"
        )
        self.fields["notiz_an_buero"].help_text = gettext_lazy(
            "Z. B. wie der Sachstand kam: „telefonisch am …“, „per E-Mail von …“."
        )


def erfassen_view(model_admin, request, massnahme_pk):
    if not (ist_buero(request.user) and request.user.has_perm("measures.add_sachstand")):
        raise PermissionDenied
    if massnahme_pk > GROESSTE_ZAHL:  # no id is that large; SQLite would overflow
        raise Http404
    massnahme = get_object_or_404(
        Massnahme.objects.select_related("teilziel__handlungsfeld"), pk=massnahme_pk
    )
    akteure = list(
        Akteur.objects.filter(zustaendigkeiten__massnahme=massnahme).order_by("name").distinct()
    )
    form = ErfassenForm(
        request.POST or None,
        request.FILES or None,
        akteure=akteure,
        instance=Sachstand(massnahme=massnahme),
        # The measure's Leistung figures, as in the partner's form (measures/sachstand_zusaetze.py).
        zahlfelder=sachstand_zusaetze.zahlfelder([massnahme.pk])[massnahme.pk],
        initial={
            "datum": timezone.localdate(),
            "status": massnahme.status,
            "ampel": massnahme.ampel,
            "fortschritt": massnahme.fortschritt,
        },
    )
    if request.method == "POST" and akteure and form.is_valid():
        try:
            with transaction.atomic():
                sachstand = sachstaende.erfassen_fuer(
                    request.user, massnahme, form.cleaned_data["akteur"], **form.daten()
                )
                anhaenge.speichern(sachstand, form.cleaned_data["anhaenge"])
        except ValidationError as fehler:
            form.add_error(None, fehler)
        else:
            model_admin.message_user(
                request,
                _(
                    "Der Sachstand zu %(massnahme)s wurde für %(akteur)s erfasst und wartet "
                    "auf die Prüfung."
                )
                % {"massnahme": massnahme.referenz, "akteur": sachstand.akteur},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:measures_sachstand_changelist")
                + f"?pruefung={Pruefstatus.EINGEREICHT}"
            )
    return TemplateResponse(
        request,
        "admin/measures/sachstand/erfassen.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Sachstand für einen Akteur erfassen"),
            "opts": Sachstand._meta,
            "form": form,
            "massnahme": massnahme,
            "akteure": akteure,
        },
    )
