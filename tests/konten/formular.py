"""Reads an admin page's form as a browser would submit it (fields, checked boxes, selections)."""

from html.parser import HTMLParser


class _Leser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.daten = {}
        self._im_formular = False
        self._auswahl = None
        self._textfeld = None

    def _dazu(self, name, wert):
        self.daten.setdefault(name, []).append(wert)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            # The admin's change form has id "<model>_form"; logout and language forms do not.
            self._im_formular = (a.get("id") or "").endswith("_form")
            return
        if not self._im_formular or "name" not in a and tag != "option":
            return
        if tag == "input":
            art = a.get("type", "text")
            if art in {"submit", "button", "image", "file", "reset"}:
                return
            if art in {"checkbox", "radio"}:
                if "checked" in a:
                    self._dazu(a["name"], a.get("value", "on"))
                return
            self._dazu(a["name"], a.get("value", ""))
        elif tag == "select":
            self._auswahl = a["name"]
            self.daten.setdefault(a["name"], [])
        elif tag == "option" and self._auswahl and "selected" in a:
            self._dazu(self._auswahl, a.get("value", ""))
        elif tag == "textarea":
            self._textfeld = a["name"]
            self.daten.setdefault(a["name"], [""])

    def handle_endtag(self, tag):
        if tag == "form":
            self._im_formular = False
        elif tag == "select":
            self._auswahl = None
        elif tag == "textarea":
            self._textfeld = None

    def handle_data(self, data):
        if self._textfeld:
            self.daten[self._textfeld][-1] += data


def formulardaten(html):
    """The POST data of the admin form on ``html`` (a dict of lists, for Django's test client)."""
    leser = _Leser()
    leser.feed(html)
    return {name: werte for name, werte in leser.daten.items() if werte}
