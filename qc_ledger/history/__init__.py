"""History as records: how two versions of the ledger's files differ, and a cache of parsed versions."""
