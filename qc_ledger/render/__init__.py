"""Renderers: report values to terminal tables, JSON and text. They never read the ledger's files."""
