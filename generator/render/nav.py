"""The site's navigation: the pages a reader browses to, each only when it was made.

Situations and examples are reached from their index pages, not the navigation: a nav entry
per page is what makes a big site's build quadratic (DESIGN.md)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import markupsafe

from .. import model as m
from ..addresses import CHANGES, DESK, GOODWILL, QUIZZES, REPLY, ROLEPLAYS, TEMPLATES
from .page import NavItem


def navigation(handbook: m.Handbook, made: Collection[str], t: Callable[..., str]
               ) -> tuple[NavItem, ...]:
    """The navigation over the pages in `made`; a section left with none goes too."""

    def having(*items: NavItem) -> tuple[NavItem, ...]:
        kept: list[NavItem] = []
        for title, target in items:
            if isinstance(target, str):
                if target in made:
                    kept.append((title, target))
            elif target:
                kept.append((title, target))
        return tuple(kept)

    return having(
        (t("home"), "index.md"),
        (t("phrasebook"), "phrasebook/index.md"),
        (handbook.method.title, having(
            (t("overview"), "method/index.md"),
            *((f"{n}. {s.title}", f"method/{s.id}.md")
              for n, s in enumerate(handbook.steps, start=1)),
            (t("crosswalk"), "method/crosswalk.md"),
        )),
        (t("reply_title"), REPLY),
        (t("desk_all_title"), DESK),
        (t("goodwill_title"), GOODWILL),
        (t("templates_title"), TEMPLATES),
        (t("changes_title"), CHANGES),
        (t("examples"), "examples/index.md"),
        (t("lessons"), having((t("all_lessons"), "lessons/index.md"),
                              *((lesson.title, f"lessons/{lesson.id}.md")
                                for lesson in handbook.lessons),
                              (t("roleplays_title"), ROLEPLAYS),
                              (t("quizzes_title"), QUIZZES),
                              *((card.title, f"scorecards/{card.id}.md")
                                for card in handbook.scorecards))),
        (t("sources"), having((t("sources"), "sources/index.md"),
                              (t("statistics"), "sources/statistics.md"),
                              (t("decisions"), "sources/decisions.md"))),
        # Last and apart: pages for whoever writes the handbook, not for a rep mid-call.
        (t("for_authors"), having((t("writing_content"), "writing-content.md"),
                                  (t("reference"), "reference.md"),
                                  (t("checks"), "checks.md"))),
    )


def nav_sources(nav: Sequence[NavItem]) -> set[str]:
    """The pages the navigation names."""
    found: set[str] = set()
    for _, target in nav:
        found |= {target} if isinstance(target, str) else nav_sources(target)
    return found


def nav_for_mkdocs(nav: Sequence[NavItem], escape: Callable[[str], str] = markupsafe.escape
                   ) -> list[Any]:
    """The navigation in the shape of `mkdocs.yml`'s `nav:`, titles escaped: MkDocs and
    Material insert nav titles into pages as HTML, in text and in attributes. As Markup (the
    default) a title is escaped once, quotes too, and a theme's own `| e` leaves it as it is;
    a `mkdocs.yml` written to disk cannot carry Markup (see export/markdown.py)."""
    def item(entry: NavItem) -> dict[str, Any]:
        title, target = entry
        return {escape(title):
                target if isinstance(target, str) else [item(e) for e in target]}
    return [item(e) for e in nav]

