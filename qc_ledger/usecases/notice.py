"""The progress notice use case: the period's figures with its changes from git, and as a Word file.

Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import __version__
from ..domain.office_models import DocumentSettings
from .asof import Basis


def progress_notice(basis: Basis, root: Path, first: dt.date):
    """The notice for `first` to the basis's day, every figure from the ledger as it stood then;
    its changes are left out when there is no git history."""
    from ..reports.notice import NoticeScan
    from .forked import in_halves
    from .history import changes_between

    ledger, last = basis.ledger, basis.day
    changes = changes_between(ledger, first, last, root)
    # A province's tasks are passed over in two processes (see forked.in_halves).
    scan = in_halves(ledger, lambda: NoticeScan(ledger, first, last))
    return scan.notice(changes, basis.line())


def notice_docx(
    document, notice, root: Path, settings: DocumentSettings, commit: str | None = None
) -> bytes:
    """The notice's document as a Word file that says which commit of the ledger it shows
    (`commit`: the past commit its figures were read from)."""
    from ..git.provenance import source_of
    from ..render.wordfile import Letterhead, document_docx

    commit = commit or source_of(root).commit
    commit = f"台账提交 {commit[:7]}" if commit else "台账不在 git 仓库中"
    provenance = f"截至 {notice.until.isoformat()} · {commit} · qc-ledger {__version__}"
    reference = settings.reference
    if reference:
        reference = reference.replace("{year}", str(notice.until.year))
    letterhead = Letterhead(reference, settings.issuer, notice.until if settings.issuer else None)
    return document_docx(document, provenance, letterhead)
