"""Worked examples keep the method: its ordering rules, the steps their situations require,
the phrases their lines name, and their own words."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from .. import model as m
from ..messages import Message, say
from ..normalize import key
from .core import Context, Finding, finding, quote, rule


@rule("order", "error")
def order(c: Context) -> Iterator[Finding]:
    """Some steps only work after others: a goodwill voucher only after the problem is
    fixed, the solution only after the customer has vented. Every worked example must keep every
    ordering rule, and a counterexample must break the rule it names (`breaks:`), or it
    teaches nothing. Fix it by reordering the rep's lines or correcting their `step:`."""
    for example in c.handbook.examples:
        steps = [t for t in example.dialogue if t.step is not None]
        for r in c.handbook.rules:
            broken = _first_break(steps, r)
            if r.id in example.breaks:
                if broken is None:
                    yield finding(
                        example, "order", example.where("breaks"),
                        say("order_not_broken", example=example.id, rule=r.id),
                        say("order_not_broken_hint", then=r.then, first=r.first),
                        r.at)
            elif broken is not None:
                yield finding(
                    example, "order", broken.where(broken.speaker),
                    say("order_broken", then=r.then, first=r.first, rule=quote(r.title)),
                    say("order_broken_hint", first=r.first, rule=r.id), r.at)


def broken(example: m.Example, rules: Sequence[m.Rule]) -> list[m.Rule]:
    """The ordering rules the example's dialogue breaks, whatever its `breaks` says."""
    steps = [t for t in example.dialogue if t.step is not None]
    return [r for r in rules if _first_break(steps, r) is not None]


def _first_break(turns: Sequence[m.Turn], r: m.Rule) -> m.Turn | None:
    for turn in turns:
        if turn.step == r.first:
            return None
        if turn.step == r.then:
            return turn
    return None


@rule("turn-phrase", "warning")
def turn_phrase(c: Context) -> Iterator[Finding]:
    """A rep's line that names the phrase it uses (`phrase:`) should serve the same step as
    that phrase, or the example and the phrasebook teach different things."""
    phrases = c.handbook.index["phrase"]
    for example in c.handbook.examples:
        for turn in example.dialogue:
            if turn.phrase is None or turn.step is None:
                continue
            phrase = phrases[turn.phrase]
            assert isinstance(phrase, m.Phrase)
            if phrase.step != turn.step:
                yield finding(example, "turn-phrase", turn.where("phrase"),
                              say("turn_phrase", step=turn.step, phrase=phrase.id,
                                  phrase_step=phrase.step),
                              say("turn_phrase_hint"))


@rule("example-steps", "error")
def example_steps(c: Context) -> Iterator[Finding]:
    """A situation may name steps that every model example of it shows, in order
    (`example_steps:`): when the mistake was ours, an apology before the fix. An example
    that skips one, or shows it out of that order, teaches trainees to skip it too. Add the
    missing line with its `step:`, or move it; counterexamples are exempt."""
    situations = c.handbook.index["situation"]
    for example in c.handbook.examples:
        if example.counterexample:
            continue
        steps = [t.step for t in example.dialogue if t.step is not None]
        for sid in example.situations:
            situation = situations[sid]
            assert isinstance(situation, m.Situation)
            missing = _missing(steps, situation.example_steps)
            if missing is not None:
                order = _before([f"`{s}`" for s in situation.example_steps])
                yield finding(
                    example, "example-steps", example.where("dialogue"),
                    say("example_steps_missing", example=example.id, situation=sid, steps=order,
                        missing=missing),
                    say("example_steps_hint", missing=missing, situation=sid),
                    situation.where("example_steps"))


def _before(steps: Sequence[str]) -> Message | str:
    """`a` before `b` before `c`, in the reader's language."""
    said: Message | str = steps[0]
    for step in steps[1:]:
        said = say("step_before", first=said, second=step)
    return said


def _missing(steps: Sequence[str], required: Sequence[str]) -> str | None:
    """The first required step not found, in order, among `steps`; None if all are."""
    rest = iter(steps)
    for step in required:
        if step not in rest:  # consumes `rest` up to and including the step
            return step
    return None


ROTE_WORDS = 8
ROTE_EXAMPLES = 3
_SENTENCE = re.compile(r"[^.!?;:]+[.!?;:]*")


@rule("rote-line", "warning")
def rote_line(c: Context) -> Iterator[Finding]:
    """Phrases are models to say in your own words, and worked examples are what trainees
    copy. The same rep sentence of eight words or more (compared as the checker compares
    phrases: case, quotes and contractions aside) in three or more model examples teaches a
    script instead. Reword all but one of them to fit the customer in front of the rep."""
    places: dict[tuple[str, ...], list[tuple[m.Example, m.Turn, re.Match[str]]]] = (
        defaultdict(list))

    def long_sentences(example: m.Example) -> list[tuple[tuple[str, ...], m.Turn, re.Match[str]]]:
        """Each long sentence a rep says in the example, the first time they say it."""
        found, seen = [], set()
        for turn in example.dialogue:
            if turn.speaker not in ("rep", "colleague"):
                continue
            for sentence in _SENTENCE.finditer(turn.text):
                words = key(sentence.group())
                if len(words) >= ROTE_WORDS and words not in seen:
                    seen.add(words)
                    found.append((words, turn, sentence))
        return found

    for example in c.handbook.examples:
        if not example.counterexample:
            for words, turn, sentence in c.kept.entry("rote-line", example, long_sentences):
                places[words].append((example, turn, sentence))
    for found_in in places.values():
        if len(found_in) >= ROTE_EXAMPLES:
            spans = [_sentence_place(c, turn, sentence) for _, turn, sentence in found_in]
            names = ", ".join(f"`{e.id}`" for e, _, _ in found_in)
            yield finding(
                found_in[0][0], "rote-line", spans[0],
                say("rote_line", count=len(found_in), line=quote(found_in[0][2].group().strip()),
                    examples=names),
                say("rote_line_hint"),
                *spans[1:])


def _sentence_place(c: Context, turn: m.Turn, sentence: re.Match[str]) -> m.Span:
    """Where in its file a sentence of a dialogue line starts and ends (worked out only for
    what is reported: finding a place means reading the raw file again)."""
    found = c.words(turn.text)
    inside = [i for i, w in enumerate(found) if sentence.start() <= w.start < sentence.end()]
    at = turn.where(turn.speaker)
    return c.place(at, found, inside[0], inside[-1]) if inside else at
