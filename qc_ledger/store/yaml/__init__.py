"""YAML files as plain data and as editable documents: the only package that imports ruamel.yaml.

`parsing` reads and dumps, `syntax` explains what could not be read, `edits` patches documents in
place, `canonical` tells a file the dump would write back as it is. The names below are the
package's interface; nothing else of ruamel leaves it. Each is imported when first asked for: a
command that only reads files in fmt's layout (`regular`) never loads ruamel.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .canonical import dumped_as_is
    from .edits import (
        append_item,
        is_roundtrip_map,
        is_roundtrip_seq,
        key_position,
        new_map,
        position,
        reorder,
        replace_item,
        set_value,
        sync_items,
        text_scalar,
        to_block_style,
    )
    from .parsing import (
        dump_new,
        dump_roundtrip,
        parse_fast,
        parse_fast_regular,
        parse_roundtrip,
        uses_c_parser,
    )

# The module of each name of the interface.
_MODULE_OF = {
    "dumped_as_is": "canonical",
    **dict.fromkeys(
        ["append_item", "is_roundtrip_map", "is_roundtrip_seq", "key_position", "new_map",
         "position", "reorder", "replace_item", "set_value", "sync_items", "text_scalar",
         "to_block_style"],
        "edits",
    ),
    **dict.fromkeys(
        ["dump_new", "dump_roundtrip", "parse_fast", "parse_fast_regular", "parse_roundtrip",
         "uses_c_parser"],
        "parsing",
    ),
}  # fmt: skip


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # asked once
    return value


def preload() -> None:
    """Import every module of the interface now (before worker processes are forked, say)."""
    for module in sorted(set(_MODULE_OF.values())):
        importlib.import_module(f".{module}", __name__)


__all__ = [
    "append_item",
    "dump_new",
    "dump_roundtrip",
    "dumped_as_is",
    "is_roundtrip_map",
    "is_roundtrip_seq",
    "key_position",
    "new_map",
    "parse_fast",
    "parse_fast_regular",
    "parse_roundtrip",
    "position",
    "preload",
    "reorder",
    "replace_item",
    "set_value",
    "sync_items",
    "text_scalar",
    "to_block_style",
    "uses_c_parser",
]
