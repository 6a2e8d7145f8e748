"""Values the shell completes as they are typed: statuses, record ids, units, groups and tasks.

Completion runs on every Tab: a ledger that cannot be loaded completes nothing rather than failing.
"""

from __future__ import annotations

from pathlib import Path


def _ledger():
    from ..errors import LedgerError
    from ..load.cache.opening import open_ledger
    from ..store.root import find_root

    try:
        return open_ledger(find_root(Path.cwd()))
    except (LedgerError, OSError):
        return None


def statuses(incomplete: str) -> list[tuple[str, str]]:
    """Status values with their Chinese labels, and the labels themselves (both are accepted)."""
    from ..vocabulary import STATUS_LABELS

    found = [(value, label) for value, label in STATUS_LABELS.items()]
    found += [(label, value) for value, label in STATUS_LABELS.items()]
    return [(key, help_) for key, help_ in found if key.startswith(incomplete)]


def kinds(incomplete: str) -> list[tuple[str, str]]:
    """Source kinds with their Chinese labels, and the labels themselves (both are accepted)."""
    from ..vocabulary import SOURCE_KIND_LABELS

    found = [(value, label) for value, label in SOURCE_KIND_LABELS.items()]
    found += [(label, value) for value, label in SOURCE_KIND_LABELS.items()]
    return [(key, help_) for key, help_ in found if key.startswith(incomplete)]


def cadences(incomplete: str) -> list[tuple[str, str]]:
    """Cadence values with their Chinese labels, and the labels themselves (both are accepted)."""
    from ..vocabulary import CADENCE_LABELS

    found = [(value, label) for value, label in CADENCE_LABELS.items()]
    found += [(label, value) for value, label in CADENCE_LABELS.items()]
    return [(key, help_) for key, help_ in found if key.startswith(incomplete)]


def record_ids(incomplete: str) -> list[tuple[str, str]]:
    """Group, task and measure ids with their names."""
    ledger = _ledger()
    if ledger is None:
        return []
    found = [(g.id, g.name) for g in ledger.groups.values()]
    found += [(t.id, t.title) for t in ledger.tasks.values()]
    found += [(m_id, m.text[:30]) for m_id, (_t, m) in ledger.measures.items()]
    return [(key, help_) for key, help_ in found if key.startswith(incomplete)]


def measure_ids(incomplete: str) -> list[tuple[str, str]]:
    """Measure ids with the start of their text."""
    return [item for item in record_ids(incomplete) if item[0].count("-") == 2]


def unit_names(incomplete: str) -> list[str]:
    """Registered unit names (canonical ones, aliases and short names)."""
    ledger = _ledger()
    if ledger is None:
        return []
    names = [n for u in ledger.registry.units.values() for n in (u.name, *u.aliases, u.short_name)]
    return list(dict.fromkeys(n for n in names if n and n.startswith(incomplete)))


def group_values(incomplete: str) -> list[tuple[str, str]]:
    """Group ids and short names, each with the other beside it (both are accepted)."""
    ledger = _ledger()
    if ledger is None:
        return []
    found = [(g.id, g.short_name) for g in ledger.groups.values()]
    found += [(g.short_name, g.id) for g in ledger.groups.values() if g.short_name]
    return [(key, help_) for key, help_ in found if key.startswith(incomplete)]


def task_ids(incomplete: str) -> list[tuple[str, str]]:
    """Task ids with their titles."""
    ledger = _ledger()
    if ledger is None:
        return []
    found = [(t.id, t.title) for t in ledger.tasks.values()]
    return [(key, help_) for key, help_ in found if key.startswith(incomplete)]
