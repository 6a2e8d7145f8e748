"""What every use case that changes the ledger shares: how it writes, what it returns, how it runs.

A use case makes its edits (under the lock unless a dry run), applies them as one Transaction and
returns an Outcome for the CLI to show; a dry run computes the same edits and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..domain.ledger import Ledger
from ..edit.patching import Edit
from ..edit.transaction import Transaction
from ..errors import Problem


@dataclass(frozen=True)
class WriteOptions:
    """How a change is written: committed or not, signed by whom, dated when, or only shown."""

    commit: bool = False
    author: str | None = None
    dry_run: bool = False
    when: dt.datetime | None = None


@dataclass(frozen=True)
class Outcome:
    """What a use case did (or, in a dry run, would do)."""

    edits: tuple[Edit, ...]
    message: str = ""
    sha: str | None = None
    dry_run: bool = False
    notes: tuple[Problem, ...] = field(default=())

    @property
    def edit(self) -> Edit:
        """The one edit of a use case that changes one file."""
        return self.edits[0]


def run_edits(
    ledger: Ledger,
    make: Callable[[str | None], Iterable[Edit]],
    message: Callable[[tuple[Edit, ...]], str],
    options: WriteOptions,
) -> Outcome:
    """Make the edits for their signer, then apply them as one transaction (or only show them)."""
    if options.dry_run:
        edits = tuple(make(_dry_signer(ledger, options.author)))
        return Outcome(edits, message(edits), dry_run=True)
    with Transaction(
        ledger.root, commit=options.commit, author=options.author, base=ledger, when=options.when
    ) as tx:
        edits = tuple(make(tx.signer()))
        for edit in edits:
            tx.add(edit)
        text = message(edits)
        applied = tx.apply(text)
    return Outcome(edits, text, applied.sha, notes=applied.notes)


def _dry_signer(ledger: Ledger, author: str | None) -> str | None:
    from ..git.repo import configured_name, parse_author

    return parse_author(author)[0] if author else configured_name(ledger.root)
