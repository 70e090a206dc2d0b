"""What a page read while it was made, so that `phrasebook serve` makes again only the pages
an edit can have changed.

A page is a pure function of the handbook, the cross references (`Index`), the options and
the values its kind hands it (its situation, its card). Options are the same between two
differential rebuilds (a changed setting is a full build), so a page's HTML can differ only
if something it *read* differs. Reading is recorded, not declared: the template and its
helpers see the handbook and the index through the views below, which note each read as a
key (`("h", "phrases")`, `("h", "index", "phrase", "calm-voice")`,
`("ix", "phrases_by_situation", "shouting")`). A new kind of page, or a template that
reads one more field, is covered without anyone keeping a list; a hand-kept list would be
wrong the day someone forgot it, and a wrong list is a stale page.

A record looked up by itself (a step by its id, the method) is seen through a view too, which
notes each field read: `("h", "index", "step", "listen", "title")`. A situation page shows
the title of the steps it names, not their goals, so a reworded goal leaves it alone; noted
by record, every page that named the step was made again to find the three that show the
goal. Anything the view cannot vouch for field by field (a method of the record, comparing
or hashing it, printing it) notes the whole record. Records inside a list stay as they are:
the list is noted whole when read.

After an edit, `comparer(old, new)` looks each key up in the old and the new model and
compares the values (records compare by content, not by where they were written). A key is
the finest thing the page could have seen: the whole list of phrases when it looped over
them, one field of one phrase when it looked the phrase up and read that field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .. import model as m

Key = tuple[Any, ...]
Reads = set[Key]

_MISSING = object()


class _Mapping(Mapping[Any, Any]):
    """A mapping that notes which of its items were read. Looking an item up notes that
    item; walking it, sizing it or listing it notes the whole mapping."""

    __slots__ = ("_key", "_reads", "_target")

    def __init__(self, target: Mapping[Any, Any], reads: Reads, key: Key) -> None:
        self._target, self._reads, self._key = target, reads, key

    def _item(self, name: Any, value: Any) -> Any:
        return _view(value, self._reads, (*self._key, name))

    def __getitem__(self, name: Any) -> Any:
        try:
            value = self._target[name]
        except KeyError:
            self._reads.add((*self._key, name))
            raise
        return self._item(name, value)

    def get(self, name: Any, default: Any = None) -> Any:
        value = self._target.get(name, _MISSING)
        if value is _MISSING:
            self._reads.add((*self._key, name))
            return default
        return self._item(name, value)

    def __contains__(self, name: object) -> bool:
        self._reads.add((*self._key, name))
        return name in self._target

    def __iter__(self) -> Iterator[Any]:
        self._reads.add(self._key)
        return iter(self._target)

    def __len__(self) -> int:
        self._reads.add(self._key)
        return len(self._target)


class _Object:
    """An object (the handbook, the index) whose attributes are noted when read. Methods
    are known by what they read; an unknown one notes the whole object, which is never
    wrong, only slower."""

    __slots__ = ("_key", "_reads", "_target")

    def __init__(self, target: object, reads: Reads, key: Key) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "_key", key)

    def __getattr__(self, name: str) -> Any:
        target, reads, key = self._target, self._reads, self._key
        if isinstance(target, m.Handbook) and name == "channel":
            reads.add((*key, "channels"))
            return target.channel
        if isinstance(target, m.Handbook) and name == "entries":
            def entries(kind: str) -> tuple[m.Entry, ...]:
                reads.add((*key, m.KINDS[kind]))
                return target.entries(kind)
            return entries
        value = getattr(target, name)
        if callable(value):
            reads.add(key)
            return value
        return _view(value, reads, (*key, name))


class _Record:
    """A record (frozen, so a pure value) whose fields are noted one by one as they are read.
    It passes for the record: `isinstance` sees the record's class (as `unittest.mock` does),
    and it compares, hashes and prints as the record, noting the whole record when it does.
    A property is noted by its name, like a field: it is worked out again from the old and the
    new record when they are compared. A method, or a name of Python's own (`__dataclass_
    fields__`), notes the whole record and is handed out as it is."""

    __slots__ = ("_key", "_reads", "_target")

    def __init__(self, target: m.Record, reads: Reads, key: Key) -> None:
        self._target, self._reads, self._key = target, reads, key

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value) or name.startswith("__"):  # a method, or Python's own machinery
            self._reads.add(self._key)                 # (`dataclasses.fields`): as it is
            return value
        return _view(value, self._reads, (*self._key, name))

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # what isinstance asks of a stand-in
        return type(self._target)

    def _whole(self) -> m.Record:
        self._reads.add(self._key)
        return self._target

    def __eq__(self, other: object) -> bool:
        if type(other) is _Record:
            other = other._whole()
        return self._whole() == other

    def __hash__(self) -> int:
        return hash(self._whole())

    def __str__(self) -> str:
        return str(self._whole())

    def __repr__(self) -> str:
        return repr(self._whole())


def _view(value: Any, reads: Reads, key: Key) -> Any:
    """What a view hands out for `key`: a view of an inner mapping or record, noting what is
    read inside it, or the value itself, noted whole. A record's presence and kind are noted
    by its class: a page that looked a step up and read nothing from it still saw that it
    was there."""
    if type(value) in _PLAIN:
        reads.add(key)
        return value
    if isinstance(value, m.Record):
        reads.add((*key, "__class__"))
        return _Record(value, reads, key)
    if type(value) in _MAPPINGS or isinstance(value, Mapping):
        return _Mapping(value, reads, key)
    reads.add(key)
    return value


def handbook(target: m.Handbook, reads: Reads) -> m.Handbook:
    """The handbook, seen through a view that notes what is read (typed as the handbook:
    templates and helpers use it as they would the real one)."""
    return _Object(target, reads, ("h",))  # type: ignore[return-value]


def index(target: object, reads: Reads) -> Any:
    """The cross references, seen through a view that notes what is read."""
    return _Object(target, reads, ("ix",))


_MAPPINGS = (dict, MappingProxyType)  # known without asking the Mapping ABC, which is slow
_PLAIN = (str, tuple, int, bool, type(None))  # the usual values: known at once


def value(key: Key, world: World) -> Any:
    """What a key names in one state of the content."""
    found: Any = world.handbook if key[0] == "h" else world.index
    for name in key[1:]:
        if type(found) in _MAPPINGS or isinstance(found, Mapping):
            found = found.get(name, _MISSING)
        else:
            found = getattr(found, name, _MISSING)
        if found is _MISSING:
            return _MISSING
    return found


@dataclass(frozen=True, slots=True)
class World:
    """One state of the content: the handbook and the cross references made from it."""

    handbook: m.Handbook
    index: object


def comparer(old: World, new: World) -> Callable[[Iterable[Key]], bool]:
    """A test of whether any of a page's reads differ between two states of the content;
    each key is compared once however many pages read it, and however many times the same
    two states are compared (a save's rebuild compares them for the finder's sections and
    for the pages to write)."""
    global _last
    if _last is not None and _last[0] is old and _last[1] is new:
        return _last[2]
    known: dict[Key, bool] = {}

    def differs(keys: Iterable[Key]) -> bool:
        for key in keys:
            seen = known.get(key)
            if seen is None:
                seen = known[key] = value(key, old) != value(key, new)
            if seen:
                return True
        return False

    _last = (old, new, differs)
    return differs


_last: tuple[World, World, Callable[[Iterable[Key]], bool]] | None = None
