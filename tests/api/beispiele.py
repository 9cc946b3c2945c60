"""A valid Sachstand for POST /api/v1/sachstaende/ on Maßnahme 5.2 / 1 a (the API tests)."""

SACHSTAND = {
    "massnahme": "5.2-1a",
    "datum": "2026-06-30",
    "status": "in_umsetzung",
    "ampel": "im_plan",
    "fortschritt": 30,
    "text": "Erste Beratungstage haben stattgefunden.",
}
