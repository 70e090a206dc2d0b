"""One file's decoded records as plain values (lists, dicts, text, numbers), and back.

The on-disk cache stores what this module makes as JSON, whose reader never runs code and
fails cleanly on any bytes; the cache's MAC keeps out what this tool did not write before
anything is decoded. Places are stored without their file's path (every place in a file's
records is in that file), so an entry is small, and the path is put back when it is read.

JSON has one kind of list, so a list that starts with a whole number is a tagged value (a
model tuple never holds numbers: `encode` refuses one that does) and any other list a tuple:

    Record  -> [class number, at, names, places, value of each field in model order]
    date    -> [-1, ordinal]
    tuple   -> [items...]
    mapping -> {key: value}
    Span    -> [line, column, start, end], or with the path first when in another file
    Places  -> names and the array's numbers, as records keep them (`model.Places`)
"""

from __future__ import annotations

import datetime as dt
import types
from array import array
from collections.abc import Mapping, Sequence
from typing import Any

from .. import messages
from .. import model as m
from ..diagnostic import Diagnostic
from .decode import Declared, Reference
from .fields import fields_of

_CLASSES: tuple[type[m.Record], ...] = (
    m.Suppression, m.Step, m.Rule, m.Method, m.Situation, m.Avoid, m.Phrase, m.Turn,
    m.Example, m.LessonItem, m.Lesson, m.Source, m.Statistic, m.Side, m.Decision, m.Part,
    m.Framework, m.Document, m.Drill, m.RolePlay, m.RuleQuestion,
    m.ReplacementQuestion, m.NextStepQuestion, m.Question, m.Quiz, m.Criterion, m.Scorecard,
    m.Goodwill, m.Blank, m.Template, m.SynonymSet,
)
_NUMBER = {cls: i for i, cls in enumerate(_CLASSES)}
_NAMES = tuple(tuple(f.name for f in fields_of(cls)) for cls in _CLASSES)

Plain = Any  # what JSON holds: None, bool, int, str, list, dict
_DATE = -1


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
        if value and type(value[0]) is int:
            raise TypeError("cannot encode a tuple of numbers")  # it would read as a tag
        return [encode(item, path) for item in value]
    if isinstance(value, m.Record):
        number = _NUMBER[type(value)]
        return [number, span(value.at, path), list(value.spans.order),
                value.spans.numbers.tolist(),
                *(encode(getattr(value, name), path) for name in _NAMES[number])]
    if isinstance(value, dt.date):
        return [_DATE, value.toordinal()]
    if isinstance(value, Mapping):
        return {key: encode(item, path) for key, item in value.items()}
    raise TypeError(f"cannot encode {type(value).__name__}")  # a new kind of field in model


def decode(value: Plain, path: str) -> Any:
    """The inverse of `encode`. Raises (TypeError, ValueError, KeyError, IndexError,
    OverflowError) on values it did not make: the cache treats that entry as missing."""
    kind = type(value)
    if kind is str or value is None or kind is bool or kind is int:
        return value
    if kind is list:
        if not value or type(value[0]) is not int:
            return tuple([decode(item, path) for item in value])
        number = value[0]
        if number == _DATE:
            return dt.date.fromordinal(value[1])
        if number < 0:
            raise ValueError("not a value this codec wrote")
        cls = _CLASSES[number]
        names = _NAMES[number]
        if len(value) != len(names) + 4:
            raise ValueError("a record of another shape")
        written, places = value[2], array("i", value[3])
        if type(written) is not list or len(places) != 4 * len(written):
            raise ValueError("not a record's places")
        return cls(at=unspan(value[1], path), spans=m.Places(m.shape(tuple(written)), places),
                   **{name: decode(item, path) for name, item in zip(names, value[4:],
                                                                       strict=True)})
    if kind is dict:
        return types.MappingProxyType({key: decode(item, path) for key, item in value.items()})
    raise ValueError(f"not a value this codec wrote: {kind.__name__}")


# --- What loading one file finds beside its records ------------------------------------------


def diagnostics(found: Sequence[Diagnostic], path: str) -> Plain:
    return [(span(d.at, path), d.severity, d.rule, messages.plain(d.message),
             None if d.hint is None else messages.plain(d.hint),
             [span(r, path) for r in d.related]) for d in found]


def undiagnostics(value: Plain, path: str) -> list[Diagnostic]:
    return [Diagnostic(unspan(at, path), severity, rule, messages.unplain(message),
                       None if hint is None else messages.unplain(hint),
                       tuple(unspan(r, path) for r in related))
            for at, severity, rule, message, hint, related in value]


def references(found: Sequence[Reference], path: str) -> Plain:
    return [(r.kind, r.id, span(r.at, path)) for r in found]


def unreferences(value: Plain, path: str) -> list[Reference]:
    return [Reference(kind, id, unspan(at, path)) for kind, id, at in value]


def declarations(found: Sequence[Declared], path: str) -> Plain:
    return [(d.kind, d.id, span(d.at, path), d.alias, d.invalid) for d in found]


def undeclarations(value: Plain, path: str) -> list[Declared]:
    return [Declared(kind, id, unspan(at, path), alias, invalid)
            for kind, id, at, alias, invalid in value]
