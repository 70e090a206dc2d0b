"""Quizzes whose answer keys are true of the handbook: the rule a counterexample breaks, the
phrase that replaces an avoided one, the step that comes next in a dialogue."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .. import model as m
from ..messages import Message, say
from ..normalize import key
from .core import Context, Finding, finding, quote, rule
from .examples import broken


@rule("quiz-key", "error")
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
                          say("quiz_twice", choice=choice), say("quiz_twice_hint"))
        seen.add(choice)


def _two_answers(quiz: m.Quiz, q: m.RuleQuestion | m.ReplacementQuestion | m.NextStepQuestion,
                 right: Sequence[str], why: Message) -> Iterator[Finding]:
    for i, choice in enumerate(q.wrong):
        if choice in right and choice != q.answer:
            yield finding(quiz, "quiz-key", q.where(f"wrong.{i}"),
                          say("quiz_two_answers", choice=choice, why=why),
                          say("quiz_two_answers_hint"))


def _rule(c: Context, quiz: m.Quiz, q: m.RuleQuestion) -> Iterator[Finding]:
    example = c.handbook.index["example"][q.example]
    assert isinstance(example, m.Example)
    right = [r.id for r in broken(example, c.handbook.rules)]
    yield from _same_twice(quiz, q)
    if not right:
        yield finding(quiz, "quiz-key", q.where("example"),
                      say("quiz_no_rule", example=example.id), say("quiz_no_rule_hint"),
                      example.at)
        return
    if q.answer not in right:
        yield finding(quiz, "quiz-key", q.where("answer"),
                      say("quiz_not_broken", example=example.id, answer=q.answer,
                          rules=", ".join(f"`{r}`" for r in right)),
                      say("quiz_answer_hint", answer=right[0]), example.at)
    yield from _two_answers(quiz, q, right, say("quiz_breaks_too", example=example.id))


def _replacement(c: Context, quiz: m.Quiz, q: m.ReplacementQuestion) -> Iterator[Finding]:
    wanted = key(q.avoided)
    right = [p.id for p in c.handbook.phrases if any(key(a.text) == wanted for a in p.avoid)]
    yield from _same_twice(quiz, q)
    if not right:
        yield finding(quiz, "quiz-key", q.where("avoided"),
                      say("quiz_not_avoided", avoided=quote(q.avoided)),
                      say("quiz_not_avoided_hint"))
        return
    phrase = c.handbook.index["phrase"][q.answer]
    assert isinstance(phrase, m.Phrase)
    if q.answer not in right:
        yield finding(quiz, "quiz-key", q.where("answer"),
                      say("quiz_not_instead", answer=q.answer, avoided=quote(q.avoided),
                          phrases=", ".join(f"`{p}`" for p in right)),
                      say("quiz_answer_hint", answer=right[0]), phrase.at)
    for channel, text, name in _texts(phrase):
        _, matches = c.avoided_in(text)
        if matches:
            said = matches[0].value
            yield finding(quiz, "quiz-key", q.where("answer"),
                          say("quiz_answer_avoided_in" if channel else "quiz_answer_avoided",
                              answer=q.answer, avoided=quote(said.text.text),
                              channel=channel, phrase=said.phrase.id),
                          say("quiz_answer_avoided_hint"), phrase.where(name), said.text.at)
            break
    yield from _two_answers(quiz, q, right, say("quiz_lists_too", avoided=quote(q.avoided)))


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
                      say("quiz_after_last", count=len(lines), example=example.id,
                          after=str(q.after)),
                      say("quiz_after_last_hint", most=str(len(lines) - 1)),
                      example.where("dialogue"))
        return
    following = next(((n, t) for n, t in enumerate(lines[q.after:], q.after + 1)
                      if t.step is not None), None)
    if following is None:
        yield finding(quiz, "quiz-key", q.where("after"),
                      say("quiz_no_step_after", after=str(q.after), example=example.id),
                      say("quiz_no_step_after_hint"), example.where("dialogue"))
        return
    number, turn = following
    if turn.step != q.answer:
        yield finding(quiz, "quiz-key", q.where("answer"),
                      say("quiz_next_step", after=str(q.after), example=example.id,
                          step=str(turn.step), line=str(number), answer=q.answer),
                      say("quiz_answer_hint", answer=str(turn.step)), turn.where(turn.speaker))
    assert turn.step is not None
    yield from _two_answers(quiz, q, [turn.step], say("quiz_line_serves", line=str(number)))
