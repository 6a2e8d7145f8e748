"""The `fmt` use case: every data file in its canonical layout, comments kept; the changed ones one commit."""

from __future__ import annotations

from ..domain.ledger import Ledger
from ..edit.formatting import format_ledger
from ..edit.patching import Edit
from .outcome import Outcome, WriteOptions, run_edits


def fmt(ledger: Ledger, *, options: WriteOptions) -> Outcome:
    """Bring every data file into its canonical layout; the changed ones are one commit."""

    def message(edits: tuple[Edit, ...]) -> str:
        changed = [edit for edit in edits if edit.changed]
        lines = [
            f"{edit.path.relative_to(ledger.root).as_posix()}：{'；'.join(edit.notes) or '格式'}"
            for edit in changed
        ]
        return f"整理格式（{len(changed)} 个文件）\n\n" + "\n".join(lines) + "\n"

    return run_edits(ledger, lambda _signer: format_ledger(ledger), message, options)
