"""Markdown in content fields as one parser reads it: the loader's reference check and the
renderer must see the same links.

A link to an entry (`[the wrong item](example:wrong-item)`) is checked when the content is
loaded and resolved when a page is made. CommonMark writes a link in many ways: inline,
reference-style (`[x][r]` with `[r]: phrase:id`), collapsed and shortcut references,
autolinks (`<phrase:id>`), a destination in angle brackets, with entities or backslash
escapes. A pattern that knows one of them lets the others through to the renderer, which then
meets an id nothing checked. So both read the tokens of the same markdown-it parser:
`parser()` is the one configuration, and `entry_links` walks the links it finds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .model import KINDS


def parser() -> MarkdownIt:
    """CommonMark with strikethrough, no raw HTML and no images: what content may write."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("strikethrough")
    md.disable("image")  # a handbook's images belong in hand-written pages, not in phrases
    return md


_MD = parser()


def entry_target(href: str) -> tuple[str, str] | None:
    """(kind, id) when a link's address names an entry (`phrase:calm-voice`)."""
    scheme, _, target = href.partition(":")
    return (scheme, target) if scheme in KINDS and target else None


def _walk(tokens: Sequence[Token]) -> Iterator[tuple[str, str]]:
    for token in tokens:
        if token.children:
            yield from _walk(token.children)
        if token.type == "link_open":
            found = entry_target(str(token.attrGet("href") or ""))
            if found is not None:
                yield found


def entry_links(text: str) -> Iterator[tuple[str, str]]:
    """Every (kind, id) a Markdown text links to, in any of CommonMark's ways of linking.
    Every link holds `[` or `<` (an address may spell its `:` as an entity), so most texts
    are skipped without parsing."""
    if "[" in text or "<" in text:
        yield from _walk(_MD.parse(text, {}))
