"""Quizzes whose answer keys are true of the handbook: the rule a counterexample breaks, the
phrase that replaces an avoided one, the step that comes next in a dialogue."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .. import model as m
from ..normalize import key
from .core import Context, Finding, finding, quote, rule
from .examples import broken


@rule("quiz-key", "error", "A quiz's answer key is true of the handbook")
def quiz_key(c: Context) -> Iterator[Finding]:
    """A quiz teaches what its key says, so the key is checked against the handbook itself,
    not trusted: the rule a counterexample breaks is read from its dialogue, the phrase that
    replaces an avoided one must list it under `avoid` and say nothing the handbook avoids,
    and the step that comes next is read from the dialogue's lines. A wrong choice that is
    also right makes a question with two answers. Fix the key or the choice; when the
    handbook changed under the quiz, fix the question."""
    for quiz in c.handbook.quizzes:
        for question in quiz.questions:
            body = question.body
            if isinstance(body, m.RuleQuestion):
                yield from _rule(c, quiz, body)
            elif isinstance(body, m.ReplacementQuestion):
                yield from _replacement(c, quiz, body)
            else:
                yield from _next_step(c, quiz, body)


def _same_twice(quiz: m.Quiz, q: m.RuleQuestion | m.ReplacementQuestion | m.NextStepQuestion
                ) -> Iterator[Finding]:
    seen = {q.answer}
    for i, choice in enumerate(q.wrong):
        if choice in seen:
            yield finding(quiz, "quiz-key", q.where(f"wrong.{i}"),
                          f"`{choice}` is offered twice in this question",
                          "each choice once: remove this one")
        seen.add(choice)


def _two_answers(quiz: m.Quiz, q: m.RuleQuestion | m.ReplacementQuestion | m.NextStepQuestion,
                 right: Sequence[str], why: str) -> Iterator[Finding]:
    for i, choice in enumerate(q.wrong):
        if choice in right and choice != q.answer:
            yield finding(quiz, "quiz-key", q.where(f"wrong.{i}"),
                          f"`{choice}` is offered as wrong, but {why}: the question has two "
                          "right answers", "replace this choice with one that is wrong")


def _rule(c: Context, quiz: m.Quiz, q: m.RuleQuestion) -> Iterator[Finding]:
    example = c.handbook.index["example"][q.example]
    assert isinstance(example, m.Example)
    right = [r.id for r in broken(example, c.handbook.rules)]
    yield from _same_twice(quiz, q)
    if not right:
        yield finding(quiz, "quiz-key", q.where("example"),
                      f"`{example.id}` breaks no ordering rule: there is no rule to find",
                      "ask about a counterexample (an example with `breaks:`)", example.at)
        return
    if q.answer not in right:
        yield finding(quiz, "quiz-key", q.where("answer"),
                      f"`{example.id}` does not break `{q.answer}`; it breaks "
                      + ", ".join(f"`{r}`" for r in right),
                      f"make the answer `{right[0]}`", example.at)
    yield from _two_answers(quiz, q, right, f"`{example.id}` breaks it too")


def _replacement(c: Context, quiz: m.Quiz, q: m.ReplacementQuestion) -> Iterator[Finding]:
    wanted = key(q.avoided)
    right = [p.id for p in c.handbook.phrases if any(key(a.text) == wanted for a in p.avoid)]
    yield from _same_twice(quiz, q)
    if not right:
        yield finding(quiz, "quiz-key", q.where("avoided"),
                      f"no phrase lists {quote(q.avoided)} under `avoid`",
                      "ask about a phrase the handbook avoids, written as its avoid list has it")
        return
    phrase = c.handbook.index["phrase"][q.answer]
    assert isinstance(phrase, m.Phrase)
    if q.answer not in right:
        yield finding(quiz, "quiz-key", q.where("answer"),
                      f"phrase `{q.answer}` is not what the handbook says instead of "
                      f"{quote(q.avoided)}; these are: " + ", ".join(f"`{p}`" for p in right),
                      f"make the answer `{right[0]}`", phrase.at)
    for channel, text, name in _texts(phrase):
        _, matches = c.avoided_in(text)
        if matches:
            said = matches[0].value
            yield finding(quiz, "quiz-key", q.where("answer"),
                          f"phrase `{q.answer}` says {quote(said.text.text)}"
                          + (f" in its {channel} text" if channel else "")
                          + f", which the handbook avoids (under `{said.phrase.id}`)",
                          "choose a phrase that says nothing the handbook avoids, or reword "
                          "this one", phrase.where(name), said.text.at)
            break
    yield from _two_answers(quiz, q, right,
                            f"it lists {quote(q.avoided)} under `avoid` too")


def _texts(phrase: m.Phrase) -> Iterator[tuple[str, str, str]]:
    yield "", phrase.say, "say"
    for channel, text in phrase.variants.items():
        yield channel, text, f"variants.{channel}"


def _next_step(c: Context, quiz: m.Quiz, q: m.NextStepQuestion) -> Iterator[Finding]:
    example = c.handbook.index["example"][q.example]
    assert isinstance(example, m.Example)
    yield from _same_twice(quiz, q)
    lines = example.dialogue
    if q.after >= len(lines):
        yield finding(quiz, "quiz-key", q.where("after"),
                      f"`{example.id}` has {len(lines)} lines: nothing comes after line "
                      f"{q.after}", f"ask about a line before the last ({len(lines) - 1} at "
                      "most)", example.where("dialogue"))
        return
    following = next(((n, t) for n, t in enumerate(lines[q.after:], q.after + 1)
                      if t.step is not None), None)
    if following is None:
        yield finding(quiz, "quiz-key", q.where("after"),
                      f"no line after line {q.after} of `{example.id}` serves a step",
                      "ask about an earlier line", example.where("dialogue"))
        return
    number, turn = following
    if turn.step != q.answer:
        yield finding(quiz, "quiz-key", q.where("answer"),
                      f"after line {q.after} of `{example.id}`, the next step is "
                      f"`{turn.step}` (line {number}), not `{q.answer}`",
                      f"make the answer `{turn.step}`", turn.where(turn.speaker))
    assert turn.step is not None
    yield from _two_answers(quiz, q, [turn.step], f"line {number} serves it")
