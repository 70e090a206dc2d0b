"""The rest of a trainer's and a rep's kit: scorecards, the goodwill table and templates,
each a printable page made only when the handbook has entries of its kind."""

from __future__ import annotations

from .. import model as m
from ..addresses import GOODWILL, TEMPLATES, src_of
from .context import Maker
from .page import Page


def pages(make: Maker) -> list[Page]:
    h = make.handbook
    made = [make.page(src_of(h, "scorecard", card.id)[0], "scorecard.html", card.title,
                      card=card) for card in h.scorecards]
    if h.goodwill:
        made.append(make.page(GOODWILL, "goodwill.html", make.text("goodwill_title"),
                              make.text("goodwill_intro"),
                              cited=list(dict.fromkeys(s for g in h.goodwill for s in g.sources))))
    if h.templates:
        made.append(make.page(TEMPLATES, "templates.html", make.text("templates_title"),
                              make.text("templates_intro"),
                              copies={t.id: as_text(t) for t in h.templates}))
    return made


def as_text(template: m.Template) -> str:
    """A template as plain text to paste into a ticket or an email: its title, then a line
    per blank ending in a colon."""
    return "\n".join([template.title, *(f"{blank.label}: " for blank in template.fields)])
