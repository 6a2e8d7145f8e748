"""The cache around the plain load: `opening.open_ledger`, the snapshot, the per-file cache."""
