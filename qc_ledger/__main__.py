"""Run the CLI as `python -m qc_ledger`."""

from .cli import main

main()
