"""Lessons: an index and a page per lesson, printable as a handout."""

from __future__ import annotations

from .context import Maker
from .page import Page


def pages(make: Maker) -> list[Page]:
    h = make.handbook
    if not h.lessons:
        return []
    return [make.page("lessons/index.md", "lessons.html", make.text("lessons")),
            *(make.page(f"lessons/{lesson.id}.md", "lesson.html", lesson.title, lesson=lesson)
              for lesson in h.lessons)]
