"""Download of a Sachstand's attachment (``measures:anhang``).

Attachments are working documents for the Büro's review: they are served to the Büro and the
members of the reporting Akteur only, and stay unpublished even when the Sachstand is approved
(``permissions.kann_anhaenge_sehen``). Everyone else, anonymous users included, gets a 404, so
that the existence of a file is not given away. The file is always a download (never shown in
the browser), under the stored safe name and the content type read from its bytes on upload,
with ``nosniff`` and a sandboxing CSP in case a browser renders it anyway.
"""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views import View

from integration_portal.eingaben import GROESSTE_ZAHL
from measures.models import Anhang
from measures.permissions import kann_anhaenge_sehen


class AnhangView(View):
    def get(self, request, pk, anhang_pk):
        # No id is beyond 64 bits (integration_portal/eingaben.py); SQLite would overflow.
        if max(pk, anhang_pk) > GROESSTE_ZAHL:
            raise Http404(_("Anhang nicht gefunden"))
        anhang = (
            Anhang.objects.select_related("sachstand").filter(pk=anhang_pk, sachstand_id=pk).first()
        )
        if anhang is None or not kann_anhaenge_sehen(request.user, anhang.sachstand):
            raise Http404(_("Anhang nicht gefunden"))
        try:
            datei = anhang.datei.open("rb")
        except FileNotFoundError as fehlt:
            raise Http404(_("Anhang nicht gefunden")) from fehlt
        antwort = FileResponse(
            datei, as_attachment=True, filename=anhang.dateiname, content_type=anhang.inhaltstyp
        )
        antwort["X-Content-Type-Options"] = "nosniff"
        antwort["Content-Security-Policy"] = "sandbox; default-src 'none'"
        # A working document: no shared cache keeps a copy.
        antwort["Cache-Control"] = "private, no-store"
        return antwort
