"""Records as JSON-ready data exactly as pydantic's `model_dump(mode="json")` gives them, without
building a serializer: a command that dumps a few records (show, export) would otherwise build one
for each model it meets first, and pydantic look up its plugins, a fifteenth of a second in all.

Only fields whose values dump as themselves (text, whole numbers, yes/no, literals), dates, nested
records and lists or optionals of these are dumped here; a model with any other field, a serializer
or an excluded field is handed to pydantic as it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing

from .fieldtypes import Record

_SELF = (str, int, bool, type(None))


class _Unsure(Exception):
    """A field this module does not dump as pydantic would be sure to."""


def plain(record: Record) -> dict:
    """`record.model_dump(mode="json")`, field by field in the model's order."""
    return _dumper(type(record))(record)


def _pydantic(record: Record) -> dict:
    return record.model_dump(mode="json")


@functools.cache
def _dumper(model: type[Record]):
    """A function dumping one record of `model`, made once per model."""
    try:
        steps = tuple((name, _convert_field(info)) for name, info in _fields(model).items())
    except _Unsure:
        return _pydantic

    def dump(record: Record) -> dict:
        values = record.__dict__
        return {
            name: values[name] if convert is None else convert(values[name])
            for name, convert in steps
        }

    return dump


def _fields(model: type[Record]) -> dict:
    decorators = model.__pydantic_decorators__
    if (
        not getattr(model, "__pydantic_fields_complete__", False)
        or decorators.field_serializers
        or decorators.model_serializers
        or decorators.computed_fields
    ):
        raise _Unsure(model)
    return model.model_fields


def _convert_field(info) -> object | None:
    # exclude_if: a field left out by its value (newer pydantic) is pydantic's to decide.
    if info.exclude or getattr(info, "exclude_if", None) or info.serialization_alias or info.alias:
        raise _Unsure(info)
    if any(type(item).__name__.endswith("Serializer") for item in info.metadata):
        raise _Unsure(info)
    return _convert(info.annotation)


def _date(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _convert(annotation: object):
    """How a value of this annotation dumps (None: as it is); _Unsure when not known here."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        if any(type(item).__name__.endswith("Serializer") for item in args[1:]):
            raise _Unsure(annotation)
        return _convert(args[0])
    if origin is typing.Literal:
        if not all(type(arg) in (str, int, bool) for arg in args):
            raise _Unsure(annotation)
        return None
    if annotation in _SELF:
        return None
    if annotation is dt.date:
        return _date
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return _nested(annotation)
    if origin is list and len(args) == 1:
        inner = _convert(args[0])
        if inner is None:  # a list of its own, as pydantic gives: the record's is never changed
            return lambda value: value if value is None else list(value)
        return lambda value: [inner(item) for item in value]
    if origin in (typing.Union, types.UnionType):
        kept = [arg for arg in args if arg is not type(None)]
        if len(kept) != 1:
            raise _Unsure(annotation)
        inner = _convert(kept[0])
        return None if inner is None else (lambda value: None if value is None else inner(value))
    raise _Unsure(annotation)


def _nested(model: type[Record]):
    def dump(value: object) -> object:
        return _dumper(model)(value) if isinstance(value, Record) else value

    return dump
