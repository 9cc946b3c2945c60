"""Input no page can use is refused before any view runs (issue 12, point 8).

- A NUL byte in the address, the query string or a cookie reached the database as a filter
  value, and PostgreSQL refuses such strings with an error (a 500).
- A number beyond 64 bits in a query parameter (``?teilziel__exact=99999999999999999999`` on an
  admin list, ``?berichtsrunde=-1e178`` on the API, which a number filter reads as a decimal)
  overflowed SQLite's integers (a 500); no id or year of the portal is that large. Free-text
  search (``q``) may contain any digits.

No link or form of the portal produces either, so the request is answered with a German 400.
Form and API bodies need no check here: Django's and DRF's fields refuse NUL and out-of-range
numbers with a field error.
"""

import re
from decimal import Decimal

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

NUL = "\x00"
# Whole, decimal and scientific notation, as Django's IntegerField and DecimalField read them.
ZAHL = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")
GROESSTE_ZAHL = 2**63 - 1
FREITEXT_PARAMETER = {"q"}


def enthaelt_nul(request):
    if NUL in request.path_info or NUL in request.path:
        return True
    for name, werte in request.GET.lists():
        if NUL in name or any(NUL in wert for wert in werte):
            return True
    return any(NUL in name or NUL in wert for name, wert in request.COOKIES.items())


def zu_grosse_zahl(request):
    for name, werte in request.GET.lists():
        if name in FREITEXT_PARAMETER:
            continue
        for wert in werte:
            # Length first: reading a very long digit string is itself expensive. Decimal
            # compares 1e999999 without expanding it.
            if ZAHL.match(wert) and (len(wert) > 40 or abs(Decimal(wert)) > GROESSTE_ZAHL):
                return name
    return None


class EingabeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if enthaelt_nul(request):
            raise BadRequest(_("Die Adresse enthält ein unzulässiges Zeichen (Nullbyte)."))
        name = zu_grosse_zahl(request)
        if name:
            raise BadRequest(
                _("Die Zahl im Parameter „%(name)s“ ist zu groß.") % {"name": name[:50]}
            )
        return self.get_response(request)
