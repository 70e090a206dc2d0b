"""One file's decoded records as plain values (tuples, lists, dicts, text, numbers), and back.

The on-disk cache stores what this module makes with `marshal`, which reads only plain
values and never runs code: a cache file someone else wrote can at worst be wrong, which the
cache's checksum and version key catch first. Places are stored without their file's path
(every place in a file's records is in that file), so an entry is small, and the path is put
back when it is read.

    Record  -> (class number, at, {field: place}, value of each field in model order)
    date    -> ("date", ordinal)          a tuple starting with text: never a record
    tuple   -> list
    mapping -> dict
    Span    -> (line, column, start, end), or with the path first when in another file
    Places  -> (names, the array's bytes), as records keep them (`model.Places`)
"""

from __future__ import annotations

import datetime as dt
import types
from array import array
from collections.abc import Mapping, Sequence
from typing import Any

from .. import model as m
from ..diagnostic import Diagnostic
from .decode import Declared, Reference
from .fields import fields_of

_CLASSES: tuple[type[m.Record], ...] = (
    m.Suppression, m.Step, m.Rule, m.Method, m.Situation, m.Avoid, m.Phrase, m.Turn,
    m.Example, m.LessonItem, m.Lesson, m.Source, m.Statistic, m.Side, m.Decision, m.Part,
    m.Framework, m.Document, m.Drill, m.RolePlay,
)
_NUMBER = {cls: i for i, cls in enumerate(_CLASSES)}
_NAMES = tuple(tuple(f.name for f in fields_of(cls)) for cls in _CLASSES)

Plain = Any  # what marshal can write: None, bool, int, str, tuple, list, dict


# --- Places ----------------------------------------------------------------------------------


def span(at: m.Span, path: str) -> Plain:
    if at.path == path:
        return (at.line, at.column, at.start, at.end)
    return (at.path, at.line, at.column, at.start, at.end)


def unspan(value: Plain, path: str) -> m.Span:
    if len(value) == 4:
        return m.Span(path, *value)
    return m.Span(*value)


# --- Records ---------------------------------------------------------------------------------


def encode(value: Any, path: str) -> Plain:
    """A decoded value as plain values."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, tuple):
        return [encode(item, path) for item in value]
    if isinstance(value, m.Record):
        number = _NUMBER[type(value)]
        return (number, span(value.at, path),
                (tuple(value.spans.order), value.spans.numbers.tobytes()),
                *(encode(getattr(value, name), path) for name in _NAMES[number]))
    if isinstance(value, dt.date):
        return ("date", value.toordinal())
    if isinstance(value, Mapping):
        return {key: encode(item, path) for key, item in value.items()}
    raise TypeError(f"cannot encode {type(value).__name__}")  # a new kind of field in model


def decode(value: Plain, path: str) -> Any:
    """The inverse of `encode`. Raises (TypeError, ValueError, KeyError, IndexError) on values
    it did not make: the cache treats that entry as missing."""
    kind = type(value)
    if kind is str or value is None or kind is bool or kind is int:
        return value
    if kind is list:
        return tuple([decode(item, path) for item in value])
    if kind is dict:
        return types.MappingProxyType({key: decode(item, path) for key, item in value.items()})
    if kind is tuple:
        if type(value[0]) is str:
            if value[0] != "date":
                raise ValueError("not a value this codec wrote")
            return dt.date.fromordinal(value[1])
        number = value[0]
        cls = _CLASSES[number]
        names = _NAMES[number]
        if len(value) != len(names) + 3:
            raise ValueError("a record of another shape")
        written, numbers = value[2]
        places = array("i")
        places.frombytes(numbers)
        if type(written) is not tuple or len(places) != 4 * len(written):
            raise ValueError("not a record's places")
        return cls(at=unspan(value[1], path), spans=m.Places(m.shape(written), places),
                   **{name: decode(item, path) for name, item in zip(names, value[3:],
                                                                       strict=True)})
    raise ValueError(f"not a value this codec wrote: {kind.__name__}")


# --- What loading one file finds beside its records ------------------------------------------


def diagnostics(found: Sequence[Diagnostic], path: str) -> Plain:
    return [(span(d.at, path), d.severity, d.rule, d.message, d.hint,
             [span(r, path) for r in d.related]) for d in found]


def undiagnostics(value: Plain, path: str) -> list[Diagnostic]:
    return [Diagnostic(unspan(at, path), severity, rule, message, hint,
                       tuple(unspan(r, path) for r in related))
            for at, severity, rule, message, hint, related in value]


def references(found: Sequence[Reference], path: str) -> Plain:
    return [(r.kind, r.id, span(r.at, path)) for r in found]


def unreferences(value: Plain, path: str) -> list[Reference]:
    return [Reference(kind, id, unspan(at, path)) for kind, id, at in value]


def declarations(found: Sequence[Declared], path: str) -> Plain:
    return [(d.kind, d.id, span(d.at, path), d.alias) for d in found]


def undeclarations(value: Plain, path: str) -> list[Declared]:
    return [Declared(kind, id, unspan(at, path), alias) for kind, id, at, alias in value]
