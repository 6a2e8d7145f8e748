"""Query commands: `list`, `show`, `unit`, `units`."""

from __future__ import annotations
