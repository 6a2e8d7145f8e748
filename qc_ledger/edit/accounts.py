"""Registering a platform account: appended to policy.yaml (the office) or to one unit in units.yaml."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..store import yaml as store
from ..store.reader import read_data
from .patching import Edit, check_new_text
from .untouched import finish_edit

POLICY_FILE = Path("data") / "policy.yaml"
UNITS_FILE = Path("data") / "units.yaml"


def account_key(account: str) -> str:
    """An account as review matches it: an e-mail as written, a login as `@login`, lower-case."""
    account = account.strip()
    return account.lower() if "@" in account[1:] else "@" + account.lstrip("@").lower()


def add_account(root: Path, account: str, unit: str | None) -> Edit:
    """The office's (unit None) or one unit's list of accounts with `account` appended."""
    relative = UNITS_FILE if unit else POLICY_FILE
    path = root / relative
    old = read_data(path, root)
    old_bytes, old_text = old.raw, old.text
    document = store.parse_roundtrip(old_text, path)
    baseline = store.dump_roundtrip(document)
    if unit:
        holder = next(
            (item for item in document.get("units") or [] if item.get("name") == unit), None
        )
        if holder is None:
            raise UsageError.single(
                f"单位名录中没有“{unit}”", hint="用 ledger units 查看单位的全称"
            )
        key = "accounts"
    else:
        holder, key = document, "office_accounts"
    listed = holder.get(key)
    if listed in (None, []):
        store.set_value(holder, key, [account])
    else:
        store.append_item(listed, account)
    every_line = range(0, old_text.count("\n") + 1)
    new_text, _normalised = finish_edit(old_text, baseline, document, every_line, path)
    kind = "units" if unit else "policy"
    check_new_text(path, new_text, kind)
    return Edit(path, new_text, old_bytes, kind, "@units" if unit else "@policy")
