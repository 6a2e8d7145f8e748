"""Changing the ledger: values typed on the command line, the update rules, patching files, the transaction."""
