"""The handbook as pages: a pure function from the model to HTML pages, a navigation and
static files (`render`), made by one small module per kind of page.

| module | makes |
| --- | --- |
| home, phrasebook, method, examples, lessons, sources | the reader's pages, one kind each |
| desk, cards | desk cards to print; the phrase card every page shows |
| roleplays, quizzes | the trainer's kit: role-play cards; quizzes and their keys |
| kit | scorecards, the goodwill table, templates to fill in |
| reply | the reply checker (also `phrasebook reply`) and its page |
| history | what changed, read from git, and its page |
| author | Writing content, Field reference, Checker rules |
| assets | the finder's index, the scripts' messages, redirects from old addresses |
| nav | the navigation |
| context, page, search, markup | what they share: helpers, records, search, Markdown |
| sharednav | Material's navigation made once per folder (used by the plugin) |

Where each page lives is decided in `addresses.py`, which the exports read too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import collector
from .. import model as m
from . import (
    assets,
    author,
    desk,
    examples,
    history,
    home,
    kit,
    lessons,
    method,
    phrasebook,
    quizzes,
    reply,
    roleplays,
    sources,
)
from .context import Maker, build_index
from .home import finder_placeholder
from .nav import nav_for_mkdocs, nav_sources, navigation
from .page import Heading, NavItem, Options, Page, Site, headings_of
from .reads import World
from .search import SearchSection, search_sections

__all__ = ["Heading", "NavItem", "Options", "Page", "SearchSection", "Site",
           "finder_placeholder", "headings_of", "nav_for_mkdocs", "nav_sources", "render",
           "search_sections"]


@collector.paused()
def render(handbook: m.Handbook, options: Options, checks: Sequence[m.CheckDoc] = (),
           changes: history.History | None = None, hand_written: Mapping[str, str] = {},
           resident: dict[Any, Any] | None = None) -> Site:
    """Every page of the handbook, its navigation and its static files; a page of what
    changed when the content's history is given. A kind of page is made only when there is
    something on it: a team without lessons gets no Lessons. `hand_written` are a team's own
    Markdown pages (by path in docs_dir, with their text), found by the finder too.
    `resident`: what `phrasebook serve` keeps from one build to the next (the same site for
    the same input, only sooner)."""
    make = Maker(handbook, options, build_index(handbook, options.labels))
    world = World(handbook, make.index)
    pages = (*home.pages(make), *phrasebook.pages(make), *method.pages(make),
             *examples.pages(make), *lessons.pages(make), *roleplays.pages(make),
             *quizzes.pages(make), *kit.pages(make),
             *sources.pages(make),
             *reply.pages(make), *desk.pages(make), *history.pages(make, changes),
             *author.pages(make, checks))
    made: dict[str, Any] = {}
    files = {**assets.files(handbook, options, pages, hand_written, resident, world, made),
             **reply.files(handbook, options.use_directory_urls)}
    nav = navigation(handbook, {p.src for p in pages}, options.labels.text)
    return Site(pages, nav, files, world, made)
