"""A file per item (`ledger dossier`): the record, its git history, and the file written whole.

Never prints or exits.
"""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..errors import GitError, UsageError
from .asof import Basis

# What -o may end in, and the format each gives.
DOSSIER_SUFFIXES = {".md": "md", ".markdown": "md", ".docx": "docx"}


def dossier(basis: Basis, root: Path, record_id: str):
    """The dossier of the measure or task as it stood on the basis's day, with every commit to it
    up to that day (none listed when the ledger is not in a git repository)."""
    from ..reports.dossier import build_dossier, dossier_record
    from .history import record_log

    ledger = basis.ledger
    record = dossier_record(ledger, record_id)
    try:
        log = record_log(ledger, record.id, root=root if basis.commit else None)
    except GitError:
        log = None
    # A past day's file lists the commits up to that day; today's, every commit (LEDGER_TODAY may
    # stand before commits made since).
    until = basis.day if basis.commit else None
    return build_dossier(ledger, record, basis.day, log, basis.line(), until)


def output_format(output: Path | None) -> str:
    """md or docx, from the output file's extension (md when printing); a usage error otherwise."""
    if output is None:
        return "md"
    chosen = DOSSIER_SUFFIXES.get(output.suffix.lower())
    if chosen is None:
        what = f" {output.suffix} 文件" if output.suffix else "没有扩展名的文件"
        raise UsageError.single(
            f"一件一档不能写成{what}（{output.name}）；什么也没有写入",
            hint="文件名以 .md（Markdown）或 .docx（Word）结尾，例如 -o g1-t1-m1.docx",
        )
    return chosen


def dossier_bytes(document, chosen: str, root: Path, commit: str | None, day) -> bytes:
    """The dossier as the bytes of a Markdown or Word file; Word's footer names its source."""
    if chosen == "md":
        from ..render.documents import document_md

        return document_md(document).encode("utf-8")
    from ..git.provenance import source_of
    from ..render.wordfile import document_docx

    commit = commit or source_of(root).commit
    source = f"台账提交 {commit[:7]}" if commit else "台账不在 git 仓库中"
    return document_docx(document, f"截至 {day.isoformat()} · {source} · qc-ledger {__version__}")
