"""Admin of the measures app, one module per area (imported here so Django finds them)."""
