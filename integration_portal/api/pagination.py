"""Pages of every API list, with RFC 8288 ``Link`` headers (first, prev, next, last).

The body keeps ``count``/``next``/``previous``/``results``; the header lets a client page without
reading the body. Both are the same for everyone, so the page cache keeps the header
(``seitencache.MITGESPEICHERT``).
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param


class Seitenweise(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        """``page_size`` from 1 to 500, else a 400 (DRF would silently use 50 or 500)."""
        wert = request.query_params.get(self.page_size_query_param)
        if wert is None or wert == "":
            return self.page_size
        try:
            groesse = int(wert)
        except ValueError:
            groesse = 0
        if not 1 <= groesse <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Die Seitengröße muss eine ganze Zahl von 1 bis %(max)d sein.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return groesse

    def link_ziele(self):
        """(rel, URL) of the neighbours of this page; first and last only where they differ."""
        url = self.request.build_absolute_uri()
        seite = self.page.number
        letzte = self.page.paginator.num_pages
        ziele = []
        if seite > 1:
            ziele.append(("first", remove_query_param(url, self.page_query_param)))
        if self.page.has_previous():
            ziele.append(("prev", self.get_previous_link()))
        if self.page.has_next():
            ziele.append(("next", self.get_next_link()))
        if seite < letzte:
            ziele.append(("last", replace_query_param(url, self.page_query_param, letzte)))
        return ziele

    def get_paginated_response(self, data):
        antwort = super().get_paginated_response(data)
        links = [f'<{ziel}>; rel="{rel}"' for rel, ziel in self.link_ziele()]
        if links:
            antwort["Link"] = ", ".join(links)
        return antwort

    def get_schema_operation_parameters(self, view):
        parameter = super().get_schema_operation_parameters(view)
        for eintrag in parameter:
            if eintrag["name"] == self.page_query_param:
                eintrag["schema"]["minimum"] = 1
            elif eintrag["name"] == self.page_size_query_param:
                eintrag["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameter
