"""History read from git: the commits that touched given files, and the file versions they hold.

Through LedgerRepo's git process only; imports no third-party library. Never prints or exits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .repo import LedgerRepo

_FIELD = "\x1f"
_RECORD = "\x1e"
_FORMAT = _RECORD + _FIELD.join(("%H", "%P", "%an", "%ae", "%aI", "%cI", "%s"))


@dataclass(frozen=True)
class FileChange:
    """One file a commit changed: its path (and former path), its blob before and after."""

    path: str
    old_path: str
    old_blob: str | None
    new_blob: str | None


@dataclass(frozen=True)
class Revision:
    """One commit as history reads it."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: dt.datetime
    committed: dt.datetime
    subject: str
    files: tuple[FileChange, ...]
    # A merge on the main line: the commits it brought in (authors and original dates).
    merged: tuple[Merged, ...] = ()

    @property
    def short(self) -> str:
        """The abbreviated commit id."""
        return self.sha[:7]


@dataclass(frozen=True)
class Merged:
    """A commit a merge brought onto the main line."""

    sha: str
    author: str
    email: str
    authored: dt.datetime
    committed: dt.datetime


_NO_BLOB = "0" * 40


def _raw_lines(text: str) -> list[FileChange]:
    """Parse `git log --raw` lines: `:old-mode new-mode old-blob new-blob status<TAB>path[<TAB>path]`."""
    files = []
    for line in text.splitlines():
        if not line.startswith(":"):
            continue
        meta, *paths = line.split("\t")
        fields = meta.split()
        if len(fields) < 5 or not paths:
            continue
        old_blob, new_blob = fields[2], fields[3]
        files.append(
            FileChange(
                paths[-1],
                paths[0],
                None if old_blob == _NO_BLOB else old_blob,
                None if new_blob == _NO_BLOB else new_blob,
            )
        )
    return files


def _revisions(repo: LedgerRepo, *args: str) -> list[Revision]:
    """The main line's commits: a merge stands for its branch, dated when it reached the line."""
    if not repo.repo.head.is_valid():
        return []
    out = repo.run(
        "log",
        f"--format={_FORMAT}",
        "--raw",
        "--no-abbrev",
        "--first-parent",
        "--diff-merges=first-parent",
        *args,
    )
    revisions = []
    for chunk in out.split(_RECORD)[1:]:
        head, _, rest = chunk.partition("\n")
        sha, parents, author, email, authored, committed, subject = head.split(_FIELD, 6)
        revisions.append(
            Revision(
                sha=sha,
                parents=tuple(parents.split()),
                author=author,
                email=email,
                authored=dt.datetime.fromisoformat(authored),
                committed=dt.datetime.fromisoformat(committed),
                subject=subject,
                files=tuple(_raw_lines(rest)),
                merged=_merged(repo, parents.split()),
            )
        )
    return revisions


def _commits(repo: LedgerRepo, *args: str, merges: bool = False) -> tuple[Merged, ...]:
    """Commits (merges too when asked) with their authors and dates."""
    only = () if merges else ("--no-merges",)
    out = repo.run("log", *only, "--format=%H%x1f%an%x1f%ae%x1f%aI%x1f%cI", *args)
    found = []
    for line in out.splitlines():
        sha, author, email, authored, committed = line.split(_FIELD, 4)
        when = dt.datetime.fromisoformat
        found.append(Merged(sha, author, email, when(authored), when(committed)))
    return tuple(found)


def _merged(repo: LedgerRepo, parents: list[str]) -> tuple[Merged, ...]:
    """The commits a merge brought in (its other parents' history not yet on the main line)."""
    return _commits(repo, *parents[1:], f"^{parents[0]}") if len(parents) > 1 else ()


@dataclass(frozen=True)
class PullRequest:
    """What a branch changes against its base: from their merge base, and the commits that did it
    (merges included: a merge can change files too)."""

    start: str
    files: tuple[FileChange, ...]
    commits: tuple[Merged, ...]


def pull_request(repo: LedgerRepo, base: str, head: str) -> PullRequest:
    """The files a branch changed since it left its base, and its commits."""
    start = repo.run("merge-base", base, head).strip()
    out = repo.run("diff", "--raw", "--no-abbrev", "--no-renames", start, head)
    return PullRequest(
        start, tuple(_raw_lines(out)), _commits(repo, f"{start}..{head}", merges=True)
    )


def commit_files(repo: LedgerRepo, sha: str) -> list[FileChange]:
    """The files one commit changed against its first parent, paths from the repository's top."""
    return _raw_lines(repo.run("diff-tree", "-r", "--no-commit-id", "--raw", "--no-abbrev", sha))


def blob_at(repo: LedgerRepo, commit: str, path: str) -> str | None:
    """The blob id of a file (path from the top of the repository) at a commit, or None."""
    try:
        return repo.repo.git.rev_parse("--verify", "--quiet", f"{commit}:{path}").strip() or None
    except repo.command_error:
        return None


def resolve(repo: LedgerRepo, revision: str) -> str | None:
    """The commit a name (branch, tag, id) stands for, or None when there is none."""
    try:
        return repo.repo.git.rev_parse("--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except repo.command_error:
        return None


def history(repo: LedgerRepo, paths: list[Path]) -> list[Revision]:
    """Commits that touched these files, newest first (one file: renames are followed)."""
    relatives = [repo.relative(path) for path in paths]
    follow = ["--follow"] if len(relatives) == 1 else []
    return _revisions(repo, *follow, "--", *relatives)


def between(repo: LedgerRepo, folder: Path, since: dt.date, until: dt.date) -> list[Revision]:
    """Commits touching a folder whose commit date (the committer's own calendar) is in range."""
    margin = dt.timedelta(days=2)
    # Bounds git can take: dates outside the years of version control are no bound at all.
    limits = []
    if since > dt.date(1971, 1, 1):
        limits.append(f"--since={since - margin} 00:00:00")
    if until < dt.date(9000, 1, 1):
        limits.append(f"--until={until + margin} 23:59:59")
    revisions = _revisions(repo, *limits, "--", repo.relative(folder))
    return [r for r in revisions if since <= r.committed.date() <= until]


def read_blob(repo: LedgerRepo, blob: str) -> str | None:
    """The text of a blob (through git's persistent cat-file process), or None.

    A version larger than any data file may be (the reader's limit) is never read into memory.
    """
    from ..store.textcheck import MAX_FILE_BYTES

    try:
        _, kind, size = repo.repo.git.get_object_header(blob)
        if int(size) > MAX_FILE_BYTES:
            return None
        _, kind, _, data = repo.repo.git.get_object_data(blob)
    except (ValueError, repo.command_error):
        return None
    return data.decode("utf-8", errors="replace") if kind in (b"blob", "blob") else None


def under(repo: LedgerRepo, root: Path, revision: Revision) -> list[FileChange]:
    """The files a revision changed below root, with paths relative to root."""
    prefix = repo.relative(root)
    prefix = "" if prefix == "." else prefix + "/"
    return [
        FileChange(f.path[len(prefix) :], f.old_path[len(prefix) :], f.old_blob, f.new_blob)
        for f in revision.files
        if f.path.startswith(prefix)
    ]


def shallow_boundaries(repo: LedgerRepo) -> frozenset[str]:
    """In a shallow clone, the commits whose parents are not here (empty in a full clone)."""
    try:
        return frozenset(repo.git_path("shallow").read_text(encoding="ascii").split())
    except (OSError, UnicodeError):
        return frozenset()


def is_modified(repo: LedgerRepo, path: Path) -> bool:
    """The file differs from HEAD in the working tree or the index."""
    return bool(repo.run("status", "--porcelain=v1", "--", repo.relative(path)).strip())
