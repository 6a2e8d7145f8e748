"""Plain data from the nodes the C parser composed, for the regular files that nearly all are.

ruamel's constructor spends most of a large load on bookkeeping a data file never needs. This walk
builds dicts, lists, text, integers, dates, booleans and nulls directly and gives up (`Irregular`)
on anything else — an alias, a duplicate or merge key, an explicit tag, a YAML 1.1 boolean, a
number or date in an unusual spelling — so that the full constructor parses that file and says
precisely what is wrong with it, or builds what it means.
"""

from __future__ import annotations

import datetime as dt

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .scalars import BOOLS, DATE, DECIMAL, NULLS, YAML11_BOOLS, Irregular

# What the fast readers (this walk and store.regular) and the full constructor agree on.
STR_TAG, MAP_TAG, SEQ_TAG = (
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
)
_INT, _NULL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:null"
_BOOL, _TIMESTAMP = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"


def plain_data(node: object) -> object:
    """The plain value of a composed document (None for an empty one); Irregular if unusual."""
    if node is None:
        return None
    return _value(node, set())


def _value(node: object, seen: set[int]) -> object:
    # A node met twice is an alias: the full constructor refuses it with its location.
    if id(node) in seen:
        raise Irregular
    seen.add(id(node))
    kind = type(node)
    if kind is ScalarNode:
        return _scalar(node)
    if kind is MappingNode and node.tag == MAP_TAG:
        mapping: dict = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or key_node.tag != STR_TAG:
                raise Irregular
            key = key_node.value
            if (
                key in mapping
                or key == "<<"
                or (not key_node.style and key.lower() in YAML11_BOOLS)
            ):
                raise Irregular
            seen.add(id(key_node))
            mapping[key] = _value(value_node, seen)
        return mapping
    if kind is SequenceNode and node.tag == SEQ_TAG:
        return [_value(item, seen) for item in node.value]
    raise Irregular


def _scalar(node: ScalarNode) -> object:
    tag, value = node.tag, node.value
    if tag == STR_TAG:
        if not node.style and value.lower() in YAML11_BOOLS:
            raise Irregular
        return value
    if tag == _INT and DECIMAL.match(value):
        return int(value)
    if tag == _NULL and value in NULLS:
        return None
    if tag == _BOOL and value in BOOLS:
        return BOOLS[value]
    if tag == _TIMESTAMP:
        found = DATE.match(value)
        if found:
            try:
                return dt.date(*map(int, found.groups()))
            except ValueError:
                return value  # an impossible date stays text, so validation locates it
    raise Irregular
