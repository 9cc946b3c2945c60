"""``{% einschaetzung_stand runde as stand %}``: how far the Büro's assessments of a round are.

For measures' admin templates (the Berichtsrunde page, the question before closing): measures
must not import berichte, so its templates ask through this tag (templates/admin/berichte/).
"""

from django import template

from berichte import einschaetzungen

register = template.Library()


@register.simple_tag
def einschaetzung_stand(runde):
    return einschaetzungen.stand(runde)
