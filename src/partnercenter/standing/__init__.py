"""A partner's standing as people read it: the read model both the portal and the back office
show (progress, level history, the ledger with its filters, charts, spreadsheet exports)."""
