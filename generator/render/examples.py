"""Worked examples: an index and a page per example (a dialogue, step by step)."""

from __future__ import annotations

from .context import Maker
from .page import Page


def pages(make: Maker) -> list[Page]:
    h = make.handbook
    if not h.examples:
        return []
    return [make.page("examples/index.md", "examples.html", make.text("examples")),
            *(make.page(f"examples/{example.id}.md", "example.html", example.title,
                        example=example) for example in h.examples)]
