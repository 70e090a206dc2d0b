"""A handbook in several languages, checked across them: what one language has and another
lacks, and which translations are older than their source.

Entries are the same entry in every language by their id (addresses come from ids, so the
same entry has the same address in each language's site). The first language of the
plugin's `languages:` is the source; each other language's entry records which version of
the source entry it translates, as `translated_from: en@3f9a2c1e`: the source's code and a
fingerprint of what its author wrote. When the source entry is edited its fingerprint
changes, and the translation is reported until someone brings it up to date and records the
new fingerprint (`phrasebook translated`). This is how translation platforms mark a string
"needs editing" when its source changes (Weblate, Crowdin's "outdated"), kept in the content
itself: it needs no git history (a shallow CI clone has none), survives a file being moved
or reformatted, and reads the same on every machine.

The fingerprint is of the entry's meaning, not of its file: the fields its author wrote, as
the loader decoded them, with runs of white space as one space. Reformatting, comments, key
order and who reviewed it when (`owner`, `reviewed`, `suppress`, `aliases`) do not make a
translation stale; a changed word, a new `avoid` item or a phrase moved to another step do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import model as m
from ..diagnostic import Diagnostic
from ..messages import Message, say
from ..messages import language as named_language
from ..settings import Language, Settings
from ..source import display

MISSING = "missing-translation"
STALE = "stale-translation"
RULE_IDS = (MISSING, STALE)

# What a translation does not translate: the entry's id, who keeps it and when they looked,
# the rules it silences, its old names, and the fingerprint itself.
_NOT_TRANSLATED = frozenset({"id", "owner", "reviewed", "suppress", "aliases",
                             "translated_from"})


def fingerprint(entry: m.Entry, source: str) -> str:
    """`<source>@<8 hex digits>`: the source language's code and a digest of the entry's
    translatable fields as written (see the module's docstring)."""
    text = json.dumps(_meaning(entry, _NOT_TRANSLATED), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return f"{source}@{hashlib.blake2b(text.encode('utf-8'), digest_size=4).hexdigest()}"


def _meaning(value: Any, leave_out: frozenset[str] = frozenset()) -> Any:
    """A value as plain JSON: a record as the fields its author wrote (its places name
    them; a field filled in by default, like a phrase's channels, is not the author's)."""
    if isinstance(value, m.Record):
        written = [name for name in value.spans.order if "." not in name]
        return {name: _meaning(getattr(value, name)) for name in written
                if name not in leave_out}
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    if isinstance(value, tuple):
        return [_meaning(item) for item in value]
    if isinstance(value, Mapping):
        return {str(k): _meaning(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value  # bool, None


def check(handbooks: Mapping[str, m.Handbook], settings: Settings) -> list[Diagnostic]:
    """Every entry one language has and another lacks, every translation older than its
    source, each at its place; suppressions applied, unused ones of these rules reported."""
    languages = settings.languages
    source = languages[0]
    found = [*_missing(handbooks, languages, settings), *_stale(handbooks, languages)]
    found += _misplaced(handbooks[source.code], source)
    used: set[tuple[int, str]] = set()
    kept: list[Diagnostic] = []
    for entry, diagnostic in found:
        if entry is not None and any(s.rule == diagnostic.rule for s in entry.suppress):
            used.add((id(entry), diagnostic.rule))
        else:
            kept.append(diagnostic)
    for language in languages:
        kept += _unused(handbooks[language.code], used)
    return kept


Found = tuple[m.Entry | None, Diagnostic]


def _missing(handbooks: Mapping[str, m.Handbook], languages: Sequence[Language],
             settings: Settings) -> Iterator[Found]:
    for kind in m.KINDS:
        seen: dict[str, None] = {}
        for language in languages:
            seen.update(dict.fromkeys(handbooks[language.code].index[kind]))
        for id in seen:
            holders = [lang for lang in languages if id in handbooks[lang.code].index[kind]]
            holder = holders[0]
            entry = handbooks[holder.code].index[kind][id]
            for lacking in languages:
                if lacking in holders:
                    continue
                hint = ("missing_translation_hint_partial"
                        if lacking is not languages[0] and not lacking.partial else
                        "missing_translation_hint_source" if lacking is languages[0] else
                        "missing_translation_hint")
                yield entry, Diagnostic(
                    entry.where("id"), "warning" if lacking.partial else "error", MISSING,
                    say("missing_translation", kind=say(f"entry_{kind}"), id=id,
                        holder=_named(holder), lacking=_named(lacking)),
                    say(hint, language=_named(lacking), holder=_named(holder), id=id,
                        code=lacking.code, folders=", ".join(
                            display(f, settings.root) for f in lacking.content)))


def _named(language: Language) -> Message:
    return named_language(language.code, language.name)


@dataclass(frozen=True, slots=True)
class _Told:
    """What the four messages about a stale translation name, filled in one place."""

    kind: Message
    id: str
    source: Message
    code: str
    now: str
    was: str

    def __call__(self, key: str) -> Message:
        return say(key, kind=self.kind, id=self.id, source=self.source, code=self.code,
                   now=self.now, was=self.was)


def _stale(handbooks: Mapping[str, m.Handbook], languages: Sequence[Language]
           ) -> Iterator[Found]:
    source = languages[0]
    original = handbooks[source.code]
    for language in languages[1:]:
        for kind in m.KINDS:
            for entry in handbooks[language.code].entries(kind):
                was = original.index[kind].get(entry.id)
                if was is None or was.at.path == entry.at.path:  # lacking, or in a folder
                    continue                                    # both languages share
                now = fingerprint(was, source.code)
                if entry.translated_from == now:
                    continue
                told = _Told(say(f"entry_{kind}"), entry.id, _named(source), language.code,
                             now, entry.translated_from or "")
                if entry.translated_from is None:
                    yield entry, Diagnostic(
                        entry.where("id"), "warning", STALE,
                        told("stale_translation_unrecorded"),
                        told("stale_translation_unrecorded_hint"), (was.where("id"),))
                else:
                    yield entry, Diagnostic(
                        entry.where("translated_from"), "warning", STALE,
                        told("stale_translation"), told("stale_translation_hint"),
                        (was.where("id"),))


def _misplaced(handbook: m.Handbook, source: Language) -> Iterator[Found]:
    """`translated_from` in the source language: nothing is translated there."""
    for kind in m.KINDS:
        for entry in handbook.entries(kind):
            if entry.translated_from is not None:
                yield entry, Diagnostic(
                    entry.where("translated_from"), "warning", STALE,
                    say("translated_from_in_source", source=_named(source)),
                    say("translated_from_in_source_hint"))


def one_language(handbook: m.Handbook) -> list[Diagnostic]:
    """`translated_from` in a handbook in one language records nothing either."""
    return [Diagnostic(entry.where("translated_from"), "warning", STALE,
                       say("translated_from_one_language"),
                       say("translated_from_one_language_hint"))
            for kind in m.KINDS for entry in handbook.entries(kind)
            if entry.translated_from is not None]


def _unused(handbook: m.Handbook, used: set[tuple[int, str]]) -> Iterator[Diagnostic]:
    for kind in m.KINDS:
        for entry in handbook.entries(kind):
            for suppression in entry.suppress:
                if suppression.rule in RULE_IDS and (id(entry), suppression.rule) not in used:
                    yield Diagnostic(suppression.at, "warning", "unused-suppression",
                                     say("unused_suppression", rule=suppression.rule),
                                     say("unused_suppression_hint"))


DOCS = (
    m.CheckDoc(MISSING, "error", say(f"rule_title_{MISSING}"), say(f"rule_doc_{MISSING}")),
    m.CheckDoc(STALE, "warning", say(f"rule_title_{STALE}"), say(f"rule_doc_{STALE}")),
)
