"""Commands that change the ledger or read its history: `update`, `new`, `fmt`, `log`, `changes`."""

from __future__ import annotations
