"""The progress notice use case: the period's figures with its changes from git, and as a Word file.

Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import __version__
from ..domain.ledger import Ledger
from ..domain.office_models import DocumentSettings


def progress_notice(ledger: Ledger, first: dt.date, last: dt.date):
    """The notice for `first`..`last`; its changes are left out when there is no git history."""
    from ..reports.notice import build_notice
    from .history import changes_between

    return build_notice(ledger, first, last, changes_between(ledger, first, last))


def notice_docx(document, notice, root: Path, settings: DocumentSettings) -> bytes:
    """The notice's document as a Word file that says which commit of the ledger it shows."""
    from ..git.provenance import source_of
    from ..render.wordfile import Letterhead, document_docx

    source = source_of(root)
    commit = f"台账提交 {source.commit[:7]}" if source.commit else "台账不在 git 仓库中"
    provenance = f"截至 {notice.until.isoformat()} · {commit} · qc-ledger {__version__}"
    reference = settings.reference
    if reference:
        reference = reference.replace("{year}", str(notice.until.year))
    letterhead = Letterhead(reference, settings.issuer, notice.until if settings.issuer else None)
    return document_docx(document, provenance, letterhead)
