"""What every rule shares: findings, the rule registry, and the text the handbook recommends.

Rules live beside this module, one family per module; each registers itself with `@rule` on
import, in the order the site's "Checker rules" page lists them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .. import model as m
from ..diagnostic import Diagnostic, Severity
from ..normalize import Match, Matcher, Word, key, quick_words, words
from ..settings import Settings


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic and the entry it is about (None when no entry can silence it).

    `quoted` are the phrases of other files whose words or places the diagnostic repeats (the
    avoided phrase's entry, its alternative's text): a kept finding is good only while they
    read the same."""

    entry: m.Entry | None
    diagnostic: Diagnostic
    quoted: tuple[m.Phrase, ...] = ()


RuleFunction = Callable[["Context"], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule; a `local` one finds, in each file, what that file's own records and the
    handbook's avoid list, channels and settings give (`Context.keyed`): it reads only
    `Context.view`, so only the files changed since a cached run are checked again."""

    id: str
    severity: Severity
    title: str
    run: RuleFunction
    local: bool = False

    @property
    def doc(self) -> str:
        return " ".join((self.run.__doc__ or "").split())


RULES: list[Rule] = []


def rule(id: str, severity: Severity, title: str, local: bool = False
         ) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES.append(Rule(id, severity, title, function, local))
        return function

    return register


def _severity(rule_id: str) -> Severity:
    return next(r.severity for r in RULES if r.id == rule_id)


def finding(entry: m.Entry | None, rule_id: str, at: m.Span, message: str, hint: str,
            *related: m.Span, quoted: tuple[m.Phrase, ...] = ()) -> Finding:
    return Finding(entry, Diagnostic(at, _severity(rule_id), rule_id, message, hint,
                                     tuple(related)), quoted)


# --- What the handbook recommends ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of text the handbook tells reps to say or to follow."""

    owner: m.Entry
    value: str
    at: m.Span
    what: str  # "the phrase", "a rep's line", ...
    phrase: m.Phrase | None = None  # set for a phrase's own text to say
    channel: m.Channel | None = None
    as_written: bool = False  # said and copied word for word: Markdown does not render here


def recommended(handbook: m.Handbook) -> Iterator[Text]:
    """Everything that must never contain an avoided phrase.

    Not here, on purpose: customers' lines (they may say anything), counterexamples (showing
    the wrong way is their point), `dont` lists, `why` texts and the avoided phrases
    themselves, which all quote what not to say.
    """
    for phrase in handbook.phrases:
        yield Text(phrase, phrase.say, phrase.where("say"), "the text to say", phrase,
                   as_written=True)
        for channel, text in phrase.variants.items():
            yield Text(phrase, text, phrase.where(f"variants.{channel}"),
                       f"the {channel} text to say", phrase, channel, as_written=True)
    for step in handbook.steps:
        yield Text(step, step.goal, step.where("goal"), "a step's goal")
        for i, advice in enumerate(step.do):
            yield Text(step, advice, step.where(f"do.{i}"), "a step's advice")
    for example in handbook.examples:
        if example.counterexample:
            continue
        for turn in example.dialogue:
            if turn.speaker in ("rep", "colleague"):
                yield Text(example, turn.text, turn.where(turn.speaker),
                           f"a {turn.speaker}'s line", as_written=True)
    for lesson in handbook.lessons:
        for i, objective in enumerate(lesson.objectives):
            yield Text(lesson, objective, lesson.where(f"objectives.{i}"),
                       "a lesson's objective")
        for item in lesson.plan:
            if item.text:
                yield Text(lesson, item.text, item.where("text"), "a lesson's plan")
        for drill in lesson.practice:
            yield Text(lesson, drill.text, drill.where("text"), "a practice prompt")


def spoken(phrase: m.Phrase) -> Iterator[tuple[m.Channel, str, str]]:
    """Each channel the phrase is for, with its text and the field it is written in."""
    for channel in phrase.channels:
        name = f"variants.{channel}" if channel in phrase.variants else "say"
        yield channel, phrase.text_for(channel), name


# --- Shared, computed once per run -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Avoided:
    text: m.Avoid
    phrase: m.Phrase
    key: tuple[str, ...]


class Context:
    """The handbook plus what several rules need: the avoided phrases compiled once."""

    def __init__(self, handbook: m.Handbook, settings: Settings) -> None:
        self.handbook = handbook
        self.view = handbook  # what local rules look at: the files to check again
        self.settings = settings
        self.avoided = [Avoided(a, p, key(a.text)) for p in handbook.phrases for a in p.avoid]
        self.matcher: Matcher[Avoided] = Matcher((a.key, a) for a in self.avoided)
        self._lines: dict[str, list[int]] = {}
        self._words: dict[str, list[Word]] = {}
        self._rough: dict[str, set[str]] = {}
        self.say_keys = [key(p.say) for p in handbook.phrases]  # duplicates: both rules

    def keyed(self) -> str:
        """What decides the findings of local rules beyond a file's own records: the avoided
        phrases and the phrase each is under, the channels and the settings they use. (What
        a finding repeats of another file is checked by `Finding.quoted`.)"""
        return repr(([(a.text.text, a.phrase.id) for a in self.avoided],
                     self.handbook.channels, self.settings.phone_max_words,
                     self.settings.language))

    def words(self, text: str) -> list[Word]:
        cached = self._words.get(text)
        if cached is None:
            cached = self._words[text] = words(text)
        return cached

    def rough(self, text: str) -> set[str]:
        cached = self._rough.get(text)
        if cached is None:
            cached = self._rough[text] = quick_words(text)
        return cached

    def avoided_in(self, text: str) -> tuple[list[Word], list[Match[Avoided]]]:
        """The words of `text` and the avoided phrases in it."""
        if not self.matcher.may_match(self.rough(text)):
            return [], []
        found = self.words(text)
        return found, list(self.matcher.find(found))

    def place(self, at: m.Span, found: Sequence[Word], first: int, last: int) -> m.Span:
        """The exact file position of words `first..last` of a value written at `at`.

        The value was decoded from YAML (quotes, escapes, folded lines), so the words are
        found again in the raw text of the file; if they cannot be, the value's start is
        still a true place.
        """
        raw = self.handbook.texts.get(at.path)
        if raw is None or at.end <= at.start:
            return at
        wanted = [w.text for w in found[first:last + 1]]
        before = sum(1 for i in range(first) if [w.text for w in found[i:i + len(wanted)]]
                     == wanted)
        segment = words(raw[at.start:at.end])
        texts = [w.text for w in segment]
        seen = 0
        for i in range(len(texts) - len(wanted) + 1):
            if texts[i:i + len(wanted)] == wanted:
                if seen == before:
                    return self.span(at.path, at.start + segment[i].start,
                                     at.start + segment[i + len(wanted) - 1].end)
                seen += 1
        return at

    def span(self, path: str, start: int, end: int) -> m.Span:
        lines = self._lines.get(path)
        if lines is None:
            raw = self.handbook.texts[path]
            lines = self._lines[path] = [0] + [i + 1 for i, c in enumerate(raw) if c == "\n"]
        line = bisect.bisect_right(lines, start)
        return m.Span(path, line, start - lines[line - 1] + 1, start, end)


def quote(text: str) -> str:
    return f"“{text}”"


def whole(found: Sequence[Word], match: Match[Avoided]) -> bool:
    """The match covers every word of the text: the text *is* the avoided phrase."""
    return match.first == 0 and match.last == len(found) - 1
