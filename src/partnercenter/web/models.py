"""Models of the web app (filled in by later work)."""
