"""A change outside its author's rights, as review reports it."""

from __future__ import annotations

from dataclasses import dataclass

from ..vocabulary import field_label


@dataclass(frozen=True)
class Violation:
    """A change outside an author's rights: which record and field, whose, and the rule."""

    record_id: str
    field: str | None
    author: str
    rule: str
    hint: str

    def as_data(self) -> dict:
        """JSON-ready data."""
        return {
            "id": self.record_id,
            "field": self.field,
            "label": field_label(self.field) if self.field else None,
            "author": self.author,
            "rule": self.rule,
            "hint": self.hint,
        }
