"""Markdown inside content fields, rendered safely with markdown-it-py.

Authors write short Markdown in text fields. It is data, not code: raw HTML is escaped, and
links may only be web addresses, page-relative paths or references to entries
(`[the wrong item](example:wrong-item)`), which become links that survive a retitle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from ..links import entry_target, parser

# `kind:id` link targets resolve to entries; anything else with a scheme must be the web.
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
Resolve = Callable[[str, str], str]


def _resolve_links(tokens: Sequence[Token], env: EnvType) -> None:
    resolve: Resolve | None = env.get("resolve")
    for token in tokens:
        if token.type == "inline" and token.children:
            _resolve_links(token.children, env)
        if token.type != "link_open":
            continue
        href = str(token.attrGet("href") or "")
        entry = entry_target(href)  # as the loader's reference check reads it (links.py)
        if entry is not None and resolve is not None:
            token.attrSet("href", resolve(*entry))
        elif ":" in href.split("/")[0] and not href.lower().startswith(SAFE_SCHEMES):
            token.attrSet("href", "#")  # an unknown scheme is never followed


def _link_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    href = str(tokens[idx].attrGet("href") or "")
    if href.startswith(("http:", "https:")):
        tokens[idx].attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


def _parser() -> MarkdownIt:
    md = parser()  # the loader reads links with the same parser
    md.add_render_rule("link_open", _link_open)
    md.core.ruler.push("phrasebook_links", lambda state: _resolve_links(state.tokens, state.env))
    return md


_MD = _parser()


# Most fields are one plain sentence: a letter first, then nothing Markdown gives a meaning
# to (no emphasis, link, code, escape, entity or HTML characters, no line break) and no space
# at the end. Their HTML is known without parsing: markdown-it only escapes the quotes. This
# skips the parser for most of a large handbook's text; tests/test_markup.py holds the two
# ways to the same output for any such text.
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;:?'\"()%$/+=-]*(?<! )")


def _plain_html(text: str) -> str:
    return text.replace('"', "&quot;")


def block(text: str, resolve: Resolve | None = None) -> str:
    """Paragraphs, lists and emphasis, as HTML."""
    if PLAIN.fullmatch(text):
        return f"<p>{_plain_html(text)}</p>\n"
    env: dict[str, Any] = {"resolve": resolve}
    return str(_MD.render(text, env))


def inline(text: str, resolve: Resolve | None = None) -> str:
    """One line of emphasis and links, as HTML without a paragraph around it."""
    if PLAIN.fullmatch(text):
        return _plain_html(text)
    env: dict[str, Any] = {"resolve": resolve}
    return str(_MD.renderInline(text, env))


def escaped_texts(value: Any, escape: Callable[[str], str]) -> Any:
    """Every text of a value read from mkdocs.yml (`extra` is a tree of them) escaped for
    HTML: themes insert site_description, copyright and extra's texts as they are."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, Mapping):
        return {key: escaped_texts(item, escape) for key, item in value.items()}
    if isinstance(value, list):
        return [escaped_texts(item, escape) for item in value]
    return value
