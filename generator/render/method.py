"""The method: its overview (steps and ordering rules), a page per step, and the crosswalk
to other frameworks when the handbook has one."""

from __future__ import annotations

from .context import Maker
from .page import Page


def pages(make: Maker) -> list[Page]:
    h = make.handbook
    made = [make.page("method/index.md", "method.html", h.method.title)]
    if h.frameworks:
        made.append(make.page("method/crosswalk.md", "crosswalk.html", make.text("crosswalk")))
    made += (make.page(f"method/{step.id}.md", "step.html", f"{n}. {step.title}", step=step)
             for n, step in enumerate(h.steps, start=1))
    return made
