"""Strict YAML loading: content files to a `Handbook`, or every problem with its place.

PyYAML's own constructor is too forgiving for content written by hand: it keeps the last of
two equal keys, turns an unquoted `no` into False, and forgets where each value was. So we
let libyaml compose the node tree (fast, and every node carries its position) and decode the
nodes ourselves, guided by the type hints of the records in `model`. Finding and reading
the files, and every guard on the way from bytes to nodes, live in `source`.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import collector
from .. import model as m
from ..diagnostic import ContentError, Diagnostic
from ..messages import say
from ..model import Span
from ..source import (
    SUFFIXES,
    compose,
    content_files,
    display,
    find,
    read,
)
from . import codec
from .cache import Cache, key
from .decode import INVALID, MAX_ALIASED, Declared, Decoder, Reference
from .fields import ONE_OF, SHORTHAND, SLUG_RE, TOGETHER, VARIABLE_RE, describe, fields_of

__all__ = ["ONE_OF", "SHORTHAND", "SLUG_RE", "SUFFIXES", "TOGETHER", "VARIABLE_RE", "Cache",
           "content_files", "describe", "fields_of", "load"]


# --- The handbook ----------------------------------------------------------------------------


@collector.paused()
def load(folders: Sequence[Path], root: Path | None = None,
         channels: Sequence[m.ChannelInfo] = m.DEFAULT_CHANNELS,
         cache: Cache | None = None) -> m.Handbook:
    """Load every content file under `folders`. Raises ContentError listing every problem.

    `channels` are the handbook's: the defaults and the team's own from mkdocs.yml. A phrase
    that lists none is for all of them; a channel named anywhere must be one of them.
    With a `cache`, a file whose text, path and channels were decoded before is not decoded
    again (call `cache.save()` when the run is over). What spans files (ids, references,
    the merge) is worked out every time: it is cheap, and a file can break it from afar."""
    root = root or Path.cwd()
    channel_ids = tuple(c.id for c in channels)
    allowed = [f.resolve() for f in folders]
    documents: list[m.Document] = []
    references: list[Reference] = []
    declared = [Declared("channel", id, m.NOWHERE) for id in channel_ids]
    texts: dict[str, str] = {}
    unparsed: dict[int, str | None] = {}  # problem index -> the text of a file YAML refused
    incomplete = False
    aliases_left = MAX_ALIASED  # shared by all files: decoded records are kept for the load
    over: int | None = None  # the problem where the alias budget ran out
    more_over = 0  # files after that one whose aliases went past it too
    files, problems = find(folders, root)
    missing = [f for f in folders if not f.exists()]
    for folder in missing:
        problems.append(Diagnostic(Span(display(folder, root), 1, 1), "error", "no-content",
                                   say("no_content_folder"), say("no_content_folder_hint")))
    for path in files:
        shown = display(path, root)
        text, trouble = read(path, shown, allowed)
        if text is None:
            unparsed[len(problems)] = None
            problems += trouble
            continue
        texts[shown] = text
        left = aliases_left
        part = _part(text, shown, channel_ids, cache, left)
        aliases_left = max(0, left - part.aliased)
        found = list(part.problems)
        if part.aliased > left:  # the load's alias budget ran out: the last problem says so
            if over is None:
                over = len(problems) + len(found) - 1
            else:
                found.pop()  # the same limit, again: counted on the first
                more_over += 1
        if part.document is None and not part.composed:
            unparsed[len(problems)] = text
        problems += found
        references += part.references
        declared += part.declared
        incomplete = incomplete or part.stopped
        if part.document is not None:
            documents.append(part.document)
    if not files and not missing:
        problems.append(Diagnostic(Span(display(folders[0], root) if folders else ".", 1, 1),
                                   "error", "no-content", say("no_content_files"),
                                   say("no_content_files_hint")))
    if over is not None and more_over:
        problems[over] = dataclasses.replace(problems[over], message=say(
            "later_files_alias", count=more_over, message=problems[over].message))
    problems += _check_ids(declared)
    if not incomplete:  # else the ids it would have declared are unknown, not missing
        unknown = _check_references(references, declared)
        problems = _unchecked(problems, unparsed, _not_follow_ons(problems, unknown, declared))
    handbook = None
    if not problems:
        handbook, trouble = _merge(documents, texts, folders, root, tuple(channels))
        problems += trouble
    if problems or handbook is None:
        raise ContentError(problems)
    return handbook


@dataclasses.dataclass(frozen=True, slots=True)
class Part:
    """What one file yields: its records (None if YAML refused it or nothing in it could be
    decoded), its problems, and the ids it declares and refers to, checked across files."""

    document: m.Document | None
    problems: tuple[Diagnostic, ...]
    references: tuple[Reference, ...]
    declared: tuple[Declared, ...]
    stopped: bool  # decoding gave up on the file: ids it may declare are unknown
    composed: bool  # YAML read it: a file that YAML refused may define ids, see _unchecked
    aliased: int = 0  # values decoded again through aliases: paid from the load's budget


def _part(text: str, shown: str, channels: tuple[str, ...], cache: Cache | None,
          aliases_left: int) -> Part:
    """The file decoded, or found in the cache. A part is kept only if the load's alias
    budget did not run out in it (then it is what any load decodes); a kept part that needs
    more than is left is decoded again, to stop at the value where the budget runs out."""
    if cache is None:
        return _decoded(text, shown, channels, aliases_left)
    entry = key("load", shown, text, *channels)
    part = cache.get(entry, lambda plain: _unplain(plain, shown))
    if part is None or part.aliased > aliases_left:
        part = _decoded(text, shown, channels, aliases_left)
        if part.aliased <= aliases_left:
            cache.put(entry, part, lambda value: _plain(value, shown))
    return part


def _decoded(text: str, shown: str, channels: tuple[str, ...], aliases_left: int) -> Part:
    node, trouble = compose(text, shown)
    if node is None:
        return Part(None, tuple(trouble), (), (), False, False)
    decoder = Decoder(shown, text, channels, aliases_left)
    document = decoder.record(node, m.Document)
    return Part(None if document is INVALID else document, tuple(decoder.problems),
                tuple(decoder.references), tuple(decoder.declared), decoder.stopped, True,
                decoder.aliased)


def _plain(part: Part, shown: str) -> codec.Plain:
    return (None if part.document is None else codec.encode(part.document, shown),
            codec.diagnostics(part.problems, shown), codec.references(part.references, shown),
            codec.declarations(part.declared, shown), part.stopped, part.composed,
            part.aliased)


def _unplain(plain: codec.Plain, shown: str) -> Part:
    document, problems, references, declared, stopped, composed, aliased = plain
    decoded = None if document is None else codec.decode(document, shown)
    if decoded is not None and not isinstance(decoded, m.Document):
        raise ValueError("not a document")
    return Part(decoded, tuple(codec.undiagnostics(problems, shown)),
                tuple(codec.unreferences(references, shown)),
                tuple(codec.undeclarations(declared, shown)),
                bool(stopped), bool(composed), int(aliased))


def _check_ids(declared: list[Declared]) -> list[Diagnostic]:
    problems = []
    first: dict[tuple[str, str], Declared] = {}
    for item in declared:
        if item.invalid:
            continue
        key = (item.kind, item.id)
        if key in first:
            earlier = first[key]
            alias = item.alias or earlier.alias
            problems.append(
                Diagnostic(item.at, "error", "duplicate-id",
                           say("duplicate_alias" if alias else "duplicate_id", id=item.id,
                               kind=say(f"entry_{item.kind}")),
                           say("duplicate_id_hint"), (earlier.at,))
            )
        else:
            first[key] = item
    return problems


def _check_references(references: list[Reference], declared: list[Declared]
                      ) -> list[tuple[Reference, Diagnostic]]:
    """Each reference that names no current id, with its diagnostic."""
    ids = {(d.kind, d.id): d for d in declared if not d.invalid}
    by_kind: dict[str, list[str]] = {}
    for d in declared:
        if not d.alias and not d.invalid:
            by_kind.setdefault(d.kind, []).append(d.id)
    problems = []
    for ref in references:
        target = ids.get((ref.kind, ref.id))
        if target is not None and not target.alias:
            continue
        if target is not None:
            hint = say("reference_to_alias", id=ref.id)
        elif ref.kind == "channel":
            close = difflib.get_close_matches(ref.id, by_kind.get(ref.kind, []), n=1)
            channels = ", ".join(by_kind.get("channel", []))
            hint = (say("unknown_channel_close", name=close[0], channels=channels) if close
                    else say("unknown_channel", channels=channels))
        else:
            close = difflib.get_close_matches(ref.id, by_kind.get(ref.kind, []), n=1)
            hint = (say("did_you_mean", name=close[0]) if close
                    else say("unknown_reference_hint", kind=say(f"entry_a_{ref.kind}")))
        problems.append((ref, Diagnostic(ref.at, "error", "unknown-reference",
                                         say("unknown_reference", kind=say(f"entry_{ref.kind}"),
                                             id=ref.id), hint,
                                         (target.at,) if target else ())))
    return problems


def _not_follow_ons(problems: list[Diagnostic], unknown: list[tuple[Reference, Diagnostic]],
                    declared: list[Declared]) -> list[tuple[Reference, Diagnostic]]:
    """The unknown references that are not follow-ons of an id written as no id can be.

    `id: résiliation` is reported at its place; every `situations: [resiliation]` elsewhere
    was reported too, before it, as naming no situation. Those references are left out, and
    the id's own problem says how many, so the real problem comes first and alone."""
    invalid = {(d.kind, d.id): d.at for d in declared if d.invalid}
    if not invalid:
        return unknown
    kept, skipped = [], dict.fromkeys(invalid.values(), 0)
    for ref, problem in unknown:
        at = invalid.get((ref.kind, ref.id))
        if at is None or problem.related:
            kept.append((ref, problem))
        else:
            skipped[at] += 1
    for i, problem in enumerate(problems):
        count = skipped.get(problem.at, 0) if problem.rule == "id" else 0
        if count:
            problems[i] = dataclasses.replace(problem, message=say(
                "references_to_it_not_checked", count=count, message=problem.message))
    return kept


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _unchecked(problems: list[Diagnostic], unparsed: dict[int, str | None],
               unknown: list[tuple[Reference, Diagnostic]]) -> list[Diagnostic]:
    """`problems` plus the unknown references that are not follow-on errors of a file that
    could not be read.

    Breaking the file of situations made every reference to a situation unknown elsewhere:
    hundreds of errors burying the one real one. A reference whose id is written in a file
    YAML refused (or any reference, when a file could not even be read as text) may be
    defined there; it is left out, and that file's error says how many were, so the count
    falls to zero as the file is fixed.
    """
    if not unparsed or not unknown:
        return problems + [problem for _, problem in unknown]
    words = {i: (None if text is None else set(_SLUG.findall(text)))
             for i, text in unparsed.items()}
    skipped = dict.fromkeys(unparsed, 0)
    kept = []
    for ref, problem in unknown:
        owner = next((i for i, found in words.items() if found is None or ref.id in found),
                     None)
        if owner is None or problem.related:  # an alias is known: no file can change that
            kept.append(problem)
        else:
            skipped[owner] += 1
    result = list(problems)
    for i, count in skipped.items():
        if count:
            result[i] = dataclasses.replace(
                result[i], message=say("references_not_checked", count=count,
                                       message=result[i].message))
    return result + kept


def _merge(documents: list[m.Document], texts: dict[str, str], folders: Sequence[Path],
           root: Path, channels: tuple[m.ChannelInfo, ...]
           ) -> tuple[m.Handbook | None, list[Diagnostic]]:
    methods = [d.method for d in documents if d.method is not None]
    if len(methods) != 1:
        if not methods:
            where = Span(display(folders[0], root) if folders else ".", 1, 1)
            return None, [Diagnostic(where, "error", "method", say("no_method"),
                                     say("no_method_hint"))]
        return None, [Diagnostic(methods[1].at, "error", "method", say("second_method"),
                                 say("second_method_hint"), (methods[0].at,))]
    sections: dict[str, list[Any]] = {name: [] for name in m.KINDS.values()
                                      if name not in ("steps", "rules")}
    sections["synonyms"] = []
    for document in documents:
        for name, items in sections.items():
            items.extend(getattr(document, name))
    handbook = m.Handbook(
        method=methods[0],
        channels=channels,
        texts=types.MappingProxyType(texts),
        **{name: tuple(items) for name, items in sections.items()},
    )
    return handbook, []

