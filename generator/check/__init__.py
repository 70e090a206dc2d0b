"""Guidance rules: the handbook checked against itself.

Prose linters check a document against a rulebook. Here the rulebook is part of the content
(phrases to avoid, ordering rules between steps), so the checker also checks the rulebook
against itself: a phrase both recommended and avoided, an alternative that is itself
avoided, a worked example that teaches the steps in the wrong order.

Each rule is a function registered with `@rule`: its docstring is the explanation shown on
the site's "Checker rules" page. Rules yield findings tied to the entry they concern, so an
entry's `suppress:` can silence one rule for it, with a reason.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass

from .. import collector
from .. import model as m
from ..diagnostic import ContentError, Diagnostic, ordered
from ..load import codec, load
from ..load.cache import Cache, key
from ..messages import Message, say
from ..settings import Settings
from ..source import MAX_BYTES, display, find

# Importing a family registers its rules; the "Checker rules" page lists them in this order.
from . import (  # noqa: F401
    avoid,
    coverage,
    duplicates,
    examples,
    figures,
    lessons,
    perfile,
    phrases,
    quizzes,
    synonyms,
    translations,
)
from . import (
    pages as page_rules,
)
from .core import RULES, Context, Finding, Rule
from .pages import pages, taken

__all__ = ["RULES", "Finding", "Report", "Rule", "across", "checked", "documentation", "pages",
           "run", "taken"]


@dataclass(frozen=True, slots=True)
class Report:
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


UNUSED_SUPPRESSION = "unused-suppression"


@collector.paused()
def run(handbook: m.Handbook, settings: Settings, cache: Cache | None = None) -> Report:
    """Every rule over the whole handbook; suppressions applied; diagnostics sorted.

    With a cache, local rules (`Rule.local`) check only the files that changed since their
    findings were kept; the other rules read across files and run every time."""
    # What serve keeps between checks, one handbook's worth for each of the site's languages.
    resident = (cache.resident.setdefault(f"check {settings.language}", {})
                if cache is not None and cache.resident is not None else None)
    context = Context(handbook, settings, resident)
    found: list[perfile.Found] = []
    files = set(handbook.texts)
    around = ""
    if cache is not None:  # hashed once, not once per file; a folder two languages share
        around = key("around", settings.language, context.keyed())  # is read in each
        for path in sorted(handbook.texts):
            kept = perfile.lookup(cache, handbook, path, around)
            if kept is not None:
                found += kept
                files.discard(path)
        context.view = perfile.view(handbook, files)
    fresh: dict[str, list[perfile.Found]] = {path: [] for path in files}
    for r in RULES:
        for f in r.run(context):
            if r.local and cache is not None:
                fresh.setdefault(f.diagnostic.at.path, []).append((r.id, f))
            found.append((r.id, f))
    if cache is not None:
        for path, new in fresh.items():
            perfile.keep(cache, handbook, path, around, new)
    used: set[tuple[int, str]] = set()
    reported: list[perfile.Found] = []
    for rule_id, f in found:
        entry = f.entry
        if entry is not None and any(s.rule == rule_id for s in entry.suppress):
            used.add((id(entry), rule_id))
            continue
        reported.append((rule_id, f))
    said = {(rule_id, _about(f)) for rule_id, f in reported}
    kept_diagnostics = [f.diagnostic for _, f in reported
                        if not any((cause, _about(f)) in said for cause in f.follows)]
    # The translation rules read every language at once (`across`), which judges their
    # suppressions; in a handbook in one language they never fire.
    kept_diagnostics += _unused_suppressions(
        handbook, used, set(translations.RULE_IDS) if settings.languages else set())
    if not settings.languages:
        kept_diagnostics += translations.one_language(handbook)
    context.done()
    return Report(tuple(ordered(kept_diagnostics)))


def _about(f: Finding) -> tuple[str, str, tuple[m.Span, ...]]:
    """What a finding is about, for `Finding.follows`: its entry and its first `see` place."""
    entry = f.entry
    return (type(entry).__name__, getattr(entry, "id", ""), f.diagnostic.related[:1])


def across(handbooks: dict[str, m.Handbook], settings: Settings) -> Report:
    """The rules across a handbook's languages (`settings.languages`), each language's
    handbook already loaded and checked by `run`: what one language lacks, which
    translations are older than their source."""
    return Report(tuple(ordered(translations.check(handbooks, settings))))


def checked(settings: Settings, cache: Cache | None = None) -> tuple[Diagnostic, ...]:
    """Load and check the handbook `settings` name, and the team's hand-written pages
    (read afresh every time: the cache knows only the content): every problem, sorted."""
    return tuple(ordered([*_content(settings, cache), *pages(settings)]))


def _content(settings: Settings, cache: Cache | None = None) -> tuple[Diagnostic, ...]:
    """Load and check the handbook `settings` name: every problem, sorted.

    With a cache, a handbook whose every file, and every setting the rules read, is as it
    was when last checked gets that check's report without being loaded; otherwise loading
    reuses what each unchanged file decoded to. A handbook in several languages is each
    language checked in its own words, then across them."""
    if settings.languages:
        return _checked_languages(settings, cache)
    whole = _whole_key(settings) if cache is not None else None
    if cache is not None and whole is not None:
        found = cache.get(whole, lambda plain: tuple(codec.undiagnostics(plain, "")))
        if found is not None:
            cache.keep()  # the files' entries, for the check after the next edit
            return found
    try:
        handbook = load(settings.content, settings.root, settings.channels, cache)
        diagnostics = run(handbook, settings, cache).diagnostics
    except ContentError as error:
        diagnostics = tuple(error.diagnostics)
    if cache is not None and whole is not None:
        cache.put(whole, diagnostics, lambda found: codec.diagnostics(found, ""))
    return diagnostics


def _checked_languages(settings: Settings, cache: Cache | None) -> tuple[Diagnostic, ...]:
    wholes = [_whole_key(settings.for_language(lang.code)) for lang in settings.languages] \
        if cache is not None else [None]
    whole = key("languages", repr(settings.languages), *wholes) \
        if cache is not None and None not in wholes else None
    if cache is not None and whole is not None:
        kept = cache.get(whole, lambda plain: tuple(codec.undiagnostics(plain, "")))
        if kept is not None:
            cache.keep()
            return kept
    found: list[Diagnostic] = []
    handbooks: dict[str, m.Handbook] = {}
    for language in settings.languages:
        each = settings.for_language(language.code)
        try:
            handbooks[language.code] = load(each.content, each.root, each.channels, cache)
            found += run(handbooks[language.code], each, cache).diagnostics
        except ContentError as error:
            found += error.diagnostics
    if len(handbooks) == len(settings.languages):  # else what one lacks may be unreadable
        found += across(handbooks, settings).diagnostics
    diagnostics = tuple(ordered(found))
    if cache is not None and whole is not None:
        cache.put(whole, diagnostics, lambda kept: codec.diagnostics(kept, ""))
    return diagnostics


def _whole_key(settings: Settings) -> str | None:
    """A key for everything a check reads: the settings, which files there are, where each
    really is (a link may point out of the content) and its bytes. None when a file cannot
    be read as a plain file: loading reports why, and such a report is not kept."""
    files, problems = find(settings.content, settings.root)
    parts: list[str | bytes] = [
        "check", repr((settings.content, settings.channels, settings.review_days,
                       settings.phone_max_words, settings.today, settings.language)),
        repr([f.exists() for f in settings.content]), repr(problems)]
    for path in files:
        try:
            # Without blocking, as `source.read`: a named pipe would wait for a writer forever.
            with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)),
                           "rb") as file:
                if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                    return None
                data = file.read(MAX_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_BYTES:
            return None
        parts += [display(path, settings.root), str(path.resolve()), data]
    return key(*parts)


def _unused_suppressions(handbook: m.Handbook, used: set[tuple[int, str]],
                         elsewhere: set[str]) -> Iterable[Diagnostic]:
    """Suppressions that silenced nothing, but for the rules in `elsewhere` (judged by
    another pass)."""
    known = {r.id for r in RULES} | set(translations.RULE_IDS)
    for kind in m.KINDS:
        for entry in handbook.entries(kind):
            for suppression in entry.suppress:
                if (id(entry), suppression.rule) in used or suppression.rule in elsewhere:
                    continue
                hint = (say("unused_suppression_hint") if suppression.rule in known
                        else say("unknown_rule_hint", rules=", ".join(sorted(known))))
                yield Diagnostic(suppression.at, "warning", UNUSED_SUPPRESSION,
                                 say("unused_suppression", rule=suppression.rule), hint)


def documentation() -> tuple[m.CheckDoc, ...]:
    """The rules as the site's "Checker rules" page shows them."""
    docs = [m.CheckDoc(r.id, r.severity, r.title, r.doc) for r in RULES]
    docs.append(m.CheckDoc(UNUSED_SUPPRESSION, "warning", titles()[UNUSED_SUPPRESSION],
                           say(f"rule_doc_{UNUSED_SUPPRESSION}")))
    docs += translations.DOCS
    docs += [page_rules.DOC, page_rules.TAKEN_DOC]
    return tuple(docs)


def titles() -> dict[str, Message]:
    """Each rule's title by its id, the suppression check's too: for SARIF."""
    return {**{r.id: r.title for r in RULES},
            UNUSED_SUPPRESSION: say(f"rule_title_{UNUSED_SUPPRESSION}")}
