"""Management commands of the programs app."""
