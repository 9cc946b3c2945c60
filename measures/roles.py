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

# What each role may do in Django's permission system. The Büro works in the admin and may do
# everything with the plan and the accounts; partners and council members never reach the admin
# (they are not ``is_staff``) — their rights on pages come from measures/permissions.py.
BUERO_APPS = ("concept", "measures", "monitoring")
BUERO_WEITERE_RECHTE = [
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_user"),
    ("auth", "view_group"),
    # The mail log (read, and "erneut senden") and the background tasks' results (versand/).
    ("versand", "view_mail"),
    ("versand", "change_mail"),
    ("django_tasks_database", "view_dbtaskresult"),
    # The Büro's assessments (written, submitted and reviewed; never deleted) and the stored
    # report files (read only: the worker writes them). Not BUERO_APPS: no delete, no forged file.
    ("berichte", "add_einschaetzung"),
    ("berichte", "change_einschaetzung"),
    ("berichte", "view_einschaetzung"),
    ("berichte", "view_berichtsdatei"),
    # The summaries in Leichte Sprache and their review (leichte_sprache/). No delete: the
    # loader would bring the draft back; the Büro edits instead.
    ("leichte_sprache", "add_zusammenfassung"),
    ("leichte_sprache", "change_zusammenfassung"),
    ("leichte_sprache", "view_zusammenfassung"),
]
NETZWERKPARTNER_RECHTE = [("measures", "add_sachstand"), ("measures", "view_sachstand")]


def rollen_einrichten(apps=None, using="default"):
    """Create the groups and give them their permissions; safe to run again at any time.

    Rights are only added, never removed, so that a permission granted by hand survives.
    ``apps`` is the migration's historical registry, or None for the running project.
    """
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    berechtigungen = Permission.objects.using(using)

    def rechte(paare):
        rechte = berechtigungen.none()
        for app_label, codename in paare:
            rechte |= berechtigungen.filter(content_type__app_label=app_label, codename=codename)
        return list(rechte)

    gruppen = {name: Group.objects.using(using).get_or_create(name=name)[0] for name in ROLLEN}
    gruppen[BUERO].permissions.add(
        *berechtigungen.filter(content_type__app_label__in=BUERO_APPS),
        *rechte(BUERO_WEITERE_RECHTE),
    )
    gruppen[NETZWERKPARTNER].permissions.add(*rechte(NETZWERKPARTNER_RECHTE))
    return gruppen
