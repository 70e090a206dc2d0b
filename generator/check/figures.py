"""Figures keep their sources: a share of customers stated anywhere but the statistics page
links the statistic it comes from."""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import model as m
from ..finder.language import language
from ..load.fields import fields_of
from ..messages import say
from ..normalize import words
from .core import Context, Finding, finding, quote, rule

_PIECE = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class Reading:
    """A language's figures compiled: `figure` finds one, `digit` and `words` tell quickly
    that a text holds none (most of a handbook's text)."""

    figure: re.Pattern[str]
    digit: re.Pattern[str]
    words: frozenset[str]


@functools.cache
def reading(code: str) -> Reading:
    """The figures of a language (its file in finder/languages/), compiled once. One number
    first, then what makes it a share: matched once for all of them, which keeps this fast."""
    figures = language(code).figures
    number = r"(?:\d+(?:[.,]\d+)?" + "".join(f"|{re.escape(w)}" for w in figures.numbers) + ")"
    pieces = {"number": number, **figures.parts}

    def filled(pattern: str) -> str:
        return _PIECE.sub(lambda m: pieces[m.group(1)], pattern)

    after = "|".join(filled(p) for p in figures.after_number)
    shares = "".join(f"|{filled(p)}" for p in figures.shares)
    return Reading(
        figure=re.compile(rf"\b(?:{number}(?:{after}){shares})", re.IGNORECASE),
        digit=re.compile(rf"\d\s*(?:{filled(figures.after_digit)})", re.IGNORECASE),
        words=frozenset(w.casefold() for w in (*figures.numbers, *figures.words)),
    )


# Quoted as someone's saying: straight, English, German and French quotation marks.
_QUOTED = re.compile(r"\"[^\"]*\"|„[^“”]*[“”]|“[^”]*”|«[^»]*»")
_STATISTIC = re.compile(r"\]\(\s*statistic:")
_SENTENCE = re.compile(r"(?:[^.!?]|\.(?=\d))+[.!?]*")


@dataclass(frozen=True, slots=True)
class _Field:
    """A text field: its value, and enough to find its place if a figure is in it."""

    owner: m.Entry | None
    value: str
    record: m.Record
    name: str


@rule("figure", "error", local=True)
def figure(c: Context) -> Iterator[Finding]:
    """A figure about customers ("95 %", "nine in ten", "five times more", "most unhappy
    customers") said as fact in advice, a phrase, an example or a lesson must be traceable:
    link the statistic in the same sentence (`[95 %](statistic:buy-again-if-quick)`), whose
    page gives the source and the caveat, or put the words in quotation marks as someone's
    saying. Otherwise an estimate becomes a law as it is passed on. Times, durations, prices
    and counts are not figures. Fix it by linking the statistic, quoting, or saying it
    without the figure."""
    figures = reading(c.settings.language)
    for text in _prose(c.view):
        if not (figures.digit.search(text.value)
                or not figures.words.isdisjoint(c.rough(text.value))):
            continue
        if not figures.figure.search(text.value):
            continue
        quoted = [q.span() for q in _QUOTED.finditer(text.value)]
        for sentence in _SENTENCE.finditer(text.value):
            if _STATISTIC.search(sentence.group()):
                continue
            for match in figures.figure.finditer(sentence.group()):
                start = sentence.start() + match.start()
                if any(a <= start < b for a, b in quoted):
                    continue
                found = words(text.value)
                inside = [i for i, w in enumerate(found)
                          if start <= w.start < sentence.start() + match.end()]
                field = text.record.where(text.name)
                at = c.place(field, found, inside[0], inside[-1]) if inside else field
                yield finding(
                    text.owner, "figure", at,
                    say("figure", figure=quote(match.group())), say("figure_hint"))


def _prose(handbook: m.Handbook) -> Iterator[_Field]:
    """Every text field of the method, situations, phrases, examples, lessons, decisions and
    frameworks; not the statistics and sources, which are where figures belong, nor what a
    customer says in a dialogue."""
    yield from _texts(handbook.method, None)
    for kind in ("situation", "phrase", "example", "lesson", "decision", "framework"):
        for entry in handbook.entries(kind):
            yield from _texts(entry, entry)


def _texts(record: m.Record, owner: m.Entry | None) -> Iterator[_Field]:
    owner_here = record if isinstance(record, m.Entry) else owner
    for name, is_text in _fields(type(record)):
        value = getattr(record, name)
        if value is None:
            continue
        if is_text:
            if isinstance(value, str):
                yield _Field(owner_here, value, record, name)
            elif isinstance(value, tuple):
                for i, item in enumerate(value):
                    yield _Field(owner_here, item, record, f"{name}.{i}")
            else:  # a mapping of texts: variants, variables
                for key, item in value.items():
                    yield _Field(owner_here, item, record, f"{name}.{key}")
        elif isinstance(value, m.Record):
            yield from _texts(value, owner_here)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, m.Record) and not isinstance(item, m.Suppression):
                    yield from _texts(item, owner_here)


_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """A record's fields, and which of them hold text an author writes (worked out once per
    class); a customer's line is theirs, not the handbook's."""
    cached = _FIELDS.get(cls)
    if cached is None:
        cached = _FIELDS[cls] = tuple(
            (f.name, _is_text(f.hint)) for f in fields_of(cls)
            if not (cls is m.Turn and f.name == "customer"))
    return cached


def _is_text(hint: Any) -> bool:
    """Whether a type hint holds text an author writes (plain or Markdown), not ids."""
    if typing.get_origin(hint) is typing.Annotated:
        kind = typing.get_args(hint)[1]
        return kind is m.MARKDOWN or kind is m.PLAIN
    args = typing.get_args(hint)
    return bool(args) and any(_is_text(a) for a in args[-1:] + args[:1])
