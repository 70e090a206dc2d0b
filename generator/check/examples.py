"""Worked examples keep the method: its ordering rules, and the phrases their lines name."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .. import model as m
from .core import Context, Finding, finding, rule


@rule("order", "error", "The method's ordering rules hold in every worked example")
def order(c: Context) -> Iterator[Finding]:
    """Some steps only work after others: the free dessert only after the cold meal is fixed,
    the solution only after the customer has vented. Every worked example must keep every
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
                        f"counterexample `{example.id}` says it breaks `{r.id}` but follows it",
                        f"let a `{r.then}` line come before any `{r.first}` line",
                        r.at)
            elif broken is not None:
                yield finding(
                    example, "order", broken.where(broken.speaker),
                    f"step `{r.then}` comes before `{r.first}`: against “{r.title}”",
                    f"move this line after a `{r.first}` line, or mark the example as a "
                    f"counterexample: `breaks: [{r.id}]`", r.at)


def _first_break(turns: Sequence[m.Turn], r: m.Rule) -> m.Turn | None:
    for turn in turns:
        if turn.step == r.first:
            return None
        if turn.step == r.then:
            return turn
    return None


@rule("turn-phrase", "warning", "A dialogue line that uses a phrase serves that phrase's step")
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
                              f"this line serves `{turn.step}` but phrase `{phrase.id}` "
                              f"serves `{phrase.step}`",
                              "correct the line's `step`, or the phrase it names")
