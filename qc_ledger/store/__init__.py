"""Files on disk: the guarded reader of a data file, YAML (in yaml/), atomic plain files, where the ledger is."""
