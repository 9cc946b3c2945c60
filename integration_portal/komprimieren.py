"""gzip for what is the same for everyone, never for a person's pages (BREACH).

BREACH reads a secret out of a compressed answer's length when the answer also reflects input
an attacker chooses. Public pages and anonymous API answers hold no secret, so they are
compressed (the 156 KB ``/api/v1/konzept/`` becomes about a tenth). A logged-in person's pages
carry secrets (CSRF token, internal notes, their own drafts) next to reflected input (search
and filter terms), so they go out uncompressed – they are small, and few people see them.
Django's GZipMiddleware adds up to 100 random bytes as well ("Heal the Breach"), and its CSRF
token is masked anew in every answer: two more layers for the anonymous forms (login, Kontakt).

Static files: WhiteNoise serves them gzip- and brotli-compressed from ``collectstatic`` and
answers before this middleware runs.
"""

from django.middleware.gzip import GZipMiddleware

from integration_portal.seitencache import ohne_person


class OeffentlichGzipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, only for requests without a session, messages or token."""

    def process_response(self, request, response):
        if not ohne_person(request):
            return response
        return super().process_response(request, response)
