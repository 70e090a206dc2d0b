"""Quizzes: an index, a page per quiz and a page per answer key.

The quiz page is printable and interactive, and holds no answer: the choices of a question
are laid out in the handbook's own order (the method's rules and steps, the phrases as
written), never with the right one in a place of its own, and the key is a separate page.
In the browser, quiz.js fetches the key page only when a trainee asks for an answer, so a
printed quiz, or one read with the page's source, gives nothing away, and no server is
needed beyond the static site.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from .. import model as m
from ..addresses import QUIZZES, key_of, relative, src_of, url_of
from .context import Maker
from .page import Page

LETTERS = string.ascii_lowercase


@dataclass(frozen=True, slots=True)
class Asked:
    """A question as the quiz shows it: what it asks about and its choices, no answer."""

    number: int
    kind: str  # broken_rule, replacement or next_step
    example: m.Example | None  # the dialogue asked about, if any
    lines: int  # how many of its lines to show (all, for a rule question)
    avoided: str  # the avoided text, for a replacement question
    choices: tuple[tuple[str, str], ...]  # (letter, text)


@dataclass(frozen=True, slots=True)
class Answer:
    """A question's key: the right letter and choice, and why."""

    asked: Asked
    letter: str
    text: str
    explain: str | None
    see: tuple[str, str]  # (kind, id) of the entry to read again


def _order(handbook: m.Handbook, kind: str) -> dict[str, int]:
    return {e.id: i for i, e in enumerate(handbook.entries(kind))}


def answered(handbook: m.Handbook, number: int, question: m.Question) -> Answer:
    q = question.body
    kind = {m.RuleQuestion: "rule", m.ReplacementQuestion: "phrase",
            m.NextStepQuestion: "step"}[type(q)]
    order = _order(handbook, kind)
    ids = sorted({q.answer, *q.wrong}, key=lambda id: order[id])

    def text(id: str) -> str:
        entry = handbook.index[kind][id]
        return entry.say if isinstance(entry, m.Phrase) else str(getattr(entry, "title", id))

    choices = tuple((LETTERS[i % 26] * (1 + i // 26), text(id)) for i, id in enumerate(ids))
    example = None
    if isinstance(q, m.RuleQuestion | m.NextStepQuestion):
        found = handbook.index["example"][q.example]
        assert isinstance(found, m.Example)
        example = found
    asked = Asked(number, question.kind, example,
                  q.after if isinstance(q, m.NextStepQuestion) else
                  len(example.dialogue) if example else 0,
                  q.avoided if isinstance(q, m.ReplacementQuestion) else "", choices)
    letter, answer_text = choices[ids.index(q.answer)]
    see = ("phrase", q.answer) if isinstance(q, m.ReplacementQuestion) else (
        "example", example.id if example else "")
    return Answer(asked, letter, answer_text, q.explain, see)


def pages(make: Maker) -> list[Page]:
    h = make.handbook
    if not h.quizzes:
        return []
    made: list[Page] = [make.page(QUIZZES, "quizzes.html", make.text("quizzes_title"),
                                  make.text("quizzes_intro"))]
    for quiz in h.quizzes:
        answers = [answered(h, n, q) for n, q in enumerate(quiz.questions, 1)]
        page = src_of(h, "quiz", quiz.id)[0]
        made.append(make.page(
            page, "quiz.html", quiz.title, quiz=quiz, questions=[a.asked for a in answers],
            key_page=key_of(quiz.id),
            key_url=relative(page, url_of(key_of(quiz.id), make.options.use_directory_urls),
                             make.options.use_directory_urls),
            script=relative(page, "assets/phrasebook/quiz.js",
                            make.options.use_directory_urls)))
        made.append(make.page(key_of(quiz.id), "quiz-key.html",
                              make.text("quiz_key_title", title=quiz.title), quiz=quiz,
                              answers=answers))
    return made

