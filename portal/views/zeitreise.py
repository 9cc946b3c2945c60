"""``?stichtag=JJJJ-MM-TT`` on the public pages: show the state at the end of that day.

The parameter is read by ``measures.zeitreise.stichtag_lesen`` (the one rule, shared with the
API). A wrong or future date: the page says why and shows today's state, with status 400.
"""

from django.core.exceptions import ValidationError

from measures.zeitreise import ist_heute, stichtag_lesen


class StichtagMixin:
    """For DetailViews: ``self.stichtag`` (None for today) and the notice in the context."""

    def get(self, request, *args, **kwargs):
        self.stichtag, self.stichtag_fehler = None, None
        try:
            stichtag = stichtag_lesen(request.GET.get("stichtag"))
        except ValidationError as fehler:
            self.stichtag_fehler = " ".join(fehler.messages)
        else:
            self.stichtag = None if ist_heute(stichtag) else stichtag
        antwort = super().get(request, *args, **kwargs)
        if self.stichtag_fehler:
            antwort.status_code = 400
        return antwort

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stichtag"] = self.stichtag
        context["stichtag_fehler"] = self.stichtag_fehler
        context["heute_url"] = self.request.path
        return context
