"""What rendering produces: pages, a navigation and static files, records with no behaviour
beyond making a page's HTML when it is written.

Nothing in render/ knows MkDocs. The plugin hands these pages to MkDocs in memory; `export`
writes them to a folder for any other Markdown tool. Pages are HTML already (fields are
rendered with markdown-it-py, templates escape everything), so the site generator has
nothing to parse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..labels import Labels, labels_for
from .reads import Key, Reads, World


@dataclass(frozen=True, slots=True)
class Options:
    """Everything besides the content that a page depends on, so output is reproducible."""

    today: dt.date
    review_days: int = 365
    use_directory_urls: bool = True
    site_name: str = "Service phrasebook"
    labels: Labels = field(default_factory=lambda: labels_for("en")[0])
    feedback_url: str | None = None  # a checked template (settings.feedback_template)
    site_url: str = ""  # where the site is published, for {url} in feedback links
    author_pages: bool = False  # Writing content, Field reference, Checker rules


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading for the table of contents. `html` is escaped: site generators put it in
    the page as it is, so an author's `<script>` in a title must arrive as text."""

    level: int
    id: str
    html: str


@dataclass(frozen=True, slots=True, eq=False)
class Page:
    """A page of the site. Its HTML is made when asked for and not kept: MkDocs writes pages
    one at a time, and holding every page's HTML from the start of a build to its end was a
    third of a big handbook's memory. Ask once per use (`html`, then `headings_of(html)`)."""

    src: str  # the path MkDocs would see in docs_dir, e.g. "method/listen.md"
    title: str
    make: Callable[[], str] = field(repr=False)
    description: str = ""
    # Weight in full-text search: phrases first, authoring pages last; 0 keeps a page out of
    # it, for pages that repeat what others hold (a desk card, what changed), which would
    # otherwise push the phrase's own page down the results.
    boost: float = 1.0
    # For `phrasebook serve`: the values the page's kind handed its template, and a way to
    # make the HTML while noting what it reads from the handbook (reads.py). A page without
    # them (a fixed text) is simply made again on every rebuild.
    inputs: Mapping[str, Any] = field(default_factory=dict, repr=False)
    tracked: Callable[[Reads], str] | None = field(default=None, repr=False)

    @property
    def html(self) -> str:
        return self.make()

    @property
    def headings(self) -> tuple[Heading, ...]:
        return headings_of(self.html)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Page) and (self.src, self.title, self.description,
                                            self.boost, self.html) == (
            other.src, other.title, other.description, other.boost, other.html)

    __hash__ = None  # type: ignore[assignment]


NavItem = tuple[str, "str | tuple[NavItem, ...]"]


@dataclass(frozen=True, slots=True)
class Site:
    pages: tuple[Page, ...]
    nav: tuple[NavItem, ...]
    files: Mapping[str, str | bytes] = field(default_factory=dict)  # static files by path
    world: World | None = None  # what the pages were made from, to compare with a later state
    # Pages whose HTML rendering made already (the finder reads some pages' sections), each
    # with what it read when serving: taken by whoever writes them (`made.pop`), so that no
    # page is made twice and none is held longer than until it is written.
    made: dict[str, tuple[str, frozenset[Key] | None]] = field(default_factory=dict)


_HEADING = re.compile(r'<h([1-3]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\n\f\r]+")


def squeeze(text: str) -> str:
    """Runs of HTML's whitespace as one space. Not `" ".join(text.split())`: Python splits at
    no-break spaces too, and French typography needs its narrow one before `:` and `?`."""
    return _SPACES.sub(" ", text).strip(" ")


def headings_of(body: str) -> tuple[Heading, ...]:
    return tuple(
        Heading(int(level), id, squeeze(TAGS.sub("", title)))
        for level, id, title in _HEADING.findall(body)
        if level != "1"
    )
