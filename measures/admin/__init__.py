"""Admin of the measures app, one module per area (imported here so Django finds them)."""

from measures.admin import (  # noqa: F401
    akteure,
    berichtsrunden,
    dashboard,
    massnahmen,
    meilensteine,
    rundenzugaenge,
    sachstaende,
)
