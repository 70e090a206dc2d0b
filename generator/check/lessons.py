"""Lessons a trainer can run: timed activities that fill the session, an activity for every
step a lesson says it teaches, and a scorecard row for every step."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .. import model as m
from ..messages import say
from .core import Context, Finding, finding, rule


@rule("lesson-minutes", "error")
def lesson_minutes(c: Context) -> Iterator[Finding]:
    """A lesson with `minutes` is a plan a trainer runs against the clock: every plan item
    and practice drill is an activity with its own `minutes`, and together they fill the
    session exactly. Ten items and three drills squeezed into ninety minutes with no
    timings is a plan nobody can keep. Give each activity its minutes, and make them add up
    to the lesson's `minutes` (or change that)."""
    for lesson in c.handbook.lessons:
        activities = lesson.activities()
        timed = [(name, a) for name, a in activities if a.minutes is not None]
        total = sum(a.minutes or 0 for _, a in timed)
        if lesson.minutes is None:
            if timed:
                yield finding(
                    lesson, "lesson-minutes", timed[0][1].where("minutes"),
                    say("lesson_untimed", lesson=lesson.id),
                    say("lesson_untimed_hint", total=str(total)))
            continue
        for name, activity in activities:
            if activity.minutes is None:
                yield finding(
                    lesson, "lesson-minutes", lesson.where(name),
                    say("activity_untimed", lesson=lesson.id,
                        minutes=say("minutes_count", count=lesson.minutes)),
                    say("activity_untimed_hint"))
        if len(timed) == len(activities) and total != lesson.minutes:
            gap = lesson.minutes - total
            yield finding(
                lesson, "lesson-minutes", lesson.where("minutes"),
                say("lesson_total", lesson=lesson.id,
                    total=say("minutes_count", count=total),
                    minutes=say("minutes_count", count=lesson.minutes)),
                say("lesson_unplanned" if gap > 0 else "lesson_overplanned",
                    gap=say("minutes_count", count=abs(gap)), total=str(total)),
                *(a.where("minutes") for _, a in timed))


@rule("lesson-teaches", "error")
def lesson_teaches(c: Context) -> Iterator[Finding]:
    """A lesson's `teaches` names the steps trainees leave able to do. Each needs an
    activity in the session: a plan item on the step, one of the step's phrases, or a
    practice drill whose `steps` name it. A step that is only mentioned in the objectives is
    a promise the session does not keep. Add the activity, or take the step out of
    `teaches`."""
    phrases = c.handbook.index["phrase"]
    for lesson in c.handbook.lessons:
        covered = set(taught(lesson, phrases))
        for i, step in enumerate(lesson.teaches):
            if step not in covered:
                yield finding(
                    lesson, "lesson-teaches", lesson.where(f"teaches.{i}"),
                    say("lesson_teaches_missing", lesson=lesson.id, step=step),
                    say("lesson_teaches_hint", step=step))


def taught(lesson: m.Lesson, phrases: Mapping[str, m.Entry]) -> Iterator[str]:
    """The steps the lesson's activities work on: a step item, a phrase item's step, a
    drill's steps. A worked example shows every step, so it teaches none in particular."""
    for item in lesson.plan:
        if item.step is not None:
            yield item.step
        elif item.phrase is not None:
            phrase = phrases[item.phrase]
            assert isinstance(phrase, m.Phrase)
            yield phrase.step
    for drill in lesson.practice:
        yield from drill.steps


@rule("scorecard-steps", "warning")
def scorecard_steps(c: Context) -> Iterator[Finding]:
    """A scorecard is what a trainer watches for in each step of the method over a week. A
    step without a row goes unscored, and a trainee learns it matters less; a step with two
    rows is scored twice. Add the missing row with what to observe and what passes, or merge
    the two."""
    for card in c.handbook.scorecards:
        seen: dict[str, int] = {}
        for i, row in enumerate(card.rows):
            if row.step in seen:
                yield finding(card, "scorecard-steps", card.where(f"rows.{i}"),
                              say("scorecard_twice", step=row.step, scorecard=card.id),
                              say("scorecard_twice_hint"),
                              card.where(f"rows.{seen[row.step]}"))
            seen.setdefault(row.step, i)
        for step in c.handbook.steps:
            if step.id not in seen:
                yield finding(card, "scorecard-steps", card.where("rows"),
                              say("scorecard_missing", scorecard=card.id, step=step.id),
                              say("scorecard_missing_hint", step=step.id), step.at)
