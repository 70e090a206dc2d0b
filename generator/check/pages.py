"""The team's hand-written pages: none runs script, none takes a generated page's address.

A handbook's `docs_dir` holds pages written by hand beside the YAML (an about page, a
policy), and MkDocs publishes whatever lies there: Markdown (whose raw HTML is passed
through), HTML files as they are. They are written by as many people as the content and
read on the same site, so they are held to the same rule: no `<script>`, no inline event
handler (`onerror=`, `onclick=`...), no `javascript:` address. A team that embeds a widget
on purpose lists that file under the plugin's `pages_with_script:` in mkdocs.yml, where a
reviewer sees it; nothing else relaxes the rule (a page has no YAML entry to carry a
`suppress:`). HTML and SVG files in the content folders are read too.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from .. import model as m
from ..diagnostic import Diagnostic
from ..messages import Message, say
from ..settings import Settings
from ..source import MAX_BYTES, display, position

RULE = "page-script"
TAKEN = "page-address"
PAGES = (".md", ".markdown", ".html", ".htm", ".svg")  # what a browser may run script from
IN_CONTENT = (".html", ".htm", ".svg")
_SCRIPT_URL = ("javascript:", "vbscript:")
# A Markdown link or link reference definition whose address is a script.
_MARKDOWN_URL = re.compile(r"(?im)(?:\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:\s*<?)\s*"
                           r"(?P<scheme>javascript|vbscript):")

DOC = m.CheckDoc(RULE, "error", say(f"rule_title_{RULE}"), say(f"rule_doc_{RULE}"))
TAKEN_DOC = m.CheckDoc(TAKEN, "error", say(f"rule_title_{TAKEN}"), say(f"rule_doc_{TAKEN}"))


def taken(settings: Settings, path: Path, generated: str) -> Diagnostic:
    """The error for a hand-written file at the address of `generated`."""
    return Diagnostic(m.Span(display(path, settings.root), 1, 1), "error", TAKEN,
                      say("page_taken", generated=generated),
                      say("page_taken_hint", generated=generated))


class _Scripts(HTMLParser):
    """Where markup would run script: (line, column from 1, what)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, Message]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        if tag == "script":
            self.found.append((line, offset + 1, say("page_script_tag")))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, offset + 1, say("page_script_handler", name=name,
                                                         tag=tag)))
            # Browsers ignore whitespace and control characters inside a scheme.
            address = re.sub(r"[\x00-\x20]", "", html.unescape(value or "")).casefold()
            for scheme in _SCRIPT_URL:
                if scheme in address:
                    self.found.append((line, offset + 1, say(
                        "page_script_address", scheme=scheme, name=name, tag=tag)))

    handle_startendtag = handle_starttag


def _files(settings: Settings) -> Iterator[Path]:
    """The hand-written pages in docs_dir and the HTML files in the content folders, each
    once, without following links (source.links reports those)."""
    dirs = [settings.docs_dir, *(lang.docs_dir for lang in settings.languages)]
    roots: list[tuple[Path, tuple[str, ...]]] = [(d, PAGES) for d in dirs if d is not None]
    every = [lang.content for lang in settings.languages] or [settings.content]
    roots += [(folder, IN_CONTENT) for content in every for folder in content]
    seen: set[Path] = set()
    for top, suffixes in roots:
        if not top.is_dir():
            continue
        for here, folders, names in os.walk(top):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in sorted(names):
                path = Path(here) / name
                if name.endswith(suffixes) and not name.startswith(".") and \
                        not path.is_symlink() and path not in seen:
                    seen.add(path)
                    yield path


def scripts(text: str) -> list[tuple[int, int, Message]]:
    """Where a page's text would run script, and what: in order, each once."""
    parser = _Scripts()
    parser.feed(text)
    parser.close()
    found = parser.found
    for match in _MARKDOWN_URL.finditer(text):
        line, column = position(text, match.start("scheme"))
        found.append((line, column, say("page_script_link",
                                        scheme=match["scheme"].casefold() + ":")))
    return sorted(set(found), key=lambda f: (f[0], f[1], repr(f[2])))


def pages(settings: Settings) -> list[Diagnostic]:
    """Every script in the team's hand-written pages, at its place."""
    allowed = {(settings.root / p).resolve() for p in settings.pages_with_script}
    found: list[Diagnostic] = []
    for path in _files(settings):
        if path.resolve() in allowed:
            continue
        try:
            with path.open("rb") as file:
                text = file.read(MAX_BYTES).decode("utf-8", "replace")
        except OSError:
            continue  # unreadable: MkDocs says so when it copies the file
        shown = display(path, settings.root)
        shown_from_config = os.path.relpath(path, settings.root)
        for line, column, what in scripts(text.replace("\r\n", "\n")):
            found.append(Diagnostic(m.Span(shown, line, column), "error", RULE,
                                    what, say("page_script_hint", path=shown_from_config)))
    return found
