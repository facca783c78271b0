"""Routes of this feature (being built)."""
