"""Records rebuilt from plain data this user's own ledger checked and cached, without validating.

One function is made per model, once: it fills the defaults, converts dates and nested records and
sets what pydantic's model_construct sets, without its per-call bookkeeping.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated

from .fieldtypes import Record
from .lazylog import LazyList
from .logslice import LogSlice


def _from_iso(value: object) -> object:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _builder(annotation: object):
    """How to rebuild a value of this annotation from trusted plain data (None: as it is)."""
    import typing

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _builder(args[0])
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return _maker(annotation)
    if annotation is dt.date:
        return _from_iso
    if origin is list and args:
        inner = _builder(args[0])
        return None if inner is None else (lambda value: list(map(inner, value)))
    if args and len(args) == 1:  # Optional[X]
        inner = _builder(args[0])
        return None if inner is None else (lambda value: None if value is None else inner(value))
    return None


_set = object.__setattr__

# The fields rebuilt as a LazyList: a measure's progress log has thousands of entries that most
# reports read only the dates of.
LAZY_FIELDS = frozenset({"progress_log"})


def _lazy(annotation: object):
    import typing

    make = _maker(typing.get_args(annotation)[0])

    def build(value):
        if type(value) is LogSlice:  # a log a cache entry keeps apart (`logslice`)
            return LazyList(None, make, value)
        return LazyList(value, make) if value else []

    return build


@functools.cache
def _maker(model: type[Record]):
    """A function that rebuilds one `model` record from trusted plain data, made once per model."""
    if getattr(model, "__pydantic_fields_complete__", False):
        # The annotations pydantic resolved when it made the class (evaluating them again from
        # their text takes longer than the rest of a small command's records).
        hints = {name: info.annotation for name, info in model.model_fields.items()}
    else:
        import typing

        hints = typing.get_type_hints(model, include_extras=True)
    # A default made by a factory is made only for a record that lacks the field. A record class
    # as the factory is rebuilt empty here: calling it would build its validator (a fiftieth of a
    # second at start-up) to check defaults that are not checked anyway.
    factories = tuple(
        (name, _empty(info.default_factory))
        for name, info in model.model_fields.items()
        if info.default_factory is not None and info.default_factory is not list
    )
    defaults = {
        name: None
        if info.is_required() or info.default_factory not in (None, list)
        else info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
    }
    convert = tuple(
        (name, build) for name in model.model_fields if (build := _builder(hints[name])) is not None
    )
    # A long list (a progress log) is kept as its plain data until something reads an entry.
    convert = tuple((name, _lazy(hints[name]) if name in LAZY_FIELDS else build)
                    for name, build in convert)  # fmt: skip
    lists = tuple(name for name, value in defaults.items() if isinstance(value, list))
    names = frozenset(model.model_fields)
    new = model.__new__
    # Records given the same fields share one set of their names: a set of its own would be more
    # than half of what a rebuilt record holds, and a ledger's records are never assigned to.
    shared_sets: dict[tuple, set] = {}

    def make(data: dict) -> Record:
        given = data.keys()
        if not given <= names:
            data = {name: value for name, value in data.items() if name in names}
            given = data.keys()
        values = {**defaults, **data}
        for name in lists:  # a default list of its own for each record
            if name not in given:
                values[name] = []
        for name, factory in factories:
            if name not in given:
                values[name] = factory()
        for name, build in convert:  # a default (a record itself, a date) is already built
            if name in given:
                values[name] = build(values[name])
        # What model_construct does, without its per-call bookkeeping (a third of a warm load).
        record = new(model)
        _set(record, "__dict__", values)
        key = tuple(given)
        fields = shared_sets.get(key)
        if fields is None:
            fields = shared_sets[key] = set(key)
        _set(record, "__pydantic_fields_set__", fields)
        _set(record, "__pydantic_extra__", None)
        _set(record, "__pydantic_private__", None)
        return record

    return make


def _empty(factory):
    """A default factory as it is, or for a record class, one rebuilding it from no data."""
    if isinstance(factory, type) and issubclass(factory, Record):
        return functools.partial(_maker(factory), {})
    return factory


def trusted(model: type[Record], data: dict) -> Record:
    """Rebuild a record from plain data that was validated when it was stored (a private cache).

    No validation runs: only what this process itself checked and wrote may come this way.
    """
    return _maker(model)(data)
