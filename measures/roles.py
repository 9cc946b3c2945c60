"""The roles of DESIGN.md as Django groups (created by a migration; names used everywhere)."""

from django.utils.translation import gettext_lazy as _

BUERO = "Büro für Integration"
NETZWERKPARTNER = "Netzwerkpartner"
BUERGERSCHAFT = "Bürgerschaft"

ROLLEN = {
    BUERO: _("Büro für Integration"),
    NETZWERKPARTNER: _("Netzwerkpartner / Fachamt"),
    BUERGERSCHAFT: _("Bürgerschaft"),
}
