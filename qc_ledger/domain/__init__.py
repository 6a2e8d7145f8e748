"""The domain: records, the ledger value, time rules, names and queries. Pure: no I/O, no printing."""
