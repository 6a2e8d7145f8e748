"""The `review` use case: read a branch's changes from git and judge them under the base's policy.

Reads through githistory; the judging is review's. Never prints or exits.

API for CI and other use cases: `review_branch(root, base, head, logins, platform=..., today=...)`,
and `read_platform_event(path)` for the pull request's author from a platform's event file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..collab.identity import OFFICE, Author, PlatformAuthor, account_map, identify, platform_author
from ..collab.review import ReviewReport, review
from ..errors import DataError, UsageError
from ..history.recorddiff import kind_of, records_in
from ..store import yaml as store

_UNREADABLE = object()  # a version git holds that is too large or cannot be parsed
_EVENT_LIMIT = 25 * 1024 * 1024  # platforms' event files are well under this


def read_platform_event(path: Path) -> PlatformAuthor:
    """The pull request's author from a platform's event file ($GITHUB_EVENT_PATH, or GitLab's API)."""
    try:
        if path.stat().st_size > _EVENT_LIMIT:
            raise UsageError.single(f"事件文件 {path} 过大", hint="给出平台的事件文件")
        event = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError.single(
            f"读不了事件文件 {path}：{exc.strerror or exc}",
            hint="GitHub/Gitea 的工作流中是 $GITHUB_EVENT_PATH",
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError.single(
            f"事件文件 {path} 不是 JSON", hint="给出平台的事件文件（$GITHUB_EVENT_PATH）"
        ) from None
    return platform_author(event)


def review_branch(
    root: Path,
    base: str,
    head: str,
    given: tuple[str, ...] = (),
    *,
    platform: PlatformAuthor | None = None,
    today: dt.date | None = None,
) -> ReviewReport:
    """What `head` changes against `base`, with each change judged for its authors' rights.

    `platform`: the pull request's author as the platform authenticated it (it alone decides);
    `given`: logins passed by hand (--author); neither: the commits' self-asserted authors.
    The policy, the registry and measure ownership are read at the tip of `base`.
    """
    from ..git.history import blob_at, pull_request, read_blob, resolve
    from ..git.repo import LedgerRepo

    repo = LedgerRepo(root)
    try:
        tips = {}
        for name in (base, head):
            tips[name] = resolve(repo, name)
            if tips[name] is None:
                raise UsageError.single(
                    f"git 中没有“{name}”这个分支、标签或提交",
                    hint="写分支名（如 main、origin/main）或提交编号；git branch -a 列出所有分支",
                )
        tip = tips[base]
        branch = pull_request(repo, base, head)
        prefix = repo.relative(root)
        prefix = "" if prefix == "." else prefix + "/"

        unreadable: list[str] = []

        def parsed(blob: str | None, path: str, *, judged: bool = True) -> object:
            if blob is None:
                return None
            text = read_blob(repo, blob)
            try:
                if text is not None:
                    return store.parse_fast(text, Path(path))
            except DataError:
                pass
            if judged:
                unreadable.append(path)
            return _UNREADABLE

        versions, others = [], []
        base_measures: dict[str, dict] = {}
        for change in branch.files:
            if not change.path.startswith(prefix):
                others.append(change.path)  # outside the ledger's folder: still the office's
                continue
            path = change.path[len(prefix) :]
            kind = kind_of(path)
            if kind is None:
                others.append(path)
                continue
            before, after = parsed(change.old_blob, path), parsed(change.new_blob, path)
            if _UNREADABLE not in (before, after):
                versions.append((path, kind, before, after))
            if kind == "task":
                now = parsed(blob_at(repo, tip, change.path), path, judged=False)
                base_measures.update(
                    {k: r.fields for k, r in records_in(kind, now).items() if r.kind == "measure"}
                )
        units_data = parsed(blob_at(repo, tip, prefix + "data/units.yaml"), "units.yaml")
        policy = parsed(blob_at(repo, tip, prefix + "data/policy.yaml"), "policy.yaml")
        rules = parsed(blob_at(repo, tip, prefix + "data/rules.yaml"), "rules.yaml", judged=False)
    finally:
        repo.close()
    units = units_data.get("units") or [] if isinstance(units_data, dict) else []
    units = [unit for unit in units if isinstance(unit, dict) and isinstance(unit.get("name"), str)]
    policy = policy if isinstance(policy, dict) else None
    accounts = account_map(units, policy)
    logins = (platform.login,) if platform is not None else given
    authors = _authors(branch.commits, accounts, set(logins))
    strangers = _strangers(branch.commits, accounts, authors) if logins else []
    return review(
        base,
        head,
        versions,
        others,
        authors,
        units,
        policy,
        unreadable=unreadable,
        base_measures=base_measures,
        strangers=strangers,
        identity="platform" if platform is not None else "given" if given else "commits",
        today=today,
        note_quality=rules.get("note_quality") if isinstance(rules, dict) else None,
        approval=_approval(rules),
    )


def _approval(rules: object) -> bool:
    """The base's rules.closing.approval (false when the base has no such rule)."""
    closing = rules.get("closing") if isinstance(rules, dict) else None
    return isinstance(closing, dict) and closing.get("approval") is True


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


def _strangers(commits, accounts: dict[str, str], authors: list[Author]) -> list[Author]:
    """Commit authors registered to another party than the pull request's author.

    A commit's e-mail grants nothing, but one naming another unit's account is someone else's
    work inside this pull request, and the office decides on it.
    """
    parties = {author.party for author in authors}
    if OFFICE in parties:
        return []
    found = _authors(commits, accounts, set())
    return [a for a in found if a.party is not None and a.party not in parties]
