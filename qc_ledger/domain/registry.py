"""The unit registry: canonical names, aliases and nearest-name suggestions. Standard library only."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Unit


@dataclass(frozen=True)
class Resolution:
    """What a written unit name stands for."""

    written: str
    canonical: str
    is_alias: bool


class Registry:
    """Canonical unit names with their aliases and short names; every unit reference resolves through it."""

    def __init__(self, units: Iterable[Unit]):
        self.units: dict[str, Unit] = {}
        self._by_name: dict[str, str] = {}
        for unit in units:
            self.units[unit.name] = unit
            self._by_name[unit.name] = unit.name
        for unit in self.units.values():
            for alias in unit.aliases:
                self._by_name.setdefault(alias, unit.name)
        # The short name is printed in narrow tables: what the tool prints, it accepts back.
        self._short_only: set[str] = set()  # accepted, but not offered as a suggestion
        for unit in self.units.values():
            if unit.short_name and unit.short_name not in self._by_name:
                self._by_name[unit.short_name] = unit.name
                self._short_only.add(unit.short_name)
        # A province writes a few hundred names a hundred thousand times: each is resolved once.
        self._resolved: dict[str, Resolution | None] = {}

    def fingerprint(self) -> str:
        """A digest of every name the registry resolves and what it resolves it to."""
        names = json.dumps(sorted(self._by_name.items()), ensure_ascii=False)
        return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()

    def resolve(self, name: str) -> Resolution | None:
        """Resolve a written name to its canonical unit, or None when no unit is known by it."""
        try:
            return self._resolved[name]
        except KeyError:
            pass
        canonical = self._by_name.get(name.strip())
        found = None if canonical is None else Resolution(name, canonical, canonical != name)
        self._resolved[name] = found
        return found

    def canonical(self, name: str) -> str:
        """Return the canonical name of a known unit (the name itself when unknown)."""
        found = self.resolve(name)
        return found.canonical if found else name

    def spellings(self, canonical: str) -> frozenset[str]:
        """Every name a known unit goes by: canonical, aliases and short name."""
        unit = self.units[canonical]
        return frozenset(
            (canonical, *unit.aliases, *([unit.short_name] if unit.short_name else []))
        )

    def short(self, name: str) -> str:
        """The short name of a unit for narrow tables (its canonical name when it has none)."""
        canonical = self.canonical(name)
        unit = self.units.get(canonical)
        return unit.short_name or canonical if unit is not None else canonical

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Return the registered canonical names nearest to a name that did not resolve."""
        text = name.strip()
        scored: dict[str, float] = {}
        for written, canonical in self._by_name.items():
            if written in self._short_only:
                continue
            ratio = difflib.SequenceMatcher(None, text, written).ratio()
            if text and (text in written or written in text):
                ratio = max(ratio, 0.75)
            if ratio >= 0.5:
                scored[canonical] = max(scored.get(canonical, 0.0), ratio)
        return sorted(scored, key=lambda unit: (-scored[unit], unit))[:limit]

    def duplicates(self) -> list[tuple[str, str, str]]:
        """Return (name, first unit, second unit) for every spelling claimed by two units."""
        seen: dict[str, str] = {}
        clashes: list[tuple[str, str, str]] = []
        for unit in self.units.values():
            for spelling in (unit.name, *unit.aliases):
                owner = seen.setdefault(spelling, unit.name)
                if owner != unit.name:
                    clashes.append((spelling, owner, unit.name))
        return clashes
