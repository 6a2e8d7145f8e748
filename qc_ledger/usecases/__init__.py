"""Use cases: what a command asks of the ledger, done here and returned as an outcome for the CLI to show."""
