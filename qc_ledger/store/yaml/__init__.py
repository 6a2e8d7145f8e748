"""YAML files as plain data and as editable documents: the only package that imports ruamel.yaml.

`parsing` reads and dumps, `syntax` explains what could not be read, `edits` patches documents in
place, `canonical` tells a file the dump would write back as it is. The names below are the
package's interface; nothing else of ruamel leaves it.
"""

from __future__ import annotations

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
    "reorder",
    "replace_item",
    "set_value",
    "sync_items",
    "text_scalar",
    "to_block_style",
    "uses_c_parser",
]
