"""Public pages and shared templates."""
