"""What every rule shares: findings, the rule registry, and the text the handbook recommends.

Rules live beside this module, one family per module; each registers itself with `@rule` on
import, in the order the site's "Checker rules" page lists them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .. import model as m
from ..diagnostic import Diagnostic, Severity
from ..messages import Message, say
from ..normalize import Match, Matcher, Word, key, quick_words, words
from ..settings import Settings

T = TypeVar("T")
E = TypeVar("E")


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic and the entry it is about (None when no entry can silence it).

    `quoted` are the phrases of other files whose words or places the diagnostic repeats (the
    avoided phrase's entry, its alternative's text): a kept finding is good only while they
    read the same.

    `follows` names rules this finding is a consequence of: when one of them reports the
    same entry with the same first `see` place, that finding is the one to fix and this one
    is not reported (`run`); when that finding is suppressed, this one stands."""

    entry: m.Entry | None
    diagnostic: Diagnostic
    quoted: tuple[m.Phrase, ...] = ()
    follows: tuple[str, ...] = ()


RuleFunction = Callable[["Context"], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule; a `local` one finds, in each file, what that file's own records and the
    handbook's avoid list, channels and settings give (`Context.keyed`): it reads only
    `Context.view`, so only the files changed since a cached run are checked again.

    Its title and explanation, shown on the "Checker rules" page and in SARIF, are in the
    catalogs as `rule_title_<id>` and `rule_doc_<id>`; the English explanation is the rule
    function's docstring, word for word (tests/test_messages.py holds them together)."""

    id: str
    severity: Severity
    run: RuleFunction
    local: bool = False

    @property
    def title(self) -> Message:
        return say(f"rule_title_{self.id}")

    @property
    def doc(self) -> Message:
        return say(f"rule_doc_{self.id}")


RULES: list[Rule] = []


def rule(id: str, severity: Severity, local: bool = False
         ) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES.append(Rule(id, severity, function, local))
        return function

    return register


def _severity(rule_id: str) -> Severity:
    return next(r.severity for r in RULES if r.id == rule_id)


def finding(entry: m.Entry | None, rule_id: str, at: m.Span, message: Message,
            hint: Message, *related: m.Span, quoted: tuple[m.Phrase, ...] = (),
            follows: tuple[str, ...] = ()) -> Finding:
    return Finding(entry, Diagnostic(at, _severity(rule_id), rule_id, message, hint,
                                     tuple(related)), quoted, follows)


# --- What the handbook recommends ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of text the handbook tells reps to say or to follow."""

    owner: m.Entry
    value: str
    at: m.Span
    what: Message  # "the text to say", "a rep's line", ...
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
        yield Text(phrase, phrase.say, phrase.where("say"), say("what_say"), phrase,
                   as_written=True)
        for channel, text in phrase.variants.items():
            yield Text(phrase, text, phrase.where(f"variants.{channel}"),
                       say("what_variant", channel=channel), phrase, channel, as_written=True)
    for step in handbook.steps:
        yield Text(step, step.goal, step.where("goal"), say("what_goal"))
        for i, advice in enumerate(step.do):
            yield Text(step, advice, step.where(f"do.{i}"), say("what_advice"))
    for example in handbook.examples:
        if example.counterexample:
            continue
        for turn in example.dialogue:
            if turn.speaker in ("rep", "colleague"):
                yield Text(example, turn.text, turn.where(turn.speaker),
                           say(f"what_{turn.speaker}_line"), as_written=True)
    for lesson in handbook.lessons:
        for i, objective in enumerate(lesson.objectives):
            yield Text(lesson, objective, lesson.where(f"objectives.{i}"),
                       say("what_objective"))
        for item in lesson.plan:
            if item.text:
                yield Text(lesson, item.text, item.where("text"), say("what_plan"))
        for drill in lesson.practice:
            yield Text(lesson, drill.text, drill.where("text"), say("what_practice"))


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


class Kept:
    """What the rules work out of a text (its words, its key...) or of an entry, once each.

    `phrasebook serve` hands one run's to the next (`Context(resident=...)`): a save changes a
    few texts of thousands, and working out every text's words again was most of what the
    shared context cost on each save. Entries are known by identity: serve's content cache
    gives the very same record again for a file that did not change, and records are
    immutable. What was not asked for in a run is not carried further, so this holds one
    handbook's worth."""

    # Tables whose values depend on the avoid list: the last run's are used only with the
    # same matcher, which is kept as long as the avoid list reads the same (`_matcher`).
    MATCHED = frozenset({"matches", "substitution"})

    def __init__(self, last: Kept | None) -> None:
        self._last = last
        self._tables: dict[str, dict[Any, Any]] = {}
        self.matcher: Matcher[int] | None = None

    def use(self, matcher: Matcher[int]) -> None:
        self.matcher = matcher
        last = self._last
        if last is not None and last.matcher is not matcher:
            for table in self.MATCHED:
                last._tables.pop(table, None)

    def text(self, table: str, text: str, make: Callable[[str], T]) -> T:
        """`make(text)`, worked out once per text."""
        return self.texts(table, (text,), make)[0]

    def texts(self, table: str, texts: Iterable[str], make: Callable[[str], T]) -> list[T]:
        """`make(text)` for each text, each worked out once."""
        mine, last = self._tables_of(table)
        out = []
        for text in texts:
            found = mine.get(text)
            if found is None:
                found = last.get(text)
                if found is None:
                    found = make(text)
                mine[text] = found
            out.append(found)
        return out

    def entries(self, table: str, entries: Iterable[E], make: Callable[[E], T]) -> list[T]:
        """`make(entry)` for each record, worked out once per record as long as it lives."""
        mine, last = self._tables_of(table)
        out = []
        for entry in entries:
            found = mine.get(id(entry))
            if found is None or found[0] is not entry:
                found = last.get(id(entry))
                if found is None or found[0] is not entry:
                    found = (entry, make(entry))
                mine[id(entry)] = found
            out.append(found[1])
        return out

    def entry(self, table: str, entry: E, make: Callable[[E], T]) -> T:
        return self.entries(table, (entry,), make)[0]

    def _tables_of(self, table: str) -> tuple[dict[Any, Any], dict[Any, Any]]:
        mine = self._tables.get(table)
        if mine is None:
            mine = self._tables[table] = {}
        last = self._last._tables.get(table, {}) if self._last is not None else {}
        return mine, last

    def forget_last(self) -> None:
        """The run is over: what it did not use is let go."""
        self._last = None


class Context:
    """The handbook plus what several rules need: the avoided phrases compiled once.

    `resident` is what a resident process (`phrasebook serve`) keeps between checks of the
    same handbook, in memory: what the last check worked out of each text, and state that
    rules keep to check again only what changed (near-duplicate). None for a single check."""

    def __init__(self, handbook: m.Handbook, settings: Settings,
                 resident: dict[str, Any] | None = None) -> None:
        self.handbook = handbook
        self.view = handbook  # what local rules look at: the files to check again
        self.settings = settings
        self.resident = resident
        last = resident.get("kept") if resident is not None else None
        self.kept = Kept(last if isinstance(last, Kept) else None)
        self.avoided = [avoided for found in self.kept.entries(
            "avoided", handbook.phrases,
            lambda p: tuple(Avoided(a, p, self.key(a.text)) for a in p.avoid))
            for avoided in found]
        self.matcher: Matcher[int] = _matcher(resident, [a.key for a in self.avoided])
        self.kept.use(self.matcher)
        self._lines: dict[str, list[int]] = {}
        says = [p.say for p in handbook.phrases]
        self.say_keys = self.kept.texts("keys", says, key)  # duplicates: both rules
        # The same, as one string each: the same string object from one resident run to the
        # next, whose hash Python keeps (a tuple's is worked out on every lookup).
        self.say_joined = self.kept.texts("joined", says, self._joined)

    def done(self) -> None:
        """The check is over: what it worked out is kept for the next, when resident."""
        self.kept.forget_last()
        if self.resident is not None:
            self.resident["kept"] = self.kept

    def keyed(self) -> str:
        """What decides the findings of local rules beyond a file's own records: the avoided
        phrases and the phrase each is under, the channels and the settings they use. (What
        a finding repeats of another file is checked by `Finding.quoted`.)"""
        return repr(([(a.text.text, a.phrase.id) for a in self.avoided],
                     self.handbook.channels, self.settings.phone_max_words,
                     self.settings.language))

    def key(self, text: str) -> tuple[str, ...]:
        return self.kept.text("keys", text, key)

    def _joined(self, text: str) -> str:
        return " ".join(self.key(text))

    def words(self, text: str) -> list[Word]:
        return self.kept.text("words", text, words)

    def rough(self, text: str) -> tuple[str, ...]:
        return self.kept.text("rough", text, quick_words)

    def avoided_in(self, text: str) -> tuple[list[Word], list[Match[Avoided]]]:
        """The words of `text` and the avoided phrases in it."""
        found = self.matched(text)
        if not found:
            return [], []
        avoided = self.avoided
        return self.words(text), [Match(avoided[n], first, last) for n, first, last in found]

    def matched(self, text: str) -> tuple[tuple[int, int, int], ...]:
        """The avoided phrases in `text`: (number in `avoided`, first word, last word)."""
        return self.kept.text("matches", text, self._matched)

    def _matched(self, text: str) -> tuple[tuple[int, int, int], ...]:
        if not self.matcher.may_match(self.rough(text)):
            return ()
        return tuple((m.value, m.first, m.last) for m in self.matcher.find(self.words(text)))

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


def _matcher(resident: dict[str, Any] | None, keys: list[tuple[str, ...]]) -> Matcher[int]:
    """The avoided phrases compiled into one matcher whose values are their numbers in
    `Context.avoided`; a resident process keeps it while the avoid list reads the same."""
    kept = resident.get("avoided") if resident is not None else None
    if kept is not None and kept[0] == keys:
        return kept[1]  # type: ignore[no-any-return]
    matcher: Matcher[int] = Matcher((k, n) for n, k in enumerate(keys))
    if resident is not None:
        resident["avoided"] = (keys, matcher)
    return matcher


def quote(text: str) -> Message:
    """Content's own words, in the reader's language's quotation marks."""
    return say("quoted", text=text)


def whole(found: Sequence[Word], match: Match[Avoided]) -> bool:
    """The match covers every word of the text: the text *is* the avoided phrase."""
    return match.first == 0 and match.last == len(found) - 1
