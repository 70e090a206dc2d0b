"""Edits an author makes, at random, for the property tests that hold a kept result (the
check's cache, serve's pages, the finder's index) to what a fresh run gives.

Each edit takes a file's text and gives the new text, or None when the text has nothing it
can change; `on_a_file` makes one that picks a file and writes it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from service_phrasebook.diagnostic import ContentError

T = TypeVar("T")

TextEdit = Callable[[str, random.Random], "str | None"]
FileEdit = Callable[[list[Path], random.Random], None]
_ITEM = re.compile(r"(?m)^  - id: ")


def shift_lines(text: str, rng: random.Random) -> str | None:
    """Everything below moves down: places change, content does not."""
    lines = text.split("\n")
    at = rng.randrange(1, len(lines))
    return "\n".join([*lines[:at], "# a note for the next author", *lines[at:]])


def swap_items(text: str, rng: random.Random) -> str | None:
    """Two neighbouring entries of a list change places: the handbook's order changes."""
    starts = [m.start() for m in _ITEM.finditer(text)]
    if len(starts) < 3:
        return None
    i = rng.randrange(len(starts) - 2)
    a, b, c = starts[i], starts[i + 1], starts[i + 2]
    return text[:a] + text[b:c] + text[a:b] + text[c:]


def drop_item(text: str, rng: random.Random) -> str | None:
    """An entry is deleted: those after it move up."""
    starts = [m.start() for m in _ITEM.finditer(text)]
    if len(starts) < 3:
        return None
    i = rng.randrange(len(starts) - 1)
    return text[:starts[i]] + text[starts[i + 1]:]


def on_a_file(edit: TextEdit) -> FileEdit:
    """`edit` made on one of the files, chosen at random."""
    def edited(files: list[Path], rng: random.Random) -> None:
        path = rng.choice(files)
        text = edit(path.read_text(encoding="utf-8"), rng)
        if text is not None:
            path.write_text(text, encoding="utf-8")
    edited.__name__ = edit.__name__
    return edited


def edit_then(files: list[Path], rng: random.Random, edits: Sequence[FileEdit],
              read: Callable[[], T]) -> T | None:
    """One to three of `edits`, then `read()` of the edited files; None, with the edits
    undone as an author would undo them, when the loader refuses what they made."""
    before = {path: path.read_text(encoding="utf-8") for path in files}
    for _ in range(rng.randint(1, 3)):
        rng.choice(edits)(files, rng)
    try:
        return read()
    except ContentError:
        for path, text in before.items():
            path.write_text(text, encoding="utf-8")
        return None
