"""Local rules' findings, kept per file: a file whose text, and whatever local rules read
beyond it (`Context.keyed`), are unchanged is not checked by them again.

A finding is kept with the rule that made it, the entry it is about (by kind and id, so the
entry's `suppress:` is applied to it as to a new one) and what it repeats of the phrases it
quotes from other files (`Finding.quoted`). If an id no longer resolves, or a quoted phrase
reads differently now (its text, its avoid list or their places), the kept findings are not
used and the file is checked again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import model as m
from ..load import codec
from ..load.cache import Cache, key
from ..load.fields import KIND_OF
from .core import Finding

Found = tuple[str, Finding]  # the rule's id, and its finding


def view(handbook: m.Handbook, files: set[str]) -> m.Handbook:
    """The part of `handbook` written in `files`: what local rules look at."""
    def mine(entries: Iterable[m.Entry]) -> tuple[Any, ...]:
        return tuple(e for e in entries if e.at.path in files)

    method = handbook.method if handbook.method.at.path in files else m.Method(
        title="", steps=(), at=handbook.method.at)
    return m.Handbook(
        method=method, channels=handbook.channels, texts=handbook.texts,
        **{name: mine(handbook.entries(kind)) for kind, name in m.KINDS.items()
           if name not in ("steps", "rules")})


def lookup(cache: Cache, handbook: m.Handbook, path: str, around: str) -> list[Found] | None:
    if cache.on_disk:
        return cache.get(_key(handbook, path, around),
                         lambda plain: _unplain(plain, handbook, path))
    # In memory the findings are kept as they are, their entries the very records the
    # content cache gives again for an unchanged file; what they quote of other files is
    # checked here, as _unplain checks it on disk.
    kept = cache.get(_key(handbook, path, around), lambda value: value)
    if kept is None:
        return None
    found, quoted = kept
    try:
        _still(handbook, quoted)
    except (KeyError, ValueError):
        return None
    return found  # type: ignore[no-any-return]


def keep(cache: Cache, handbook: m.Handbook, path: str, around: str,
         found: list[Found]) -> None:
    if cache.on_disk:
        cache.put(_key(handbook, path, around), found, lambda value: _plain(value, path))
    else:
        quoted = [(p.id, _quoted(p)) for _, f in found for p in f.quoted]
        cache.put(_key(handbook, path, around), (found, quoted), lambda value: value)


def _key(handbook: m.Handbook, path: str, around: str) -> str:
    return key("local rules", around, path, handbook.texts[path])


def _quoted(phrase: m.Phrase) -> str:
    """What a finding may repeat of a phrase: its text, its avoided phrases and places."""
    return repr((phrase.say, [(a.text, a.at) for a in phrase.avoid]))


def _plain(found: list[Found], path: str) -> codec.Plain:
    return [(rule, None if f.entry is None else (KIND_OF[type(f.entry)], f.entry.id),
             codec.diagnostics([f.diagnostic], path),
             [(p.id, _quoted(p)) for p in f.quoted]) for rule, f in found]


def _unplain(plain: codec.Plain, handbook: m.Handbook, path: str) -> list[Found]:
    found = []
    for rule, owner, diagnostic, quoted in plain:
        _still(handbook, quoted)
        entry = None if owner is None else handbook.index[owner[0]][owner[1]]
        found.append((rule, Finding(entry, codec.undiagnostics(diagnostic, path)[0])))
    return found


def _still(handbook: m.Handbook, quoted: Iterable[tuple[str, str]]) -> None:
    """Raise KeyError or ValueError unless each quoted phrase reads as it did."""
    phrases = handbook.index["phrase"]
    for id, was in quoted:
        now = phrases[id]  # a KeyError: the kept findings are not used
        if not isinstance(now, m.Phrase) or _quoted(now) != was:
            raise ValueError(f"phrase `{id}` changed")
