"""Who review recognises: the office's and each unit's platform accounts, listed and registered.

The first office account is the way into a fresh repository: committed straight to the default branch
before branch protection is switched on, since no pull request can pass review without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.ledger import Ledger
from ..edit.accounts import POLICY_FILE, account_key, add_account
from ..errors import UsageError
from .outcome import Outcome, WriteOptions, run_edits

OFFICE = "统筹办"
SETUP_NEEDED = "权限尚未配置"


@dataclass(frozen=True)
class Account:
    """One registered account and the party it speaks for."""

    party: str
    account: str


def accounts(ledger: Ledger) -> list[Account]:
    """Every registered account: the office's first, then each unit's in registry order."""
    found = [
        Account(OFFICE, name) for name in (ledger.policy.office_accounts if ledger.policy else [])
    ]
    for unit in ledger.registry.units.values():
        found += [Account(unit.name, name) for name in unit.accounts]
    return found


def setup_state(ledger: Ledger) -> str | None:
    """What a fresh repository still lacks before review can pass anything, with the next step."""
    office = ledger.policy.office_accounts if ledger.policy else None
    return _setup_state(ledger.policy is not None, bool(office))


def setup_state_at(root: Path, base: str) -> str | None:
    """The setup state of the policy a review reads: the one at the base commit, not the work tree."""
    from ..errors import DataError
    from ..git.history import blob_at, read_blob, resolve
    from ..git.repo import LedgerRepo
    from ..store import yaml as store

    repo = LedgerRepo(root)
    try:
        commit = resolve(repo, base)
        prefix = repo.relative(root)
        path = ("" if prefix == "." else prefix + "/") + POLICY_FILE.as_posix()
        blob = blob_at(repo, commit, path) if commit else None
        text = read_blob(repo, blob) if blob else None
    finally:
        repo.close()
    if commit is None:
        return None  # review itself says the name is unknown
    try:
        policy = store.parse_fast(text, POLICY_FILE) if text is not None else None
    except DataError:
        return None  # review reports the unreadable file
    office = policy.get("office_accounts") if isinstance(policy, dict) else None
    return _setup_state(text is not None, bool(office))


def _setup_state(has_policy: bool, has_office: bool) -> str | None:
    if not has_policy:
        return (
            f"{SETUP_NEEDED}：没有 {POLICY_FILE.as_posix()}，review 不知道谁可以改什么。"
            "下一步：从 qc-ledger 的示例复制 data/policy.yaml，再登记统筹办账号"
        )
    if not has_office:
        return (
            f"{SETUP_NEEDED}：data/policy.yaml 中没有统筹办账号，每个合并请求都会被拒绝。"
            "下一步：在默认分支上运行 ledger accounts add @统筹办登录名 --commit 并直接推送"
            "（此时还没有开启分支保护），见 docs/forge-setup.md"
        )
    return None


def register(ledger: Ledger, account: str, unit: str | None, options: WriteOptions) -> Outcome:
    """Append one account to the office's list (unit None) or to a unit's, refusing a duplicate."""
    if not account.strip() or any(c.isspace() for c in account.strip()):
        raise UsageError.single(
            f"账号“{account}”无效", hint="写平台登录名（如 @zhou7）或提交邮箱，不含空格"
        )
    if unit is None and ledger.policy is None:
        raise UsageError.single(
            "没有 data/policy.yaml，无处登记统筹办账号",
            hint="先从 qc-ledger 的示例复制 data/policy.yaml",
        )
    wanted = account_key(account)
    for known in accounts(ledger):
        if account_key(known.account) == wanted:
            raise UsageError.single(
                f"账号“{account}”已登记为{known.party}的账号",
                hint="ledger accounts list 列出所有账号",
            )
    name = account.strip()
    if "@" not in name[1:]:
        name = "@" + name.lstrip("@")  # a login, written as review matches it
    canonical = None
    if unit is not None:
        from ..domain.names import unit_argument

        canonical = unit_argument(ledger, unit)
    party = canonical or OFFICE
    return run_edits(
        ledger,
        lambda _signer: [add_account(ledger.root, name, canonical)],
        lambda _edits: f"登记{party}的账号 {name}",
        options,
    )
