"""What the fast readers and the full constructor agree a plain scalar means, without ruamel: the
layout reader (`regular`) and what uses it alone need not import the YAML library."""

from __future__ import annotations

import re

# Plain words that YAML 1.1 readers (PyYAML, many editors) take for booleans; YAML 1.2 keeps them text.
YAML11_BOOLS = frozenset({"y", "n", "yes", "no", "on", "off"})
DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class Irregular(Exception):
    """The document holds something a fast reader leaves to the full constructor."""
