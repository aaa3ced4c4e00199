"""Tier review: placing each partner in a level, with its explanation."""
