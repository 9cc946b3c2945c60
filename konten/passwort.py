"""The mail with a link to set a (new) password, as the reset page sends it.

Django's PasswordResetForm sends only to accounts with a usable password; an account the Büro
just created has none yet, so the Büro's "send link" uses the same mail and token directly.
Both go through versand (logged, sent by the worker, retried); the link is confidential.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.template import loader
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from versand.mail import einreihen

BETREFF_VORLAGE = "registration/password_reset_subject.txt"
TEXT_VORLAGE = "registration/password_reset_email.html"


class PasswortLinkForm(PasswordResetForm):
    """Django's reset form, its mail enqueued through versand instead of sent in the request."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        einreihen(
            to_email,
            loader.render_to_string(subject_template_name, context),
            loader.render_to_string(email_template_name, context),
            anlass="passwort",
            vertraulich=True,
        )


def passwort_link_senden(user):
    """Mail ``user`` a one-time link to set a password; False if the account has no address."""
    if not user.email or not user.is_active:
        return False
    adresse = urlsplit(settings.SITE_URL)
    kontext = {
        "email": user.email,
        "domain": adresse.netloc,
        "site_name": adresse.netloc,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": adresse.scheme or "https",
    }
    PasswortLinkForm().send_mail(BETREFF_VORLAGE, TEXT_VORLAGE, kontext, None, user.email)
    return True
