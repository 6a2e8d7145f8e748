"""qc-ledger: the Qingcheng pilot-zone plan as validated YAML in git, with the `ledger` command."""

__version__ = "0.1.0"
