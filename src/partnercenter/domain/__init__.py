"""The pure core of Partner Center: program rules and the tier engine. Imports no Django."""
