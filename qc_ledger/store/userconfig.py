"""Each user's saved defaults (their unit, how they sign), kept outside every repository.

A small JSON file: $LEDGER_CONFIG, else $XDG_CONFIG_HOME/qc-ledger/config.json, else %APPDATA% on
Windows, else ~/.config/qc-ledger/config.json. An edge module: it reads the environment.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import DataError
from .files import write_atomic

KEYS = {"unit": "默认单位", "author": "默认署名"}


def config_path() -> Path | None:
    """Where this user's settings live (None when there is no home to keep them in)."""
    explicit = os.environ.get("LEDGER_CONFIG", "")
    if explicit and Path(explicit).is_absolute():
        return Path(explicit)
    for variable, sub in (("XDG_CONFIG_HOME", "qc-ledger"), ("APPDATA", "qc-ledger")):
        base = os.environ.get(variable, "")
        if base and Path(base).is_absolute() and (variable != "APPDATA" or os.name == "nt"):
            return Path(base) / sub / "config.json"
    home = os.environ.get("HOME") or os.environ.get("USERPROFILE")
    return Path(home) / ".config" / "qc-ledger" / "config.json" if home else None


def load() -> dict[str, str]:
    """The saved settings ({} when none); a damaged file is said to be so, with its path."""
    path = config_path()
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError):
        raise DataError.single(
            "个人设置文件已损坏，无法读取",
            path=path,
            hint="删除这个文件后用 ledger config set 重新设置",
            code="config",
        ) from None
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if key in KEYS and isinstance(value, str)}


def save(values: dict[str, str]) -> Path:
    """Write the settings (only the known keys); return where."""
    path = config_path()
    if path is None:
        raise DataError.single(
            "找不到保存个人设置的目录（没有 HOME 或 USERPROFILE）",
            hint="设置环境变量 LEDGER_CONFIG 为一个绝对路径的文件，例如 /home/me/.ledger.json",
            code="config",
        )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    kept = {key: values[key] for key in KEYS if values.get(key)}
    write_atomic(path, json.dumps(kept, ensure_ascii=False, indent=2) + "\n")
    return path
