"""What an author may write for each record: its fields, their types in words, the shapes
and synonyms the loader accepts. Read by the decoder, the JSON Schema and the field reference."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
import typing
import unicodedata
from collections.abc import Mapping
from typing import Any, get_args, get_origin

from .. import model as m
from ..messages import Message, say

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# Letters that are more than an accent: written out as their languages do (German "Störung"
# becomes "stoerung", not "storung"); every other accent is dropped by decomposition.
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss",
                              "æ": "ae", "œ": "oe", "ø": "oe", "å": "aa", "þ": "th",
                              "ð": "d", "đ": "d", "ł": "l", "\u0131": "i"})
VARIABLE_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
# A translation's `translated_from`: the source language's code, `@`, and a fingerprint of the
# source entry's text (never a bare number, which YAML tools other than ours would read as one).
FINGERPRINT_RE = re.compile(r"([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)@([0-9a-f]{8})\Z")

# Which kind of entry each record class is, for ids and references.
KIND_OF: dict[type, str] = {
    m.Step: "step",
    m.Rule: "rule",
    m.Situation: "situation",
    m.Phrase: "phrase",
    m.Example: "example",
    m.Lesson: "lesson",
    m.RolePlay: "roleplay",
    m.Quiz: "quiz",
    m.Scorecard: "scorecard",
    m.Goodwill: "goodwill",
    m.Template: "template",
    m.Source: "source",
    m.Statistic: "statistic",
    m.Decision: "decision",
    m.Framework: "framework",
}
# A record written as a bare string stands for this one field.
SHORTHAND: dict[type, str] = {m.Avoid: "text", m.Drill: "text", m.Blank: "label"}
# Words authors reach for, and the field they mean.
SYNONYMS = {"avoid": "dont", "don't": "dont", "donts": "dont", "dos": "do", "text": "say",
            "situation": "situations", "source": "sources", "variant": "variants",
            "tag": "tags", "channel": "channels", "alias": "aliases", "turns": "dialogue",
            "brief": "customer", "fact": "facts", "escalation": "escalates",
            "key": "answer", "correct": "answer", "wrong_answers": "wrong", "question": "questions",
            "pass": "pass_if", "passes": "pass_if", "row": "rows", "gives": "may_give",
            "field": "fields"}
# Records whose keys are alternatives: exactly one of these must be present.
ONE_OF: dict[type, tuple[str, ...]] = {
    m.Turn: ("customer", "rep", "colleague", "note"),
    m.LessonItem: ("step", "phrase", "example", "situation", "text"),
    m.Question: ("broken_rule", "replacement", "next_step"),
    m.SynonymSet: ("same", "typed"),
}
# Fields that are written together or not at all.
TOGETHER: dict[type, tuple[tuple[str, ...], ...]] = {m.SynonymSet: (("typed", "means"),)}


@dataclasses.dataclass(frozen=True, slots=True)
class Field:
    name: str
    hint: Any
    required: bool
    default: Any


def _fields(cls: type) -> tuple[Field, ...]:
    cached: tuple[Field, ...] | None = _FIELDS.get(cls)
    if cached is None:
        hints = typing.get_type_hints(cls, include_extras=True)
        cached = tuple(
            Field(
                f.name,
                hints[f.name],
                f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
                f.default,
            )
            for f in dataclasses.fields(cls)
            if not f.metadata.get("internal")
        )
        _FIELDS[cls] = cached
    return cached


_FIELDS: dict[type, tuple[Field, ...]] = {}


def fields_of(cls: type) -> tuple[Field, ...]:
    """The fields a content author writes for `cls`, in the order they are documented."""
    return _fields(cls)


@functools.cache
def _shape(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    """A type hint's origin and arguments: asked for every value of every file."""
    return get_origin(hint), get_args(hint)


@functools.cache
def _text_kind(kind: Any) -> Message:
    return describe(typing.Annotated[str, kind])


def describe(hint: Any, many: bool = False) -> Message:
    """A type as an author would say it: "a list of texts", "the id of a step"; with
    `many`, as a list's items are said ("texts", "step ids")."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is typing.Annotated:
        kind = args[1]
        if isinstance(kind, m.Ref):
            return say("types_ref" if many else "type_ref", kind=say(f"entry_{kind.kind}"))
        name = {"slug": "slug", "url": "url", "variable": "variable",
                "fingerprint": "fingerprint"}.get(repr(kind), "text")
        return say(f"types_{name}" if many else f"type_{name}")
    if origin in (types.UnionType, typing.Union):
        options = [describe(a, many) for a in args if a is not type(None)]
        described = options[0]
        for option in options[1:]:
            described = say("type_or", first=described, second=option)
        return described
    if origin is tuple:
        return say("types_list" if many else "type_list", items=describe(args[0], True))
    if origin in (Mapping, dict):
        return say("types_mapping" if many else "type_mapping")
    if hint is bool:
        return say("type_bool")
    if hint is int:
        return say("types_int" if many else "type_int")
    if hint is dt.date:
        return say("types_date" if many else "type_date")
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return say("types_record" if many else "type_record")
    return say("types_text" if many else "type_text")


def suggest_id(text: str) -> str:
    """An id for a title or a mistyped id, for a hint: `Störung beim Café` gives
    `stoerung-beim-cafe`. Empty when nothing of it is a letter or digit of the Latin script."""
    spelled = text.casefold().translate(_SPELLED_OUT)
    plain = "".join(c for c in unicodedata.normalize("NFKD", spelled)
                    if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
