"""The site's files that are not pages: the finder's index, the scripts' messages, and a
small page at each renamed entry's old address."""

from __future__ import annotations

import json

from .. import model as m
from ..addresses import FINDER, entry_url, home_of, relative, src_of, url_of
from ..finder import parts as finder_parts
from ..finder.index import finder_index
from ..labels import Labels
from .context import template
from .page import Options

# The labels phrasebook.js shows: the finder's messages and the copy buttons' announcements.
SCRIPT_LABELS = ("copy", "finder_found", "finder_partial", "finder_status", "finder_showing",
                 "finder_none", "finder_failed", "link_copied", "phrase_copied", "copy_failed",
                 "fill_in", "reply_copy_aria", "reply_instead", "reply_open", "reply_found",
                 "reply_clean", "reply_too_long", "reply_failed",
                 "finder_corrected", "finder_others", "finder_group", "finder_kind_example",
                 "finder_kind_situation", "finder_kind_lesson",
                 "quiz_choose", "quiz_right", "quiz_wrong", "quiz_failed")


def script_messages(labels: Labels) -> str:
    """The script's labels from the same catalog as the pages, loaded before it: the finder
    speaks the site's language with no second translation to keep in step."""
    data = {"language": labels.language, "labels": labels.for_script(SCRIPT_LABELS)}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return f"window.phrasebookMessages = {text};\n"


def files(handbook: m.Handbook, options: Options) -> dict[str, str | bytes]:
    """Every file of this module's kind, by its path in the site."""
    found: dict[str, str | bytes] = {
        f"{FINDER}/{name}": data for name, data in phrase_index(handbook, options).items()}
    found[f"{FINDER}/messages.js"] = script_messages(options.labels)
    found.update(redirects(handbook, options))
    return found


def phrase_index(handbook: m.Handbook, options: Options) -> dict[str, str | bytes]:
    """The phrase finder's index (finder/index.py), with this site's addresses: its files by
    path in the folder FINDER."""

    def locate(kind: str, id: str) -> str:
        return entry_url(handbook, kind, id, options.use_directory_urls)

    return finder_parts.files(finder_index(handbook, locate, home_of, options.labels.language))


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

