"""A total order for every list that is paged: equal values must not swap places between pages.

PostgreSQL returns rows with equal sort keys in any order it likes, and may choose a different one
for ``OFFSET 7`` than for ``OFFSET 0``; a page list sorted by status alone then shows some measures
twice and others never. So every ordering that feeds a page ends in the primary key.
"""


def _ist_pk(term, model):
    if not isinstance(term, str):
        return False
    name = term.lstrip("-")
    return name == "pk" or name == model._meta.pk.name


def eindeutig_sortiert(queryset):
    """The queryset in its current order, with the primary key as the last sort key."""
    model = queryset.model
    if queryset.query.order_by:
        ordering = list(queryset.query.order_by)
    elif queryset.query.default_ordering:
        ordering = list(model._meta.ordering)
    else:
        ordering = []
    if any(_ist_pk(term, model) for term in ordering):
        return queryset
    # Same direction as the last key keeps "newest first" lists newest first among equals.
    letzter = ordering[-1] if ordering else "pk"
    absteigend = isinstance(letzter, str) and letzter.startswith("-")
    return queryset.order_by(*ordering, "-pk" if absteigend else "pk")
