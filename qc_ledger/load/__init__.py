"""Loading a ledger: discovery, the per-file check pipeline, cross-file checks, and assembling the Ledger."""
