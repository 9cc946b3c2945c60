"""The accounts in the admin: the Büro manages partner accounts, superusers everything else.

Django's own UserAdmin offers ``is_superuser``, ``is_staff``, every group and every permission
to anyone with ``auth.change_user``. Here the Büro's forms have none of those fields, the groups
are limited to what konten/rechte.py lets the giver hand out, and the saved result is checked
again against the same rule, so that a forged POST is refused as well (403, nothing saved).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from konten.models import ApiToken
from konten.passwort import passwort_link_senden
from konten.rechte import (
    Stand,
    darf_konto_bearbeiten,
    gruppenrechte_pruefen,
    vergabe_pruefen,
    vergebbare_gruppen,
)
from measures.models import Akteur


def akteure_feld():
    return forms.ModelMultipleChoiceField(
        label=_("Akteure"),
        queryset=Akteur.objects.order_by("name"),
        required=False,
        widget=FilteredSelectMultiple(_("Akteure"), is_stacked=False),
        help_text=_("Für diese Akteure meldet das Konto Sachstände."),
    )


def akteure_setzen(user, akteure):
    """Make ``user`` a member of exactly ``akteure``, from the Akteur's side so that its history
    (django-simple-history tracks Akteur.mitglieder) records each change."""
    neu = set(akteure)
    bisher = set(user.akteure.all())
    for akteur in bisher - neu:
        akteur.mitglieder.remove(user)
    for akteur in neu - bisher:
        akteur.mitglieder.add(user)


class RechteFormMixin:
    """Checks the rights a form would give (konten/rechte.py) and keeps groups it may not touch.

    ``actor`` is set by the ModelAdmin on the form class it hands out for one request.
    """

    actor = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.vorher = Stand.von(self.instance)
        self.behaltene_gruppen = frozenset()
        if "groups" in self.fields:
            erlaubt = vergebbare_gruppen(self.actor)
            self.fields["groups"].queryset = erlaubt
            # Groups of the account the giver may not touch stay as they are.
            self.behaltene_gruppen = self.vorher.gruppen - set(erlaubt.values_list("pk", flat=True))
        if self.instance.pk:
            self.initial["akteure"] = list(self.instance.akteure.values_list("pk", flat=True))

    def nachher(self):
        daten = self.cleaned_data
        gruppen = self.vorher.gruppen
        if "groups" in daten:
            gruppen = frozenset(g.pk for g in daten["groups"]) | self.behaltene_gruppen
        rechte = self.vorher.rechte
        if "user_permissions" in daten:
            rechte = frozenset(p.pk for p in daten["user_permissions"])
        return Stand(
            is_superuser=daten.get("is_superuser", self.vorher.is_superuser),
            is_staff=daten.get("is_staff", self.vorher.is_staff),
            gruppen=gruppen,
            rechte=rechte,
        )

    def clean(self):
        daten = super().clean()
        try:
            vergabe_pruefen(self.actor, self.vorher, self.nachher())
        except ValidationError as fehler:
            self.add_error(None, fehler)
        return daten

    def _save_m2m(self):
        super()._save_m2m()
        if self.behaltene_gruppen:
            self.instance.groups.add(*self.behaltene_gruppen)
        akteure_setzen(self.instance, self.cleaned_data["akteure"])


class KontoAnlegenForm(RechteFormMixin, forms.ModelForm):
    """The Büro creates a partner account; the partner sets the password through the mailed link."""

    akteure = akteure_feld()
    passwort_link = forms.BooleanField(
        label=_("Link zum Festlegen des Passworts senden"),
        required=False,
        initial=True,
        help_text=_("Die Person bekommt eine E-Mail mit einem Link, der einmal gilt."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "groups"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


class KontoAendernForm(RechteFormMixin, forms.ModelForm):
    akteure = akteure_feld()

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active", "groups"]


class SuperuserAnlegenForm(RechteFormMixin, AdminUserCreationForm):
    akteure = akteure_feld()


class SuperuserAendernForm(RechteFormMixin, UserChangeForm):
    akteure = akteure_feld()


BUERO_FELDER = (
    (None, {"fields": ("username",)}),
    (_("Person"), {"fields": ("first_name", "last_name", "email")}),
    (_("Rollen und Akteure"), {"fields": ("is_active", "groups", "akteure")}),
    (_("Wichtige Daten"), {"fields": ("last_login", "date_joined")}),
)
BUERO_ANLEGEN_FELDER = (
    (None, {"fields": ("username", "passwort_link")}),
    (_("Person"), {"fields": ("first_name", "last_name", "email")}),
    (_("Rollen und Akteure"), {"fields": ("groups", "akteure")}),
)


def _ersetzt(felder):
    return tuple("akteure_anzeige" if feld == "akteure" else feld for feld in felder)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class BenutzerAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups")
    actions = ["passwort_link_aktion", "deaktivieren_aktion"]

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            akteure = (_("Akteure"), {"fields": ("akteure",)})
            felder = (*super().get_fieldsets(request, obj), akteure)
        else:
            felder = BUERO_ANLEGEN_FELDER if obj is None else BUERO_FELDER
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only view: the Akteure as text (the form field exists only in forms).
            felder = [
                (titel, {**optionen, "fields": _ersetzt(optionen["fields"])})
                for titel, optionen in felder
            ]
        return felder

    @admin.display(description=_("Akteure"))
    def akteure_anzeige(self, obj):
        return ", ".join(a.name for a in obj.akteure.order_by("name")) or "–"

    def get_readonly_fields(self, request, obj=None):
        # Nobody becomes superuser in a form: only `manage.py createsuperuser` makes one.
        if request.user.is_superuser:
            return ("is_superuser", "last_login", "date_joined")
        return ("last_login", "date_joined")

    def get_form(self, request, obj=None, **kwargs):
        if request.user.is_superuser:
            basis = SuperuserAnlegenForm if obj is None else SuperuserAendernForm
        else:
            basis = KontoAnlegenForm if obj is None else KontoAendernForm
        kwargs["form"] = type(basis.__name__, (basis,), {"actor": request.user})
        # UserAdmin.get_form swaps in add_form for new accounts; ours is already chosen.
        return admin.ModelAdmin.get_form(self, request, obj, **kwargs)

    def has_change_permission(self, request, obj=None):
        erlaubt = super().has_change_permission(request, obj)
        return erlaubt and (obj is None or darf_konto_bearbeiten(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        erlaubt = super().has_delete_permission(request, obj)
        return erlaubt and (obj is None or darf_konto_bearbeiten(request.user, obj))

    def user_change_password(self, request, id, form_url=""):
        # The Büro sends a link instead of knowing a partner's password.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The same rule once more on what was actually stored: the admin's view is atomic,
        # so a refusal here leaves nothing behind.
        try:
            vergabe_pruefen(request.user, form.vorher, Stand.von(form.instance))
        except ValidationError as fehler:
            raise PermissionDenied(" ".join(fehler.messages)) from fehler
        if not change and form.cleaned_data.get("passwort_link"):
            if passwort_link_senden(form.instance):
                self.message_user(request, _("Der Link zum Festlegen des Passworts ist versandt."))
            else:
                self.message_user(
                    request,
                    _("Kein Link versandt: das Konto hat keine E-Mail-Adresse."),
                    messages.WARNING,
                )

    @admin.action(description=_("Link zum Festlegen des Passworts senden"), permissions=["change"])
    def passwort_link_aktion(self, request, queryset):
        gesendet = 0
        for user in queryset:
            if darf_konto_bearbeiten(request.user, user) and passwort_link_senden(user):
                gesendet += 1
        self.message_user(
            request,
            ngettext("%(n)d Link versandt.", "%(n)d Links versandt.", gesendet) % {"n": gesendet},
        )

    @admin.action(description=_("Ausgewählte Konten deaktivieren"), permissions=["change"])
    def deaktivieren_aktion(self, request, queryset):
        anzahl = 0
        for user in queryset.filter(is_active=True):
            if user != request.user and darf_konto_bearbeiten(request.user, user):
                user.is_active = False
                user.save()  # revokes the API tokens (konten/signals.py)
                anzahl += 1
        self.message_user(
            request,
            ngettext("%(n)d Konto deaktiviert.", "%(n)d Konten deaktiviert.", anzahl)
            % {"n": anzahl},
        )


class GruppeForm(forms.ModelForm):
    actor = None

    class Meta:
        model = Group
        fields = ["name", "permissions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.vorher = set()
        if self.instance.pk:
            self.vorher = set(self.instance.permissions.values_list("pk", flat=True))

    def clean(self):
        daten = super().clean()
        if "permissions" in daten:
            try:
                gruppenrechte_pruefen(self.actor, self.vorher, {p.pk for p in daten["permissions"]})
            except ValidationError as fehler:
                self.add_error("permissions", fehler)
        return daten


@admin.register(Group)
class GruppenAdmin(GroupAdmin):
    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = type("GruppeForm", (GruppeForm,), {"actor": request.user})
        return super().get_form(request, obj, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            gruppenrechte_pruefen(
                request.user,
                form.vorher,
                set(form.instance.permissions.values_list("pk", flat=True)),
            )
        except ValidationError as fehler:
            raise PermissionDenied(" ".join(fehler.messages)) from fehler


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Superusers see who holds which token and may revoke one; nobody sees a secret."""

    list_display = ("token_key", "user", "bezeichnung", "created", "zuletzt_benutzt", "expiry")
    search_fields = ("user__username", "bezeichnung")
    fields = ("token_key", "user", "bezeichnung", "created", "zuletzt_benutzt", "expiry")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
