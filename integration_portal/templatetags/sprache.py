"""``{{ text|deutsch }}``: German data inside a translated sentence, marked ``lang="de"``.

The concept's own words (titles of Handlungsfelder, Berichtsrunden, indicator names) stay German
on English pages; WCAG 3.1.2 (language of parts) wants them marked so a screen reader speaks them
in German. Where a whole element holds such text the template sets ``lang="de"`` on it; this
filter is for the places where the text is a variable of ``{% blocktranslate %}``.
"""

from django import template

from integration_portal import sprachen

register = template.Library()


@register.filter
def deutsch(text):
    return sprachen.deutsch(text)
