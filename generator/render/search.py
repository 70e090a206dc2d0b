"""A page as Material's search would index it, cut from our own markup."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from .page import TAGS, Page, squeeze


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
    return squeeze(TAGS.sub(" ", fragment))


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


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.S)
_TITLE_META = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.M)
_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"[`*_>|~]+|^\s*[-+]\s+|\{[^}]*\}", re.M)


def slugify(text: str) -> str:
    """A heading's anchor as Python-Markdown's toc extension makes it by default."""
    ascii = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii).strip().lower())


def _plain_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", TAGS.sub(" ", text))
    return " ".join(html.unescape(_MD_MARKS.sub(" ", text)).split())


def markdown_sections(name: str, text: str) -> tuple[str, list[SearchSection]]:
    """A hand-written Markdown page's title and its parts cut at its headings, as plain
    text, each with the anchor MkDocs' toc extension gives its heading: what Material's
    search indexed of it, for the finder, which reads no HTML."""
    front = _FRONT_MATTER.match(text)
    title = None
    if front:
        meta = _TITLE_META.search(front.group(0))
        title = meta.group(1).strip("'\"") if meta else None
        text = text[front.end():]
    found: list[SearchSection] = []
    anchor, heading, start, used = "", "", 0, set()
    for match in _MD_HEADING.finditer(text):
        body = _plain_markdown(text[start:match.start()])
        if body or anchor:
            found.append(SearchSection(anchor, heading, body))
        raw = match.group(2)
        given = _ATTR_ID.search(raw)
        words = _plain_markdown(_ATTR_ID.sub("", raw))
        if len(match.group(1)) == 1 and title is None:
            title = words
        anchor = given.group(1) if given else slugify(words)
        while anchor in used:  # MkDocs numbers a repeated heading's anchor
            anchor = f"{anchor}_1" if "_" not in anchor else anchor + "1"
        used.add(anchor)
        heading, start = words, match.end()
    found.append(SearchSection(anchor, heading, _plain_markdown(text[start:])))
    title = title or name
    return title, [SearchSection(s.anchor, s.title or title, s.text) for s in found
                   if s.text or s.anchor]
