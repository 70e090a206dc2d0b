"""A page as Material's search would index it, cut from our own markup."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .page import TAGS, Page


@dataclass(frozen=True, slots=True)
class SearchSection:
    """One result for full-text search: a heading's anchor ("" for the page), title, text."""

    anchor: str
    title: str
    text: str


_EXCLUDED = re.compile(
    r"<section\b[^>]*\bdata-search-exclude\b[^>]*>.*?</section>|<button\b.*?</button>", re.S)
_ANY_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def _plain(fragment: str) -> str:
    """Text without tags, still escaped: search shows it as HTML, as Material's does."""
    return " ".join(TAGS.sub(" ", fragment).split())


def search_sections(page: Page, html_of_page: str) -> list[SearchSection]:
    """The page cut at its headings, as Material's search indexes it, but from our own
    markup, which we know, instead of a general HTML parser: at 10,000 phrases that parser
    took half the build. Copies of phrases shown away from home are left out."""
    body = _EXCLUDED.sub("", html_of_page)
    found: list[SearchSection] = []
    page_title = html.escape(page.title, quote=False)
    anchor, title, start = "", page_title, 0
    for match in _ANY_HEADING.finditer(body):
        text = _plain(body[start:match.start()])
        if text or anchor:
            found.append(SearchSection(anchor, title, text))
        level, id, heading = match.groups()
        anchor, title = ("", page_title) if level == "1" else (id, _plain(heading))
        start = match.end()
    found.append(SearchSection(anchor, title, _plain(body[start:])))
    return found
