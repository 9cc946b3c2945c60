"""The Büro manages partner accounts but never grants what it does not hold (issue 12, point 1).

The privilege test walks every add and change form of the admin site as ``buero`` and posts it
with forged privileged fields (``is_superuser``, ``is_staff``, every group, every permission);
afterwards no account or group carries a flag, group or permission ``buero`` did not hold.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.urls import NoReverseMatch, reverse

from konten.rechte import eigene_rechte
from measures.roles import BUERGERSCHAFT, BUERO, NETZWERKPARTNER, ROLLEN
from tests.konten.formular import formulardaten
from tests.measures.admin_daten import plan_anlegen

pytestmark = pytest.mark.django_db

GEFAELSCHT = {"is_superuser": "on", "is_staff": "on"}


def _gefaelscht():
    alle_rechte = [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]
    return {
        **GEFAELSCHT,
        "groups": [str(pk) for pk in Group.objects.values_list("pk", flat=True)],
        "user_permissions": alle_rechte,
        "permissions": alle_rechte,
    }


def _frisch(user):
    return User.objects.get(pk=user.pk)  # no cached permissions


def _superuser():
    return User.objects.create_superuser("chefin", "chefin@example.org", "geheim-12345")


def _stand_aller_konten():
    return {
        u.username: (u.is_superuser, u.is_staff, frozenset(u.groups.values_list("name", flat=True)))
        for u in User.objects.all()
    }


def _nichts_ueber_buero(buero, rechte_vorher, superuser):
    """The invariant: nothing anywhere exceeds what buero held before the walk."""
    buero = _frisch(buero)
    assert eigene_rechte(buero) == rechte_vorher, "buero hat sich selbst Rechte gegeben"
    erlaubte_gruppen = set(buero.groups.values_list("name", flat=True)) | set(ROLLEN)
    for user in User.objects.exclude(pk=superuser.pk):
        assert not user.is_superuser, user
        assert not user.user_permissions.exists(), user
        assert set(user.groups.values_list("name", flat=True)) <= erlaubte_gruppen, user
        assert eigene_rechte(user) <= rechte_vorher, user
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) <= {
        "buero",
        "chefin",
        "kollege",
    }
    for gruppe in Group.objects.all():
        rechte = {f"{p.content_type.app_label}.{p.codename}" for p in gruppe.permissions.all()}
        assert rechte <= rechte_vorher, gruppe


def _formular_urls():
    """(name, add URL or change URL) for every registered ModelAdmin and an existing object."""
    for model in admin.site._registry:
        meta = model._meta
        basis = f"admin:{meta.app_label}_{meta.model_name}"
        urls = [(f"{meta.label} hinzufügen", f"{basis}_add", [])]
        # Every account and group (they carry the rights); a few objects of everything else.
        objekte = model._default_manager.all()
        for obj in objekte if meta.app_label == "auth" else objekte[:3]:
            urls.append((f"{meta.label} {obj.pk} ändern", f"{basis}_change", [obj.pk]))
        for name, url_name, args in urls:
            try:
                yield name, reverse(url_name, args=args)
            except NoReverseMatch:
                continue


def test_privilege_walk_every_admin_form_as_buero(client, personen):
    plan_anlegen(personen)
    superuser = _superuser()
    kollege = User.objects.create_user("kollege", "kollege@example.org", "x", is_staff=True)
    kollege.groups.add(Group.objects.get(name=BUERO))
    buero = personen.buero
    rechte_vorher = eigene_rechte(_frisch(buero))
    client.force_login(buero)

    besucht = []
    for name, url in list(_formular_urls()):
        seite = client.get(url)
        assert seite.status_code in {200, 302, 403}, name
        daten = formulardaten(seite.content.decode()) if seite.status_code == 200 else {}
        antwort = client.post(url, {**daten, **_gefaelscht(), "_save": "Sichern"})
        assert antwort.status_code in {200, 302, 403}, (name, antwort.status_code)
        besucht.append(name)
        _nichts_ueber_buero(buero, rechte_vorher, superuser)

    # Every registered ModelAdmin's add form was tried, and the accounts and groups were among them.
    assert len([n for n in besucht if n.endswith("hinzufügen")]) >= len(admin.site._registry) - 5
    assert "auth.User hinzufügen" in besucht
    assert f"auth.User {superuser.pk} ändern" in besucht
    assert any(n.startswith("auth.Group") for n in besucht)
    assert _frisch(superuser).is_superuser


def test_buero_cannot_make_a_superuser_through_the_user_admin(client, personen):
    """The issue's scenario: add a user with is_superuser=on → the account opens nothing more."""
    client.force_login(personen.buero)
    antwort = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "neu",
            "email": "neu@example.org",
            "groups": [Group.objects.get(name=NETZWERKPARTNER).pk],
            **_gefaelscht() | {"groups": [Group.objects.get(name=NETZWERKPARTNER).pk]},
            "_save": "Sichern",
        },
    )
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    neu = User.objects.get(username="neu")
    assert not neu.is_superuser and not neu.is_staff
    assert not neu.user_permissions.exists()
    assert list(neu.groups.values_list("name", flat=True)) == [NETZWERKPARTNER]

    # A page buero itself gets 403 on (it may only view groups) stays closed to the new account.
    gesperrt = reverse("admin:auth_group_add")
    assert client.get(gesperrt).status_code == 403
    neu.set_password("geheim-12345")
    neu.save()
    client.logout()
    client.force_login(neu)
    assert client.get(gesperrt).status_code == 302  # to the admin login: no admin access
    assert client.get(reverse("admin:index")).status_code == 302


def test_buero_creates_partner_account_with_akteur_and_password_link(
    client, personen, django_capture_on_commit_callbacks
):
    client.force_login(personen.buero)
    seite = client.get(reverse("admin:auth_user_add")).content.decode()
    assert 'name="is_superuser"' not in seite
    assert 'name="is_staff"' not in seite
    assert 'name="user_permissions"' not in seite
    with django_capture_on_commit_callbacks(execute=True):
        antwort = client.post(
            reverse("admin:auth_user_add"),
            {
                "username": "neue_partnerin",
                "first_name": "Nora",
                "last_name": "Neu",
                "email": "nora@example.org",
                "groups": [Group.objects.get(name=NETZWERKPARTNER).pk],
                "akteure": [personen.akteur_b.pk],
                "passwort_link": "on",
                "_save": "Sichern",
            },
        )
    assert antwort.status_code == 302
    nora = User.objects.get(username="neue_partnerin")
    assert list(nora.akteure.all()) == [personen.akteur_b]
    assert not nora.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora@example.org"]
    assert "/konto/reset/" in mail.outbox[0].body


def test_buero_offers_only_its_own_groups_and_the_roles(client, personen):
    Group.objects.create(name="Geheimrat").permissions.add(
        Permission.objects.get(codename="delete_user")
    )
    client.force_login(personen.buero)
    seite = client.get(reverse("admin:auth_user_change", args=[personen.partner_a.pk]))
    inhalt = seite.content.decode()
    for rolle in (BUERO, NETZWERKPARTNER, BUERGERSCHAFT):
        assert f">{rolle}</option>" in inhalt
    assert "Geheimrat" not in inhalt

    geheimrat = Group.objects.get(name="Geheimrat")
    antwort = client.post(
        reverse("admin:auth_user_change", args=[personen.partner_a.pk]),
        {"username": "partner_a", "is_active": "on", "groups": [geheimrat.pk], "_save": "Sichern"},
    )
    assert antwort.status_code == 200  # form error, nothing saved
    assert not personen.partner_a.groups.filter(name="Geheimrat").exists()


def test_buero_deactivates_a_partner_account(client, personen):
    client.force_login(personen.buero)
    antwort = client.post(
        reverse("admin:auth_user_change", args=[personen.partner_b.pk]),
        {
            "username": "partner_b",
            "email": "partner_b@example.org",
            "groups": [Group.objects.get(name=NETZWERKPARTNER).pk],
            "akteure": [personen.akteur_b.pk],
            "_save": "Sichern",
        },
    )
    assert antwort.status_code == 302
    assert not _frisch(personen.partner_b).is_active


def test_buero_cannot_change_staff_or_superusers_nor_set_passwords(client, personen):
    superuser = _superuser()
    client.force_login(personen.buero)
    vorher = _stand_aller_konten()
    for ziel in (superuser, personen.buero):
        url = reverse("admin:auth_user_change", args=[ziel.pk])
        client.post(url, {"username": ziel.username, "email": "boese@example.org", "_save": "1"})
        assert _frisch(ziel).email != "boese@example.org"
    passwort = reverse("admin:auth_user_password_change", args=[personen.partner_a.pk])
    assert client.get(passwort).status_code == 403
    assert _stand_aller_konten() == vorher


def test_superuser_form_has_no_superuser_switch(client, personen):
    superuser = _superuser()
    client.force_login(superuser)
    url = reverse("admin:auth_user_change", args=[personen.partner_a.pk])
    inhalt = client.get(url).content.decode()
    assert 'name="is_superuser"' not in inhalt
    assert 'name="is_staff"' in inhalt  # superusers decide on admin access
    daten = formulardaten(inhalt)
    assert client.post(url, {**daten, "is_superuser": "on", "_save": "1"}).status_code == 302
    assert not _frisch(personen.partner_a).is_superuser


def test_forged_group_permissions_are_refused(client, personen):
    """Even with the right to change groups, buero cannot add a permission it lacks."""
    buero_gruppe = Group.objects.get(name=BUERO)
    buero_gruppe.permissions.add(Permission.objects.get(codename="change_group"))
    client.force_login(personen.buero)
    rechte_vorher = eigene_rechte(_frisch(personen.buero))
    url = reverse("admin:auth_group_change", args=[buero_gruppe.pk])
    daten = formulardaten(client.get(url).content.decode())
    daten["permissions"] = daten["permissions"] + [
        str(Permission.objects.get(codename="delete_user").pk)
    ]
    antwort = client.post(url, {**daten, "_save": "1"})
    assert antwort.status_code == 200
    assert "selbst nicht" in antwort.content.decode()
    assert eigene_rechte(_frisch(personen.buero)) == rechte_vorher


def test_superuser_creates_an_account_with_password_but_never_a_superuser(client, personen):
    client.force_login(_superuser())
    antwort = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "neuer_kollege",
            "usable_password": "true",
            "password1": "ein-langes-passwort-2026",
            "password2": "ein-langes-passwort-2026",
            "is_superuser": "on",
            "_save": "Sichern",
        },
    )
    assert antwort.status_code == 302, antwort.content.decode()[:2000]
    neu = User.objects.get(username="neuer_kollege")
    assert neu.check_password("ein-langes-passwort-2026")
    assert not neu.is_superuser


def test_list_actions_deactivate_partners_and_send_links_but_spare_staff(
    client, personen, django_capture_on_commit_callbacks
):
    from konten.tokens import token_erstellen

    token_erstellen(personen.partner_a)
    client.force_login(personen.buero)
    liste = reverse("admin:auth_user_changelist")
    ziele = [personen.partner_a.pk, personen.buero.pk]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(liste, {"action": "passwort_link_aktion", "_selected_action": ziele})
    assert [m.to for m in mail.outbox] == [["partner_a@example.org"]]
    client.post(liste, {"action": "deaktivieren_aktion", "_selected_action": ziele})
    assert not _frisch(personen.partner_a).is_active
    assert _frisch(personen.buero).is_active
    assert not personen.partner_a.auth_token_set.exists()


def test_the_rule_refuses_what_a_forged_form_would_store(personen):
    """konten/rechte.py on its own: what the admin checks again after saving."""
    from django.core.exceptions import ValidationError

    from konten.rechte import Stand, vergabe_pruefen

    buero = _frisch(personen.buero)
    vorher = Stand.von(personen.partner_a)
    for nachher in (
        Stand(is_superuser=True, gruppen=vorher.gruppen),
        Stand(is_staff=True, gruppen=vorher.gruppen),
        Stand(gruppen=vorher.gruppen, rechte=frozenset([Permission.objects.first().pk])),
        Stand(gruppen=frozenset([Group.objects.create(name="Geheim").pk])),
    ):
        with pytest.raises(ValidationError):
            vergabe_pruefen(buero, vorher, nachher)
    # Roles of measures/roles.py whose rights buero holds are fine.
    rolle = Group.objects.get(name=BUERGERSCHAFT).pk
    vergabe_pruefen(buero, vorher, Stand(gruppen=vorher.gruppen | {rolle}))
    with pytest.raises(ValidationError):
        vergabe_pruefen(_superuser(), vorher, Stand(is_superuser=True))
