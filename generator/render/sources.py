"""Where the advice comes from: sources, statistics with their sources, and the decisions
the house took where sources disagree. A page only for what the handbook has."""

from __future__ import annotations

from .context import Maker
from .page import Page


def pages(make: Maker) -> list[Page]:
    h = make.handbook
    kinds = (("sources/index.md", "sources.html", "sources", h.sources),
             ("sources/statistics.md", "statistics.html", "statistics", h.statistics),
             ("sources/decisions.md", "decisions.html", "decisions", h.decisions))
    return [make.page(src, template, make.text(key))
            for src, template, key, entries in kinds if entries]
