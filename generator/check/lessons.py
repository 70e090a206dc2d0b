"""Lessons a trainer can run: timed activities that fill the session, an activity for every
step a lesson says it teaches, and a scorecard row for every step."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .. import model as m
from .core import Context, Finding, finding, rule


@rule("lesson-minutes", "error", "A timed lesson's activities add up to its length")
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
                    f"lesson `{lesson.id}` times its activities but does not say how long "
                    "it is",
                    f"add `minutes: {total}` to the lesson, or remove the activities' minutes")
            continue
        for name, activity in activities:
            if activity.minutes is None:
                yield finding(
                    lesson, "lesson-minutes", lesson.where(name),
                    f"this activity of `{lesson.id}` has no minutes; the lesson is timed "
                    f"({lesson.minutes} minutes)",
                    "add `minutes:` to it (a drill written as bare text becomes "
                    "`- {text: ..., minutes: 10}`)")
        if len(timed) == len(activities) and total != lesson.minutes:
            gap = lesson.minutes - total
            yield finding(
                lesson, "lesson-minutes", lesson.where("minutes"),
                f"the activities of `{lesson.id}` add up to {total} minutes, but the lesson "
                f"is {lesson.minutes}",
                (f"{gap} minutes are unplanned: give them to an activity" if gap > 0 else
                 f"{-gap} minutes too many: shorten an activity")
                + f", or make the lesson `minutes: {total}`",
                *(a.where("minutes") for _, a in timed))


@rule("lesson-teaches", "error", "Every step a lesson teaches has an activity")
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
                    f"lesson `{lesson.id}` says it teaches `{step}`, but no activity does",
                    f"add a plan item `step: {step}` or one of its phrases, or a drill with "
                    f"`steps: [{step}]`; or take `{step}` out of `teaches`")


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


@rule("scorecard-steps", "warning", "A scorecard scores every step, once")
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
                              f"step `{row.step}` has a second row in `{card.id}`",
                              "merge it into the first row for this step",
                              card.where(f"rows.{seen[row.step]}"))
            seen.setdefault(row.step, i)
        for step in c.handbook.steps:
            if step.id not in seen:
                yield finding(card, "scorecard-steps", card.where("rows"),
                              f"scorecard `{card.id}` has no row for step `{step.id}`",
                              f"add a row with `step: {step.id}`, what to observe and "
                              "`pass_if`", step.at)
