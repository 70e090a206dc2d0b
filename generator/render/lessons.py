"""Lessons: an index and a page per lesson, printable as a handout, with a timed lesson's
clock: when each activity starts and ends, counted from the start of the session."""

from __future__ import annotations

from collections.abc import Mapping

from .. import model as m
from .context import Maker
from .page import Page


def pages(make: Maker) -> list[Page]:
    h = make.handbook
    if not h.lessons:
        return []
    return [make.page("lessons/index.md", "lessons.html", make.text("lessons")),
            *(make.page(f"lessons/{lesson.id}.md", "lesson.html", lesson.title, lesson=lesson,
                        times=times(lesson))
              for lesson in h.lessons)]


def times(lesson: m.Lesson) -> Mapping[str, tuple[str, str]]:
    """Each timed activity's start and end as `h:mm` from the start, by its field name
    (`plan.0`, `practice.2`); none unless the lesson and every activity are timed, since a
    clock with a gap in it would be wrong from the gap on."""
    activities = lesson.activities()
    if lesson.minutes is None or any(a.minutes is None for _, a in activities):
        return {}
    out: dict[str, tuple[str, str]] = {}
    start = 0
    for name, activity in activities:
        end = start + (activity.minutes or 0)
        out[name] = (clock(start), clock(end))
        start = end
    return out


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"
