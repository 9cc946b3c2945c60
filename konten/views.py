"""The account's own pages under /konto/: second factor, API tokens, throttled password reset."""

import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_otp import login as otp_login
from knox.settings import knox_settings

from integration_portal import maildrossel
from integration_portal.client_ip import client_ip
from konten import tokens, zwei_faktor
from konten.forms import CodeForm, TokenForm
from konten.models import ApiToken
from konten.passwort import PasswortLinkForm
from measures.permissions import ist_buergerschaft, ist_buero

sicherheitsprotokoll = logging.getLogger("integration_portal.security")


def protokollieren(request, meldung, ereignis):
    """One line in the security log (integration_portal/security_log.py), never a secret."""
    sicherheitsprotokoll.info(
        meldung,
        extra={
            "ereignis": ereignis,
            "benutzer": request.user.get_username(),
            "ip": client_ip(request),
            "pfad": request.path,
        },
    )


class ZweiFaktorView(LoginRequiredMixin, View):
    """Set up the app (QR code), confirm a code after the password, renew recovery codes."""

    template_name = "konten/zwei_faktor.html"

    def _weiter(self, request):
        ziel = request.POST.get("next") or request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(ziel, {request.get_host()}, request.is_secure()):
            return ziel
        return reverse("admin:index") if zwei_faktor.braucht_zweiten_faktor(request.user) else "/"

    def _seite(self, request, form=None, **kontext):
        user = request.user
        geraet = zwei_faktor.app_geraet(user)
        kontext.setdefault("form", form or CodeForm())
        kontext.update(
            next=self._weiter(request),
            pflicht=zwei_faktor.braucht_zweiten_faktor(user),
            bestaetigt=zwei_faktor.ist_bestaetigt(user),
            eingerichtet=geraet is not None,
        )
        if geraet is None:
            neu = zwei_faktor.neues_app_geraet(user)
            kontext["qr_svg"] = zwei_faktor.qr_svg(neu)
            kontext["geheimnis"] = zwei_faktor.geheimnis_lesbar(neu)
        elif kontext["bestaetigt"]:
            kontext["codes_uebrig"] = sum(
                g.token_set.count() for g in user.staticdevice_set.filter(confirmed=True)
            )
        return render(request, self.template_name, kontext)

    def get(self, request):
        return self._seite(request)

    def post(self, request):
        user = request.user
        aktion = request.POST.get("aktion", "")
        geraet = zwei_faktor.app_geraet(user)
        if aktion == "codes_neu" and geraet and zwei_faktor.ist_bestaetigt(user):
            codes = zwei_faktor.wiederherstellungscodes_erzeugen(user)
            return self._seite(request, neue_codes=codes)
        darf_entfernen = not zwei_faktor.braucht_zweiten_faktor(user)  # partners only
        if aktion == "entfernen" and geraet and zwei_faktor.ist_bestaetigt(user) and darf_entfernen:
            zwei_faktor.zweiten_faktor_entfernen(user)
            protokollieren(request, "Zweiter Faktor entfernt", "zweiter_faktor_entfernt")
            request.session[zwei_faktor.SITZUNG_PFLICHT] = False
            messages.success(request, _("Der zweite Faktor ist entfernt."))
            return HttpResponseRedirect(reverse("konten:zwei-faktor"))
        form = CodeForm(request.POST)
        if not form.is_valid():
            return self._seite(request, form)
        if geraet is None:
            # Setup: the first code from the app confirms the new device.
            neu = zwei_faktor.neues_app_geraet(user)
            if not neu.verify_token(form.cleaned_data["code"].strip()):
                form.add_error(
                    "code",
                    _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code der App ein."),
                )
                return self._seite(request, form)
            neu.confirmed = True
            neu.save()
            protokollieren(request, "Zweiter Faktor eingerichtet", "zweiter_faktor_eingerichtet")
            otp_login(request, neu)
            request.session[zwei_faktor.SITZUNG_PFLICHT] = True
            codes = zwei_faktor.wiederherstellungscodes_erzeugen(user)
            return self._seite(request, neue_codes=codes)
        bestaetigt = zwei_faktor.code_pruefen(user, form.cleaned_data["code"])
        if bestaetigt is None:
            protokollieren(request, "Zweiter Faktor falsch", "zweiter_faktor_falsch")
            form.add_error("code", _("Der Code stimmt nicht oder ist abgelaufen."))
            return self._seite(request, form)
        protokollieren(request, "Zweiter Faktor bestätigt", "zweiter_faktor_bestaetigt")
        otp_login(request, bestaetigt)
        return HttpResponseRedirect(self._weiter(request))


class TokensView(LoginRequiredMixin, View):
    """The account's API tokens: created, last used, expiry; new one (secret shown once); revoke."""

    template_name = "konten/tokens.html"

    def _seite(self, request, form=None, **kontext):
        kontext.update(
            form=form or TokenForm(),
            tokens=tokens.gueltige_tokens(request.user),
            gueltig_tage=knox_settings.TOKEN_TTL.days,
        )
        return render(request, self.template_name, kontext)

    def get(self, request):
        return self._seite(request)

    def post(self, request):
        if "widerrufen" in request.POST:
            # Only one's own token: another account's token is "not found".
            token = get_object_or_404(ApiToken, user=request.user, pk=request.POST["widerrufen"])
            token.delete()
            protokollieren(request, "API-Token widerrufen", "token_widerrufen")
            messages.success(request, _("Der Token ist widerrufen."))
            return HttpResponseRedirect(reverse("konten:tokens"))
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self._seite(request, form)
        token, geheimnis = tokens.token_erstellen(request.user, form.cleaned_data["bezeichnung"])
        protokollieren(request, "API-Token erstellt", "token_erstellt")
        return self._seite(request, neu=token, geheimnis=geheimnis)


class PasswortZuruecksetzenView(auth_views.PasswordResetView):
    """Django's reset page with limits per address and per client.

    Whether an address belongs to an account is never revealed: too many mails to one address
    end silently on the same "sent" page; only a client asking too often sees a message.
    The mail goes through versand (konten/passwort.py).
    """

    form_class = PasswortLinkForm

    def form_valid(self, form):
        if not maildrossel.client_erlaubt("passwort", self.request):
            form.add_error(
                None,
                _(
                    "Von Ihrem Anschluss kamen zu viele Anfragen. Bitte versuchen Sie es "
                    "in einer Stunde erneut."
                ),
            )
            return self.form_invalid(form)
        if not maildrossel.adresse_erlaubt("passwort", form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class StartNachAnmeldungView(LoginRequiredMixin, View):
    """Where a login without ``next`` leads (LOGIN_REDIRECT_URL): to what is the person's own.

    The Büro to its admin, the Bürgerschaft to its overview (berichte), everyone else (partners,
    Fachämter) to Meine Maßnahmen. The roles are the ones of measures/permissions.py.
    """

    def get(self, request):
        if ist_buero(request.user):
            ziel = "admin:index"
        elif ist_buergerschaft(request.user):
            ziel = "measures:buergerschaft"
        else:
            ziel = "measures:meine-massnahmen"
        return HttpResponseRedirect(reverse(ziel))
