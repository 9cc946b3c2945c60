"""A changed password or a deactivated account ends every API token of that account.

Hooked on the user's save so that every path is covered: the password change and reset pages,
the admin, ``changepassword`` and code calling ``set_password``.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from konten.tokens import tokens_widerrufen

User = get_user_model()


@receiver(pre_save, sender=User)
def _vorher_merken(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._tokens_widerrufen = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login on every login: no extra query
    vorher = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if vorher is None:
        return
    instance._tokens_widerrufen = vorher["password"] != instance.password or (
        vorher["is_active"] and not instance.is_active
    )


@receiver(post_save, sender=User)
def _tokens_beenden(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "_tokens_widerrufen", False):
        tokens_widerrufen(instance)
        instance._tokens_widerrufen = False
