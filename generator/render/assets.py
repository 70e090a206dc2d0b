"""The site's files that are not pages: the finder's index, the scripts' messages, and a
small page at each renamed entry's old address."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .. import model as m
from ..addresses import FINDER, entry_url, home_of, relative, src_of, url_of
from ..finder import parts as finder_parts
from ..finder.index import Kept, Section, finder_index
from ..labels import Labels
from . import reads
from .context import template
from .page import Options, Page
from .reads import Key, World
from .search import markdown_sections, search_sections

# The labels phrasebook.js shows: the finder's messages and the copy buttons' announcements.
SCRIPT_LABELS = ("copy", "finder_found", "finder_partial", "finder_status", "finder_showing",
                 "finder_none", "finder_failed", "link_copied", "phrase_copied", "copy_failed",
                 "fill_in", "reply_copy_aria", "reply_instead", "reply_open", "reply_found",
                 "reply_clean", "reply_too_long", "reply_failed",
                 "finder_corrected", "finder_others", "finder_group",
                 "quiz_choose", "quiz_right", "quiz_wrong", "quiz_failed")
KIND_LABELS = "finder_kind_"  # finder_kind_<kind>: each kind of entry's name in the list


def script_messages(labels: Labels) -> str:
    """The script's labels from the same catalog as the pages, loaded before it: the finder
    speaks the site's language with no second translation to keep in step."""
    kinds = tuple(key for key in labels.forms if key.startswith(KIND_LABELS))
    data = {"language": labels.language, "labels": labels.for_script((*SCRIPT_LABELS, *kinds))}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return f"window.phrasebookMessages = {text};\n"


def files(handbook: m.Handbook, options: Options, pages: Sequence[Page] = (),
          hand_written: Mapping[str, str] = {}, resident: dict[Any, Any] | None = None,
          world: World | None = None, made: dict[str, Any] | None = None
          ) -> dict[str, str | bytes]:
    """Every file of this module's kind, by its path in the site. `pages` and
    `hand_written` (a team's own Markdown pages, by path) are searched beside the entries;
    the pages made for it are put in `made` (Site.made). `resident`: what `phrasebook serve`
    keeps from one build to the next, with `world`, what the pages are made from."""
    sections = list(finder_sections(
        handbook, options, pages, hand_written, {} if made is None else made,
        None if resident is None or world is None else resident.setdefault(
            ("sections", options.labels.language, options.use_directory_urls), Sections()),
        world))
    kept = None if resident is None else resident.setdefault(
        ("finder", options.labels.language, options.use_directory_urls), Kept())
    found: dict[str, str | bytes] = {
        f"{FINDER}/{name}": data
        for name, data in phrase_index(handbook, options, sections, kept).items()}
    found[f"{FINDER}/messages.js"] = script_messages(options.labels)
    found.update(redirects(handbook, options))
    return found


def phrase_index(handbook: m.Handbook, options: Options, sections: Sequence[Section] = (),
                 kept: Kept | None = None) -> dict[str, str | bytes]:
    """The phrase finder's index (finder/index.py), with this site's addresses: its files by
    path in the folder FINDER. `kept`: what serve kept of the last one."""

    def locate(kind: str, id: str) -> str | None:
        try:
            return entry_url(handbook, kind, id, options.use_directory_urls)
        except KeyError:  # a kind the site gives no page: not findable on its own
            return None

    return finder_parts.files(
        finder_index(handbook, locate, home_of, options.labels.language, sections, kept),
        kept=kept.parts if kept is not None else None)


class Sections:
    """The sections `phrasebook serve` found in each page at the last build, with what the
    page read then (render/reads.py): a page none of whose reads a save changed is the page
    it was, and is not made again to be cut into sections."""

    def __init__(self) -> None:
        self.world: World | None = None
        self.pages: dict[str, tuple[Mapping[str, Any], frozenset[Key], list[Section]]] = {}


def finder_sections(handbook: m.Handbook, options: Options, pages: Sequence[Page],
                    hand_written: Mapping[str, str], made: dict[str, Any],
                    kept: Sections | None = None, world: World | None = None
                    ) -> Iterator[Section]:
    """The parts of pages that are no entry's, as Material's search would have found them:
    generated pages other than an entry's own (the home page, the author pages...) cut at
    their headings, less the sections an entry's row finds already, and a team's own pages.
    A page kept out of search (`boost` 0: desk cards, what changed) stays out. Each page made
    for it is put in `made` (Site.made), so that it is not made a second time."""
    own_pages, anchored = set(), set()
    for kind in handbook.index:
        for id in handbook.index[kind]:
            try:
                src, anchor = src_of(handbook, kind, id)
            except KeyError:
                continue
            if anchor:
                anchored.add((src, anchor))
            else:
                own_pages.add(src)
    directory = options.use_directory_urls
    differs = (reads.comparer(kept.world, world)
               if kept is not None and kept.world is not None and world is not None else None)
    found: dict[str, tuple[Mapping[str, Any], frozenset[Key], list[Section]]] = {}
    for page in pages:
        if not page.boost or page.src in own_pages or page.src in hand_written:
            continue
        last = kept.pages.get(page.src) if kept is not None else None
        if (last is not None and differs is not None and last[0] == page.inputs
                and not differs(last[1])):
            sections = last[2]
        else:
            noted: set[Key] | None = None
            if kept is not None and page.tracked is not None:
                noted = set()
                body = page.tracked(noted)
            else:
                body = page.html
            made[page.src] = (body, None if noted is None else frozenset(noted))
            url = url_of(page.src, directory)
            sections = [Section(url + (f"#{s.anchor}" if s.anchor else ""),
                                html.unescape(s.title), page.title, html.unescape(s.text))
                        for s in search_sections(page, body)
                        if (page.src, s.anchor) not in anchored]
            last = None if noted is None else (page.inputs, frozenset(noted), sections)
        if last is not None:
            found[page.src] = last
        yield from sections
    if kept is not None:
        kept.world, kept.pages = world, found
    for src, text in sorted(hand_written.items()):
        title, found_there = markdown_sections(src.removesuffix(".md"), text)
        url = url_of(src, directory)
        for s in found_there:
            yield Section(url + (f"#{s.anchor}" if s.anchor else ""), s.title, title, s.text)


def redirects(handbook: m.Handbook, options: Options) -> dict[str, str]:
    """A small page at each renamed entry's old address that forwards to the new one."""
    out: dict[str, str] = {}
    for kind in ("step", "situation", "example", "lesson"):
        for entry in handbook.entries(kind):
            for alias in getattr(entry, "aliases", ()):
                old, _ = src_of(handbook, kind, alias)
                new, _ = src_of(handbook, kind, entry.id)
                old_url = url_of(old, options.use_directory_urls)
                path = old_url + "index.html" if old_url.endswith("/") else old_url
                target = relative(old, url_of(new, options.use_directory_urls),
                                  options.use_directory_urls)
                out[path] = template("redirect.html").render(
                    target=target, t=options.labels.html, lang=options.labels.language)
    return out

