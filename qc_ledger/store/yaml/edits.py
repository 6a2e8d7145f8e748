"""Editing round-trip documents in place, and finding where a value stands in one.

Comments in ruamel hang on the node *before* them, so a comment line that precedes the next record
belongs to the last value of this one; whenever a new value becomes the last one (an appended item, a
key added at the end, a reordering) those comment lines are moved onto it, so they stay where the
reader saw them.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, ScalarString


def position(document: object, loc: Sequence[str | int]) -> tuple[int, int] | None:
    """Return the 1-based line and column of the value at `loc` (or of its nearest existing parent)."""
    node = document
    found: tuple[int, int] | None = None
    if isinstance(node, CommentedMap | CommentedSeq):
        found = (node.lc.line, node.lc.col)
    for step in loc:
        if isinstance(node, CommentedMap) and step in node:
            key_line, key_col = node.lc.key(step)
            child = node[step]
            if isinstance(child, CommentedMap | CommentedSeq) and len(child):
                found = (key_line, key_col)
            else:
                value = node.lc.value(step)
                found = (value[0], value[1]) if value else (key_line, key_col)
            node = child
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            found = node.lc.item(step)
            node = node[step]
        else:
            break
    if found is None:
        return None
    return found[0] + 1, found[1] + 1


def key_position(document: object, loc: Sequence[str | int]) -> tuple[int, int] | None:
    """Return the 1-based line and column of the key at the end of `loc`."""
    parent = document
    for step in loc[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return position(document, loc)
    if isinstance(parent, CommentedMap) and loc and loc[-1] in parent:
        line, col = parent.lc.key(loc[-1])
        return line + 1, col + 1
    return position(document, loc)


def is_roundtrip_map(node: object) -> bool:
    """Tell whether a node is a round-trip mapping."""
    return isinstance(node, CommentedMap)


def is_roundtrip_seq(node: object) -> bool:
    """Tell whether a node is a round-trip sequence."""
    return isinstance(node, CommentedSeq)


def _is_block(node: object) -> bool:
    return (
        isinstance(node, CommentedMap | CommentedSeq) and len(node) > 0 and not node.fa.flow_style()
    )


def _tail_holder(node: object) -> tuple[list, int] | None:
    """Return the comment slot that ends a block node: (entry list, index in it), if any."""
    if not _is_block(node):
        return None
    if isinstance(node, CommentedMap):
        key = next(reversed(node))
        if _is_block(node[key]):
            return _tail_holder(node[key])
        entry = node.ca.items.get(key)
        return (entry, 2) if entry and len(entry) > 2 and entry[2] is not None else None
    index = len(node) - 1
    if _is_block(node[index]):
        return _tail_holder(node[index])
    entry = node.ca.items.get(index)
    return (entry, 0) if entry and entry[0] is not None else None


def _take_tail(node: object) -> object | None:
    """Detach the full comment lines that follow a node's last line; keep its end-of-line comment."""
    holder = _tail_holder(node)
    if holder is None:
        return None
    entry, index = holder
    token = entry[index]
    value = token.value
    cut = value.find("\n")
    if cut < 0 or not value[cut + 1 :].strip():
        return None
    head, rest = value[: cut + 1], value[cut + 1 :]
    tail = copy.copy(token)
    tail.value = "\n" + rest
    if head.strip():
        token.value = head
    else:
        entry[index] = None
    return tail


def _put_tail(node: object, tail: object | None) -> None:
    """Attach detached comment lines after the last line of a block node."""
    if tail is None:
        return
    if isinstance(node, CommentedMap):
        key = next(reversed(node))
        if _is_block(node[key]):
            _put_tail(node[key], tail)
            return
        entry = node.ca.items.setdefault(key, [None, None, None, None])
        if entry[2] is not None:
            entry[2].value = entry[2].value.rstrip("\n") + tail.value
        else:
            entry[2] = tail
        return
    index = len(node) - 1
    if _is_block(node[index]):
        _put_tail(node[index], tail)
        return
    entry = node.ca.items.setdefault(index, [None, None, None, None])
    if entry[0] is not None:
        entry[0].value = entry[0].value.rstrip("\n") + tail.value
    else:
        entry[0] = tail


def new_map(pairs: dict) -> CommentedMap:
    """A new round-trip mapping (block style) holding `pairs` in order; nested lists become block lists."""
    mapping = CommentedMap()
    for key, value in pairs.items():
        mapping[key] = _node(value)
    return mapping


def _node(value: object) -> object:
    if isinstance(value, dict):
        return new_map(value)
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_node(item) for item in value)
        if not seq:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        return text_scalar(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        # A fresh object: the same date object in two places would be dumped as an anchor and alias.
        return dt.date(value.year, value.month, value.day)
    return value


def text_scalar(text: str, like: object = None) -> str:
    """A string scalar: multi-line text as a literal block, else in the quoting style of `like`."""
    if "\n" in text:
        return LiteralScalarString(text)
    if isinstance(like, ScalarString) and not isinstance(
        like, LiteralScalarString | FoldedScalarString
    ):
        return type(like)(text)
    return text


def set_value(mapping: CommentedMap, key: str, value: object, order: Sequence[str] = ()) -> None:
    """Set a key's value in place; a new key goes where `order` puts it (else at the end)."""
    if key in mapping:
        old = mapping[key]
        value = text_scalar(value, old) if isinstance(value, str) else _node(value)
        tail = _take_tail(mapping) if next(reversed(mapping)) == key and _is_block(old) else None
        mapping[key] = value
        _put_tail(mapping, tail)
        return
    node = _node(value)
    later = list(order[order.index(key) + 1 :]) if key in order else []
    position = next(
        (index for index, existing in enumerate(mapping) if existing in later), len(mapping)
    )
    if position == len(mapping):
        tail = _take_tail(mapping)
        mapping[key] = node
        _put_tail(mapping, tail)
    else:
        mapping.insert(position, key, node)


def append_item(seq: CommentedSeq, item: object) -> None:
    """Append an item to a sequence in place; an empty flow list `[]` becomes a block list."""
    tail = _take_tail(seq)
    if not len(seq):
        seq.fa.set_block_style()
        seq.ca.comment = None
    seq.append(_node(item))
    _put_tail(seq, tail)


def sync_items(
    mapping: CommentedMap, key: str, items: list[dict], match: str, order: Sequence[str] = ()
) -> None:
    """Make a list of mappings equal `items`, matched on one field and edited in place.

    Items kept are changed field by field and new ones inserted where they belong, so a comment
    beside an item that stays is kept; only the items no longer wanted leave.
    """
    seq = mapping.get(key)
    if not isinstance(seq, CommentedSeq) or not len(seq) or not items:
        set_value(mapping, key, items, order)
        return
    wanted = {str(item[match]) for item in items}
    for index in reversed(range(len(seq))):
        if str(seq[index].get(match)) not in wanted:
            del seq[index]
    present = {str(node.get(match)): node for node in seq}
    for position_, item in enumerate(items):
        node = present.get(str(item[match]))
        if node is None:
            if position_ >= len(seq):
                append_item(seq, item)
            else:
                seq.insert(position_, _node(item))
            continue
        for field in [name for name in node if name not in item]:
            del node[field]
        for field, value in item.items():
            if str(node.get(field)) != str(value) or field not in node:
                set_value(node, field, value, list(item))


def replace_item(container: CommentedMap | CommentedSeq, key: object, text: str) -> None:
    """Replace a string scalar in place, keeping its quoting style and its comments."""
    container[key] = text_scalar(text, container[key])


def reorder(mapping: CommentedMap, order: Sequence[str]) -> bool:
    """Put a mapping's keys in `order` (unknown keys last, as they were); True if anything moved."""
    rank = {key: index for index, key in enumerate(order)}
    keys = list(mapping)
    wanted = sorted(keys, key=lambda key: rank.get(key, len(rank)))
    if wanted == keys:
        return False
    tail = _take_tail(mapping)
    for key in wanted:
        mapping.move_to_end(key)
    _put_tail(mapping, tail)
    return True


def to_block_style(node: object) -> int:
    """Turn every non-empty flow collection (`[a, b]`, `{k: v}`) under node into block style; count them."""
    count = 0
    if isinstance(node, CommentedMap | CommentedSeq):
        if len(node) and node.fa.flow_style():
            node.fa.set_block_style()
            count += 1
        children = node.values() if isinstance(node, CommentedMap) else node
        count += sum(to_block_style(child) for child in children)
    return count
