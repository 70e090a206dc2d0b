"""The phrasebook: its index (phrases by situation and tag) and a page per situation, where
each phrase lives at an anchor named by its id."""

from __future__ import annotations

from .context import Maker
from .page import Page


def pages(make: Maker) -> list[Page]:
    return [make.page("phrasebook/index.md", "phrasebook.html", make.text("phrasebook")),
            *(make.page(f"phrasebook/{situation.id}.md", "situation.html", situation.title,
                        situation=situation) for situation in make.handbook.situations)]
