"""`phrasebook translated`: record in translated entries which version of their source they
translate, by writing `translated_from:` into the content files.

A file is edited as text, not dumped again from YAML, so its comments, order and layout stay
as the team wrote them: an existing `translated_from` value is replaced where it is, and a
new one goes on the line after the entry's `id`, at the entry's indentation. An entry
written as a flow mapping (`{id: ..., say: ...}`) is left for the author to edit by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from . import model as m
from .check.translations import fingerprint
from .messages import Message, language, say


@dataclass(frozen=True, slots=True)
class Change:
    """One entry to record: its kind, and the fingerprint of its source as it is now."""

    kind: str
    entry: m.Entry
    value: str


class Unwritable(Exception):
    """What cannot be recorded: an entry with no source, or whose file cannot be edited
    safely; `message` says why and what to do, `at` where."""

    def __init__(self, message: Message, at: str = "") -> None:
        self.message, self.at = message, at
        super().__init__(f"{at}: {message}" if at else str(message))


def changes(source: m.Handbook, translation: m.Handbook, source_code: str,
            wanted: Iterable[tuple[str, str]] | None) -> list[Change]:
    """What to record: the entries `wanted` (kind, id) of `translation`, or, when None, every
    entry that records nothing yet (a team's first use; an outdated record is never
    replaced unless its entry is named: someone must have brought it up to date). Entries
    already up to date are left out. A named entry that has no source is Unwritable."""
    targets: list[tuple[str, m.Entry]] = []
    if wanted is None:
        targets = [(kind, entry) for kind in m.KINDS for entry in translation.entries(kind)
                   if entry.translated_from is None and entry.id in source.index[kind]]
    else:
        for kind, id in wanted:
            entry = translation.index[kind][id]
            if id not in source.index[kind]:
                raise Unwritable(say("translated_no_source", kind=say(f"entry_{kind}"), id=id,
                                     source=language(source_code, source_code)))
            targets.append((kind, entry))
    out = []
    for kind, entry in targets:
        value = fingerprint(source.index[kind][entry.id], source_code)
        if entry.translated_from != value:
            out.append(Change(kind, entry, value))
    return out


def edited(text: str, changes: Iterable[Change]) -> str:
    """`text` (one file) with each change's `translated_from` written in."""
    edits: list[tuple[int, int, str]] = []
    for change in changes:
        entry = change.entry
        place = entry.spans.get("translated_from")
        if place is not None:
            _, _, start, end = place
            edits.append((start, end, change.value))
            continue
        if text[entry.at.start:entry.at.start + 1] == "{":
            raise Unwritable(say("translated_flow_mapping", value=change.value), str(entry.at))
        id_place = entry.spans.get("id")
        assert id_place is not None  # every entry has an id: the loader requires it
        line_end = text.find("\n", id_place[3])
        at = len(text) if line_end < 0 else line_end
        indent = " " * (entry.at.column - 1)
        edits.append((at, at, f"\n{indent}translated_from: {change.value}"))
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    return text


def by_file(changes: Iterable[Change]) -> Mapping[str, list[Change]]:
    """The changes grouped by the file (as the loader shows it) that holds each entry."""
    out: dict[str, list[Change]] = {}
    for change in changes:
        out.setdefault(change.entry.at.path, []).append(change)
    return out
