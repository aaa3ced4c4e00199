"""The append-only points ledger."""
