"""The finder's index: everything a reader can look for on the site, built from the model (not
scraped from HTML), with what the browser needs to forgive how a rep types.

Each phrase is a row; then every other entry of the handbook (worked examples, situations,
lessons, method steps, decisions, statistics, sources... any kind the model has and the site
gives an address), then the sections of the pages that are not an entry's (the home page,
the author pages, a team's own Markdown pages), which the finder shows as a group of their
own. Phrases follow the method's order, which the finder uses to break ties: of two phrases
that match alike, the one for the earlier step of a call comes first. The words of every row
are read here (postings.py), with the stems the browser cannot compute and the team's
synonyms (synonyms.py), and written as a head and parts (parts.py): the worker reads only
the rep's query, with the rules of `theme.language` shipped in the head.

A situation also lists what customers say in it (`customer_says`): a rep types what they
just heard, and the situation answers, ahead of phrases that hold only some of the words
(its phrases are on its page); the customer's lines of a worked example find that example.
They are not added to the situation's phrases: a phrase would then hold every word of every
line, and answer queries it has nothing to do with. Instead, each situation's phrases are
listed under it (postings.py, `members`), and when the situation answers, its phrases come
with it.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .. import model as m
from . import parts
from .postings import WEIGHT, Inversion, Row
from .synonyms import expander
from .words import reader_for, spoken

Locate = Callable[[str, str], str | None]  # (kind, id) -> its URL from the site root, if any
R = TypeVar("R")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a page that is no entry's: found by its heading and text, opening at its
    anchor (or the page itself)."""

    url: str
    title: str  # its heading (the page's title for the part before the first heading)
    page: str  # the page's title, shown under it
    text: str


def _markdown(text: str | None) -> str:
    return " ".join(spoken(text or "").split())


def _phrase(phrase: m.Phrase, locate: Locate, home: int, situations: dict[str, int],
            step: int, channels: dict[str, str]) -> tuple[Row, dict[str, Any]]:
    """A phrase's searchable text, and what the results list shows of it (`h` its home
    situation and `p` its step by number: their titles are in the head once)."""
    # The advice around a phrase (why to say it, why not the avoided words) is searched but
    # weighs least: a rep remembers "script" from it, not the phrase itself.
    why = " ".join(_markdown(text) for text in (phrase.why, *(a.why for a in phrase.avoid))
                   if text)
    row = Row(fields=(("title", phrase.title or ""), ("say", spoken(phrase.say)),
                      ("avoid", " ".join(a.text for a in phrase.avoid)),
                      ("keywords", " ".join(phrase.tags)),
                      ("variants", spoken(" ".join(phrase.variants.values()))),
                      # A channel by its name: "whatsapp" finds the phrases written for it.
                      ("channel", " ".join(channels[c] for c in phrase.variants)),
                      ("why", " ".join(why.split()))),
              step=step, situations=tuple(situations[s] for s in phrase.situations))
    url = locate("phrase", phrase.id)
    assert url is not None
    shown: dict[str, Any] = {"i": phrase.id, "u": url, "s": phrase.say, "h": home, "p": step}
    if phrase.title:
        shown["t"] = phrase.title
    return row, shown


# Fields that say what an entry is (found first), and the fields that make the line under
# its title, the first that the entry has; every other text of it is searched too.
_TITLE = ("title", "name", "figure")
_NAMES = ("tags", "keywords")
_LINE = ("summary", "goal", "question", "claim", "setting", "note", "author")
_UNSEARCHED = frozenset({"id", "owner", "aliases", "suppress", "reviewed", "url", "variables",
                         "fires", "silent"})


def _texts(value: object) -> Iterator[str]:
    """Every text a record holds, its nested records' too, but not ids, references,
    addresses, fill-in names nor bookkeeping: a reader does not search for those."""
    if isinstance(value, str):
        yield _markdown(value)
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, m.Record):
        hints = _hints(type(value))
        for f in dataclasses.fields(value):
            if f.name in _UNSEARCHED or f.metadata.get("internal") or not _searched(hints[f.name]):
                continue
            yield from _texts(getattr(value, f.name))


def _hints(cls: type) -> dict[str, Any]:
    found = _HINTS.get(cls)
    if found is None:
        found = _HINTS[cls] = typing.get_type_hints(cls, include_extras=True)
    return found


_HINTS: dict[type, dict[str, Any]] = {}


def _searched(hint: Any) -> bool:
    """Text a person wrote to be read: not a reference to another entry (its own row finds
    it), an id, an address or a date."""
    if typing.get_origin(hint) is typing.Annotated:
        kind = typing.get_args(hint)[1]
        return not isinstance(kind, m.Ref) and kind in (m.PLAIN, m.MARKDOWN)
    args = typing.get_args(hint)
    if args:
        return any(_searched(a) for a in args if a is not type(None))
    return isinstance(hint, type) and issubclass(hint, m.Record)


def _field(entry: m.Entry, names: Sequence[str]) -> tuple[str, str | None]:
    for name in names:
        value = getattr(entry, name, None)
        if isinstance(value, str) and value:
            return name, value
    return "", None


def _entry(kind: str, entry: m.Entry, url: str, where: tuple[int, ...]
           ) -> tuple[Row, dict[str, Any]]:
    """Any entry but a phrase: shown with `k` kind, `t` title and `s` a line under it; found
    by its title and the words that name it (tags, keywords), that line and its other text;
    a worked example also by its situations' words, which do not name it."""
    title_field, title = _field(entry, _TITLE)
    line_field, line = _field(entry, _LINE)
    names = " ".join(t for name in _NAMES for t in getattr(entry, name, ()))
    skip = {title_field, line_field, *_NAMES}
    rest = [text for f in dataclasses.fields(entry) if f.name not in skip
            for text in _texts_of(entry, f.name)]
    fields: tuple[tuple[str, str], ...] = (
        ("title", title or entry.id), ("keywords", names), ("summary", _markdown(line)),
        ("text", " ".join(" ".join(rest).split())))
    if isinstance(entry, m.Situation):  # what customers say in it names it as well as a title
        fields += (("says", " ".join(entry.customer_says)),)
    shown = {"k": kind, "i": entry.id, "u": url, "t": title or entry.id, "s": _markdown(line)}
    return Row(fields, situations=where, entry=True), shown


def _texts_of(entry: m.Entry, name: str) -> Iterator[str]:
    hints = _hints(type(entry))
    if name in _UNSEARCHED or name not in hints or not _searched(hints[name]):
        return
    if isinstance(entry, m.Situation) and name == "customer_says":
        return  # its own field, weighed as a title
    yield from _texts(getattr(entry, name))


# Entries found beside the phrases, in the order their group lists them when they match
# alike: what a rep names (a worked example, a situation) before the method and the sources.
# A kind the model gains is found too, after these, as soon as the site gives it an address.
_ORDER = ("example", "situation", "lesson", "step")


def _kinds() -> list[str]:
    rest = [k for k in m.KINDS if k not in _ORDER and k != "phrase"]
    return [*_ORDER, *rest]


def _entries(handbook: m.Handbook, locate: Locate, kept: Kept | None = None
             ) -> Iterator[tuple[str, tuple[Row, dict[str, Any]]]]:
    situations = {s.id: n for n, s in enumerate(handbook.situations)}

    def made(kind: str, entry: m.Entry) -> tuple[Row, dict[str, Any]] | None:
        url = locate(kind, entry.id)
        if url is None:
            return None
        where = tuple(situations[s] for s in getattr(entry, "situations", ())
                      if s in situations)
        return _entry(kind, entry, url, where)

    for kind in _kinds():
        for entry in handbook.entries(kind):
            found = (kept.made(entry, functools.partial(made, kind)) if kept
                     else made(kind, entry))
            if found is not None:
                yield kind, found


class Kept:
    """What `phrasebook serve` keeps of one index for the next (one per language and address
    style): each entry's row and display data by the very record it was made from (serve's
    content cache gives the same record again for a file that did not change, and records
    are immutable), and the postings (postings.Inversion), which a save patches. Worked out
    afresh whatever a kept value could not vouch for: the situations, steps or channels that
    rows point at by number or name, the synonyms."""

    def __init__(self) -> None:
        self.frame: object = None
        self.rows: dict[int, tuple[object, Any]] = {}  # id(record) -> (record, row made)
        self.inversion: Inversion | None = None
        self.texts: dict[str, Any] = {}  # what each text read gave, for Inversion
        self.parts: parts.Kept = parts.Kept()

    def use(self, frame: object) -> None:
        if frame != self.frame:
            self.frame, self.rows, self.inversion, self.texts = frame, {}, None, {}
        self._used: dict[int, tuple[object, Any]] = {}

    def made(self, record: R, make: Callable[[R], T]) -> T:
        found = self.rows.get(id(record))
        if found is None or found[0] is not record:
            found = (record, make(record))
        self._used[id(record)] = found
        return found[1]

    def done(self) -> None:
        """What this build did not use is let go."""
        self.rows, self._used = self._used, {}


def finder_index(handbook: m.Handbook, locate: Locate, home: Callable[[m.Phrase], str],
                 language_code: str, sections: Sequence[Section] = (),
                 kept: Kept | None = None) -> parts.Contents:
    """The index, which parts.files() writes; the same for the same handbook, sections and
    language. `kept`: what serve kept of the last one for the same addresses."""
    situations = {s.id: n for n, s in enumerate(handbook.situations)}
    steps = {step.id: n for n, step in enumerate(handbook.steps)}
    channels = {c.id: f"{c.label} {c.id.replace('-', ' ')}" for c in handbook.channels}
    ordered = sorted(handbook.phrases, key=lambda p: steps[p.step])
    if kept is not None:
        kept.use((language_code, tuple(situations), tuple(steps), tuple(channels.items()),
                  handbook.synonyms))

    def row_of(p: m.Phrase) -> tuple[Row, dict[str, Any]]:
        return _phrase(p, locate, situations[home(p)], situations, steps[p.step], channels)

    phrases = [kept.made(p, row_of) if kept else row_of(p) for p in ordered]
    entries = list(_entries(handbook, locate, kept))
    pages = [(Row((("title", s.title), ("summary", s.page), ("text", s.text)), entry=True),
              {"k": "page", "i": s.url, "u": s.url, "t": s.title, "s": s.page})
             for s in sections]
    reader = reader_for(language_code)
    situation_texts = [f"{s.title} {' '.join(s.keywords)}" for s in handbook.situations]
    step_texts = [s.title for s in handbook.steps]
    synonyms = expander(reader, handbook.synonyms)
    rows = [row for row, _ in (*phrases, *(e for _, e in entries), *pages)]
    if kept is None:
        inverted = Inversion(reader, situation_texts, step_texts, synonyms, rows).inverted()
    else:
        kept.done()
        if kept.inversion is None or not kept.inversion.update(situation_texts, step_texts,
                                                               synonyms, rows):
            kept.inversion = Inversion(reader, situation_texts, step_texts, synonyms, rows,
                                       kept.texts)
        inverted = kept.inversion.inverted()
    ids: dict[str, str] = {}
    for phrase, (_, shown) in zip(ordered, phrases, strict=True):
        for alias in phrase.aliases:
            ids.setdefault(alias, shown["u"])
    ids.update((shown["i"], shown["u"]) for _, shown in phrases)
    groups: list[list[Any]] = []  # [kind, first row, rows] of the rows after the phrases
    start = len(phrases)
    for kind in [*dict.fromkeys(k for k, _ in entries), *(["page"] if pages else [])]:
        count = sum(1 for k, _ in entries if k == kind) if kind != "page" else len(pages)
        groups.append([kind, start, count])
        start += count
    rows_of = {entry[1]["i"]: len(phrases) + n for n, (kind, entry) in enumerate(entries)
               if kind == "situation"}
    head = {
        "language": reader.lang.for_browser(),
        "situations": [s.title for s in handbook.situations],
        "steps": [s.title for s in handbook.steps],
        "phrases": len(phrases),
        "entries": len(entries) + len(pages),
        "groups": groups,
        "spelled": inverted.spelled,
        "weak": WEIGHT["text"],
        # each situation's row, whose phrases are its posting after the vocabulary's
        "members": [rows_of.get(s.id, -1) for s in handbook.situations],
    }
    shown_rows = [shown for _, shown in phrases] + [shown for _, (_, shown) in entries] + [
        shown for _, shown in pages]
    situation_rows = next(((first, first + count) for kind, first, count in groups
                           if kind == "situation"), (0, 0))
    return parts.Contents(head, inverted, shown_rows, ids, len(phrases), situation_rows)
