"""Which Konzept the public pages, filters and API show: the most recently adopted edition."""

from django.db.models import Subquery

from concept.models import Konzept


def aktuelles_konzept():
    """The current edition's primary key as a subquery.

    Callers filter by it inside their own query (``konzept=aktuelles_konzept()``) instead of
    spending a query on it first.
    """
    return Subquery(Konzept.objects.order_by("-beschlossen_am").values("pk")[:1])
