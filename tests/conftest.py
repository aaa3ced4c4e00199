"""Shared pytest fixtures; apps add their own in tests/<app>/conftest.py."""
