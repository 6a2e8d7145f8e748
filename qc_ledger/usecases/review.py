"""The `review` use case: read a branch's changes from git and judge them under the base's policy.

Reads through githistory; the judging is review's. Never prints or exits.
"""

from __future__ import annotations

from pathlib import Path

from ..collab.review import Author, ReviewReport, account_map, identify, review
from ..errors import DataError, UsageError
from ..history.recorddiff import kind_of
from ..store import yaml as store

_UNREADABLE = object()  # a version git holds that is too large or cannot be parsed


def review_branch(root: Path, base: str, head: str, given: tuple[str, ...] = ()) -> ReviewReport:
    """What `head` changes against `base`, with each change judged for its authors' rights."""
    from ..git.history import blob_at, pull_request, read_blob, resolve
    from ..git.repo import LedgerRepo

    repo = LedgerRepo(root)
    try:
        for name in (base, head):
            if resolve(repo, name) is None:
                raise UsageError.single(
                    f"git 中没有“{name}”这个分支、标签或提交",
                    hint="写分支名（如 main、origin/main）或提交编号；git branch -a 列出所有分支",
                )
        branch = pull_request(repo, base, head)
        prefix = repo.relative(root)
        prefix = "" if prefix == "." else prefix + "/"

        unreadable: list[str] = []

        def parsed(blob: str | None, path: str) -> object:
            if blob is None:
                return None
            text = read_blob(repo, blob)
            try:
                if text is not None:
                    return store.parse_fast(text, Path(path))
            except DataError:
                pass
            unreadable.append(path)
            return _UNREADABLE

        versions, others = [], []
        for change in branch.files:
            if not change.path.startswith(prefix):
                continue
            path = change.path[len(prefix) :]
            kind = kind_of(path)
            if kind is None:
                others.append(path)
                continue
            before, after = parsed(change.old_blob, path), parsed(change.new_blob, path)
            if _UNREADABLE not in (before, after):
                versions.append((path, kind, before, after))
        units_data = parsed(blob_at(repo, branch.start, prefix + "data/units.yaml"), "units.yaml")
        policy = parsed(blob_at(repo, branch.start, prefix + "data/policy.yaml"), "policy.yaml")
    finally:
        repo.close()
    units = units_data.get("units") or [] if isinstance(units_data, dict) else []
    units = [unit for unit in units if isinstance(unit, dict) and isinstance(unit.get("name"), str)]
    accounts = account_map(units, policy if isinstance(policy, dict) else None)
    authors = _authors(branch.commits, accounts, set(given))
    return review(
        base,
        head,
        versions,
        others,
        authors,
        units,
        policy if isinstance(policy, dict) else None,
        unreadable=unreadable,
    )


def _authors(commits, accounts: dict[str, str], given: set[str]) -> list[Author]:
    """Who made the changes: each distinct commit author, or only the accounts --author names.

    A commit's e-mail is whatever its author configured; the platform's login of the pull request's
    author is checked by the platform, so CI passes that and it alone decides.
    """
    if given:
        return [identify(handle, handle, accounts, {handle}) for handle in sorted(given)]
    seen: dict[tuple[str, str], Author] = {}
    for commit in commits:
        key = (commit.author, commit.email.lower())
        if key not in seen:
            seen[key] = identify(commit.author, commit.email, accounts, set())
    return list(seen.values())
