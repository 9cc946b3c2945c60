"""The OpenAPI schema (drf-spectacular): what the generator cannot see by itself.

- every operation documents its error answers with the one problem schema (RFC 9457,
  ``application/problem+json``; integration_portal/api/errors.py) – 400, 401, 404, 429 for
  reads, and 403, 413, 415 for writes;
- the headers: ``Link`` on lists, ``RateLimit``/``RateLimit-Policy`` from the anonymous
  throttle, ``Retry-After`` on a 429, ``WWW-Authenticate`` on a 401;
- public reads need no login: ``{}`` among their security alternatives also where the
  permission is the Büro's model permissions with anonymous reads (``messwerte``);
- each address once, in its slashed form.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import permissions, serializers

from integration_portal.api.errors import PROBLEM_JSON, problem

LESEN = frozenset({"GET", "HEAD", "OPTIONS"})


class ProblemSerializer(serializers.Serializer):
    """Problem details (RFC 9457) with the portal's extension members."""

    type = serializers.CharField(help_text="Art des Fehlers, dauerhaft (tag-URI).")
    title = serializers.CharField(help_text="Die Art des Fehlers in Worten.")
    status = serializers.IntegerField(help_text="Der HTTP-Status.")
    detail = serializers.CharField(help_text="Was bei dieser Anfrage falsch war.")
    instance = serializers.CharField(required=False, help_text="Pfad der Anfrage.")
    code = serializers.CharField(help_text="Die Art des Fehlers als kurzes Wort.")
    meldung = serializers.CharField(help_text="Wie ``detail`` (für Clients von API v1).")
    felder = serializers.DictField(
        child=serializers.JSONField(),
        help_text=(
            "Feldfehler einer 400: Feldname → Liste von Meldungen (beim Sammelimport die "
            "Nummer des Eintrags ab 0); sonst leer."
        ),
    )


def _beispiel(status, detail, **kwargs):
    return OpenApiExample(
        f"Fehler {status}", value=problem(status, detail, instanz="/api/v1/…", **kwargs)
    )


FEHLER = {
    400: (
        "Ungültige Eingabe oder Parameter; die Feldfehler in ``felder``.",
        "Die Eingabe ist ungültig.",
    ),
    401: ("Anmeldung fehlt oder Token ungültig, abgelaufen oder widerrufen.", "Ungültiges Token"),
    403: ("Angemeldet, aber nicht berechtigt.", "Sie sind für diese Maßnahme nicht zuständig."),
    404: ("Nicht gefunden (auch eine Seite hinter der letzten).", "Nicht gefunden."),
    413: ("Die Anfrage ist zu groß.", "Die Anfrage ist zu groß."),
    415: ("Medientyp nicht unterstützt (JSON senden).", "Medientyp nicht unterstützt."),
    429: (
        "Zu viele Anfragen; ``Retry-After`` nennt die Sekunden bis zum nächsten Versuch.",
        "Zu viele Anfragen.",
    ),
}

KOPF = {
    "Link": {
        "description": "RFC 8288: first, prev, next, last (nur bei mehr als einer Seite).",
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'Verbleibende Anfragen anonymer Clients, z. B. `"anon";r=599;t=60`.',
        "schema": {"type": "string"},
    },
    "RateLimit-Policy": {
        "description": 'Die Grenze anonymer Clients, z. B. `"anon";q=600;w=60`.',
        "schema": {"type": "string"},
    },
    "Retry-After": {
        "description": "Sekunden bis zum nächsten Versuch.",
        "schema": {"type": "integer"},
    },
    "WWW-Authenticate": {"description": "`Token`", "schema": {"type": "string"}},
}


class PortalSchema(AutoSchema):
    def _fehlercodes(self):
        codes = {400, 401, 404, 429}
        if self.method not in LESEN:
            codes |= {403, 413, 415}
        return sorted(codes)

    def _problem_antwort(self, status):
        beschreibung, detail = FEHLER[status]
        felder = (
            {"fortschritt": ["Dieser Wert muss kleiner oder gleich 100 sein."]}
            if status == 400
            else None
        )
        antwort = self._get_response_for_code(
            OpenApiResponse(
                ProblemSerializer,
                description=beschreibung,
                examples=[_beispiel(status, detail, felder=felder)],
            ),
            str(status),
            media_types=[PROBLEM_JSON],
        )
        kopf = ["RateLimit", "RateLimit-Policy"]
        if status == 401:
            kopf.append("WWW-Authenticate")
        if status == 429:
            kopf.append("Retry-After")
        antwort["headers"] = {name: KOPF[name] for name in kopf}
        return antwort

    def _get_response_bodies(self, direction="response"):
        antworten = super()._get_response_bodies(direction)
        for code, antwort in antworten.items():
            if code.startswith("2"):
                kopf = ["RateLimit", "RateLimit-Policy"]
                if self._is_list_view() and self._get_paginator():
                    kopf.insert(0, "Link")
                antwort.setdefault("headers", {}).update({name: KOPF[name] for name in kopf})
        for status in self._fehlercodes():
            eigene = antworten.get(str(status))
            if eigene is None:
                antworten[str(status)] = self._problem_antwort(status)
            elif "content" not in eigene:
                # A view's own description of the error (extend_schema), with the problem body.
                antworten[str(status)] = {
                    **self._problem_antwort(status),
                    "description": eigene.get("description") or FEHLER[status][0],
                }
        return antworten

    def get_auth(self):
        auths = super().get_auth()
        if self.method in LESEN and {} not in auths and self._liest_jeder():
            auths.append({})
        return auths

    def _liest_jeder(self):
        """Do the view's permissions let anonymous clients read (DRF's own classes)?"""
        anonym_lesbar = (
            permissions.AllowAny,
            permissions.IsAuthenticatedOrReadOnly,
            permissions.DjangoModelPermissionsOrAnonReadOnly,
        )
        return all(isinstance(p, anonym_lesbar) for p in self.view.get_permissions())


def nur_mit_schraegstrich(endpoints):
    """PREPROCESSING_HOOK: each address once, in its slashed form.

    Every route also answers without the trailing slash (integration_portal/api/urls.py);
    the schema names the form to link to.
    """
    return [endpoint for endpoint in endpoints if endpoint[0].endswith("/")]


LEER = {"type": "string", "enum": [""], "description": "leer: kein Filter"}


def leere_filter_erlaubt(result, generator, request, public):
    """POSTPROCESSING_HOOK: an empty query parameter means "no filter" (as the pages' forms send
    it); the schema says so for parameters whose type would otherwise forbid "" (dates, numbers,
    yes/no, choices)."""
    for pfad in result.get("paths", {}).values():
        for operation in pfad.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") != "query" or schema.get("type") == "array":
                    continue
                if schema.get("type") == "string" and not ({"format", "enum"} & set(schema)):
                    continue  # "" is a string already
                if "pattern" in schema:
                    continue  # states its own empty form (stichtag)
                parameter["schema"] = {"anyOf": [schema, LEER]}
    return result
