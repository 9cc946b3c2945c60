"""``{% einschaetzung_stand runde as stand %}``: how far the Büro's assessments of a round are.

For measures' admin templates (the Berichtsrunde page, the question before closing) and the
admin start page: measures must not import berichte, so its templates ask through these tags
(templates/admin/berichte/). ``{% offene_runde as runde %}``: the open round, or None.
"""

from django import template

from berichte import einschaetzungen

register = template.Library()


@register.simple_tag
def einschaetzung_stand(runde):
    return einschaetzungen.stand(runde)


@register.simple_tag
def offene_runde():
    return einschaetzungen.offene_runde()
