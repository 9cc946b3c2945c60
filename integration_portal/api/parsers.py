"""JSON for the API with limits on size and depth (issue 12, points 5 and 8).

DRF reads a JSON body straight from the request stream, past Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE``: a 10 MB Sachstand got through. This parser reads at most that
many bytes and answers 413 beyond. Deeply nested JSON made ``json.loads`` raise RecursionError,
a 500; here it is a 400, as is any nesting deeper than any of our endpoints needs.
"""

import codecs

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

# Our bulk endpoints take a list of objects whose values are lists at most: depth 3 or 4.
MAX_TIEFE = 20


class ZuGross(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Die Anfrage ist zu groß. Bitte senden Sie weniger Daten auf einmal.")
    default_code = "zu_gross"


ZU_TIEF = _("Die JSON-Daten sind zu tief verschachtelt.")


def tiefe(wert):
    """Nesting depth of parsed JSON (a scalar is 0), without recursion."""
    tiefste, offen = 0, [(wert, 0)]
    while offen:
        wert, ebene = offen.pop()
        if isinstance(wert, dict):
            wert = list(wert.values())
        if isinstance(wert, list):
            tiefste = max(tiefste, ebene + 1)
            offen.extend((kind, ebene + 1) for kind in wert)
    return tiefste


class BegrenzterJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        grenze = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = parser_context.get("request")
        try:
            angekuendigt = int(request.META.get("CONTENT_LENGTH") or 0) if request else 0
        except ValueError:
            angekuendigt = 0
        if grenze is not None and angekuendigt > grenze:
            raise ZuGross()
        roh = stream.read(grenze + 1) if grenze is not None else stream.read()
        if grenze is not None and len(roh) > grenze:
            raise ZuGross()
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(roh, encoding)
            parse_constant = json.strict_constant if self.strict else None
            daten = json.loads(text, parse_constant=parse_constant)
        except RecursionError:
            raise exceptions.ParseError(ZU_TIEF) from None
        except ValueError as fehler:
            raise exceptions.ParseError(
                _("Die JSON-Daten sind fehlerhaft: %(fehler)s") % {"fehler": fehler}
            ) from None
        if tiefe(daten) > MAX_TIEFE:
            raise exceptions.ParseError(ZU_TIEF)
        return daten
