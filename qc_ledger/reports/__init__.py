"""Reports: pure functions from a loaded ledger (and a date) to report values. No I/O, no printing."""
