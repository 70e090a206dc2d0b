"""The avoid list checked against what the handbook recommends, and against itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .. import model as m
from ..messages import say
from ..normalize import Matcher
from .core import Avoided, Context, Finding, finding, quote, recommended, rule, spoken, whole


@rule("avoided-phrase", "error", local=True)
def avoided_phrase(c: Context) -> Iterator[Finding]:
    """A phrase listed under `avoid` must not appear in anything the handbook recommends: a
    text to say, a rep's line in a worked example, a step's goal or advice, a lesson.
    Matching ignores case, curly quotes and Markdown emphasis, counts *I'm* and *I am*
    as the same, and sees through letters of other scripts that look like Latin ones and
    through invisible characters, as a reader does. Fix it by rewording the line, or, in
    advice, goals and lessons (where Markdown renders) to mention the phrase as a "don't",
    strike it through: `~~I'm sorry~~`. Counterexamples and customers' lines are exempt."""
    for text in recommended(c.view):
        found, matches = c.avoided_in(text.value)
        for match in matches:
            avoided = match.value
            if text.phrase is not None and whole(found, match):
                continue  # a whole text to say that is avoided: the contradiction rule's
            yield finding(
                text.owner, "avoided-phrase", c.place(text.at, found, match.first, match.last),
                say("avoided_phrase", what=text.what, avoided=quote(avoided.text.text)),
                say("avoided_phrase_hint" if text.as_written else "avoided_phrase_strike_hint",
                    instead=quote(avoided.phrase.say)),
                avoided.text.at, quoted=(avoided.phrase,),
            )


@rule("struck-through-speech", "error", local=True)
def struck_through_speech(c: Context) -> Iterator[Finding]:
    """A text to say (`say`, `variants`, a rep's line in a worked example) is read aloud and
    copied word for word, so `~~...~~` is not struck through there: the Copy button copies
    the tildes and the words between them. Strike-through marks a "don't" only where
    Markdown renders (a step's advice, a lesson, a note); in a text to say, delete the
    words, and list the phrase under the phrase's `avoid:` instead."""
    for text in recommended(c.view):
        if not text.as_written or "~~" not in text.value:
            continue
        raw = c.handbook.texts.get(text.at.path, "")
        offset = raw.find("~~", text.at.start, text.at.end) if text.at.end > text.at.start else -1
        yield finding(
            text.owner, "struck-through-speech",
            c.span(text.at.path, offset, offset + 2) if offset >= 0 else text.at,
            say("struck_through", what=text.what), say("struck_through_hint"),
        )


@rule("contradiction", "error", local=True)
def contradiction(c: Context) -> Iterator[Finding]:
    """A text to say that is, word for word, a phrase the handbook avoids elsewhere: the
    handbook both recommends and forbids it. Decide which it is, and remove the other."""
    for text in recommended(c.view):
        if text.phrase is None:
            continue
        found, matches = c.avoided_in(text.value)
        for match in matches:
            if whole(found, match):
                yield finding(
                    text.owner, "contradiction", text.at,
                    say("contradiction", text=quote(text.value), phrase=match.value.phrase.id),
                    say("contradiction_hint"),
                    match.value.text.at, quoted=(match.value.phrase,),
                )


@rule("substitution", "error")
def substitution(c: Context) -> Iterator[Finding]:
    """Every avoided phrase names what to say instead: the phrase it is listed under. That
    alternative must not itself contain a phrase to avoid, or the handbook sends the rep in a
    circle (say A instead of B, and B instead of A). Fix the alternative's text, or move the
    avoid entry under a phrase that can really replace it. Reported only where the
    alternative's text is not already reported as containing the avoided phrase (a
    suppressed *avoided-phrase*): fixing that one fixes this."""
    replaced_by: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], Avoided] = {}

    def avoided_in(phrase: m.Phrase) -> tuple[int, ...]:
        """The numbers of the avoided phrases found in what the phrase says, in order."""
        return tuple(n for _, text, _name in spoken(phrase) for n, _, _ in c.matched(text))

    phrases = c.handbook.phrases
    for phrase, numbers in zip(phrases, c.kept.entries("substitution", phrases, avoided_in),
                               strict=True):
        for number in numbers:
            avoided = c.avoided[number]
            if avoided.phrase.id != phrase.id:
                replaced_by[phrase.id].add(avoided.phrase.id)
                where[(phrase.id, avoided.phrase.id)] = avoided
    for avoided in c.avoided:
        alternative = avoided.phrase.id
        for target in sorted(replaced_by.get(alternative, ())):
            cycle = target == alternative or alternative in _reachable(replaced_by, target)
            other = where[(alternative, target)]
            yield finding(
                avoided.phrase, "substitution", avoided.text.at,
                say("substitution_cycle" if cycle else "substitution",
                    avoided=quote(avoided.text.text), alternative=alternative,
                    other=quote(other.text.text), target=target),
                say("substitution_hint"), other.text.at,
                follows=("avoided-phrase", "contradiction"),
            )


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@rule("overlap", "warning")
def overlap(c: Context) -> Iterator[Finding]:
    """One avoided phrase inside another (*sorry* and *I'm sorry to hear*) means every line
    the longer one catches is already caught by the shorter: two entries, two reasons, one
    rule. Merge them, keeping the shorter phrase."""
    def found(matcher: Matcher[int]) -> list[tuple[int, int]]:
        """(position, other): each avoided phrase found in another, by their numbers."""
        return [(position, match.value) for position, avoided in enumerate(c.avoided)
                for match in matcher.find(list(avoided.key))]

    for position, number in c.kept.entry("overlap", c.matcher, found):
        avoided, other = c.avoided[position], c.avoided[number]
        same = other.key == avoided.key
        if number == position or (same and number > position):
            continue  # the same phrase twice is reported once, at the later entry
        yield finding(
            avoided.phrase, "overlap", avoided.text.at,
            say("overlap_same", avoided=quote(avoided.text.text), phrase=other.phrase.id)
            if same else say("overlap", avoided=quote(avoided.text.text),
                             other=quote(other.text.text), phrase=other.phrase.id),
            say("overlap_hint"),
            other.text.at,
        )


@rule("spec", "error")
def spec(c: Context) -> Iterator[Finding]:
    """An avoided phrase may carry its own tests, as prh dictionaries do: `fires` lists lines
    it must catch, `silent` lines it must leave alone. They document the entry and keep it
    honest when matching changes. Fix the phrase, or the test line."""
    for avoided in c.avoided:
        if not (avoided.text.fires or avoided.text.silent):
            continue
        single: Matcher[bool] = Matcher([(avoided.key, True)])
        for i, line in enumerate(avoided.text.fires):
            if not any(single.find(c.words(line))):
                yield finding(avoided.phrase, "spec", avoided.text.where(f"fires.{i}"),
                              say("spec_fires", avoided=quote(avoided.text.text),
                                  line=quote(line)),
                              say("spec_fires_hint"))
        for i, line in enumerate(avoided.text.silent):
            if any(single.find(c.words(line))):
                yield finding(avoided.phrase, "spec", avoided.text.where(f"silent.{i}"),
                              say("spec_silent", avoided=quote(avoided.text.text),
                                  line=quote(line)),
                              say("spec_silent_hint"))
