"""A handbook in several languages as one site per language, and what links them.

Each language's site is a whole handbook in its own words, built in `<site_dir>/<code>/`:
its own labels, finder, search language and navigation, as Material wants one language per
site. The site's root is a small page that sends the reader to the language their browser
prefers (the default language without JavaScript) and lists every language, as bilingual
public services do: neither language is the other's sub-folder. Entries are the same entry in
each language by id, and addresses come from ids, so an entry's page has the same path in
every language: Material's language selector (`extra.alternate`) is pointed, page by page,
at the same page in each language, or at a language's home where that language has no such
page (an entry not translated yet).

Pure functions of the languages and the pages: the MkDocs adapter (plugin.py) runs the
builds and hands the links to the theme.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .addresses import url_of
from .settings import Language

INDEX = "index.html"  # the root page that picks a language
SCRIPT = "assets/phrasebook/languages.js"  # in each language's site
# The selector goes to the same page in another language (the build points each link there);
# the entry the reader is at (the address's #anchor) comes along, since an entry has the same
# id, and so the same anchor, in every language. Material's own handler is kept from the
# click: it looks for the page in a sitemap beside each alternate link (none beside ours, which
# name pages) and would then go to the link without its anchor. Only sites in several
# languages have this script, so a site in one language is as it was.
SCRIPT_TEXT = """\
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
  if (!link) return;
  if (location.hash && !link.hash && link.pathname !== location.pathname) {
    link.hash = location.hash;
  }
  event.stopPropagation();
}, true);
"""


def site_url(base: str, code: str) -> str:
    """A language's site address under the handbook's `site_url` ("" when unknown)."""
    return f"{base.rstrip('/')}/{code}/" if base else ""


def home(code: str, directory_urls: bool) -> str:
    """A language's home page, relative to the root of the sites."""
    return f"{code}/" if directory_urls else f"{code}/index.html"


@dataclass(frozen=True, slots=True)
class Sites:
    """The languages and the generated pages of each, to link a page to its translations."""

    languages: tuple[Language, ...]
    pages: Mapping[str, frozenset[str]]  # language code -> its pages' sources, ours and the
    directory_urls: bool                 # team's own

    def alternates(self, src: str, current: str) -> list[dict[str, str]]:
        """Material's `extra.alternate` for page `src` of the `current` language's site:
        links relative to that site's root (the theme makes them relative to the page). A
        page the other language lacks (an entry or a page of its own not translated yet)
        leads to that language's home."""
        path = url_of(src, self.directory_urls)
        if not self.directory_urls and (not path or path.endswith("/")):
            path += "index.html"  # a folder's page, by its file: a site read from disk
        out = []
        for language in self.languages:
            if language.code == current:
                link = path or "./"
            elif src not in self.pages[language.code]:
                link = "../" + home(language.code, self.directory_urls)
            else:
                link = f"../{language.code}/{path}"
            out.append({"name": language.name, "link": link, "lang": language.code})
        return out

    def roots(self) -> list[dict[str, str]]:
        """The selector for pages that are not one of ours (the 404 page): each home."""
        return [{"name": language.name, "lang": language.code,
                 "link": "../" + home(language.code, self.directory_urls)}
                for language in self.languages]


def root_page(languages: Sequence[Language], site_name: str, directory_urls: bool) -> str:
    """The page at the root of the sites: it goes to the first language the browser asks
    for that the handbook has (by its code, then by its main language: a `fr-CA` browser
    reads `fr`), else to the default language, which is also where it goes without
    JavaScript; and it lists every language for anyone it did not send on."""
    default = languages[0]
    homes = {language.code: home(language.code, directory_urls) for language in languages}
    script = json.dumps(homes, ensure_ascii=False).replace("<", "\\u003c")
    title = " · ".join(dict.fromkeys(language.site_name or site_name for language in languages))
    alternates = "".join(
        f'<link rel="alternate" hreflang="{html.escape(code)}" href="{html.escape(url)}">'
        for code, url in homes.items())
    links = "".join(
        f'<li><a href="{html.escape(homes[language.code])}" hreflang="{html.escape(language.code)}"'
        f' lang="{html.escape(language.code)}">{html.escape(language.site_name or site_name)}'
        f" · {html.escape(language.name)}</a></li>"
        for language in languages)
    return (
        f'<!doctype html>\n<html lang="{html.escape(default.code)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n{alternates}\n"
        f'<link rel="alternate" hreflang="x-default" href="{html.escape(homes[default.code])}">\n'
        f"<script>(function () {{\n  var homes = {script};\n"
        "  var codes = Object.keys(homes);\n"
        "  var asked = navigator.languages || [navigator.language || \"\"];\n"
        "  function main(tag) { return String(tag).toLowerCase().split(\"-\")[0]; }\n"
        "  for (var i = 0; i < asked.length; i++) {\n"
        "    var tag = String(asked[i]).toLowerCase();\n"
        "    var found = codes.filter(function (c) { return c.toLowerCase() === tag; })[0] ||\n"
        "      codes.filter(function (c) { return main(c) === main(tag); })[0];\n"
        "    if (found) { location.replace(homes[found]); return; }\n"
        "  }\n"
        f"  location.replace(homes[{json.dumps(default.code)}]);\n"
        "})();</script>\n"
        f'<noscript><meta http-equiv="refresh" content="0; url={html.escape(homes[default.code])}">'
        "</noscript>\n"
        "<style>body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:32rem;"
        "padding:0 1rem;line-height:1.6}a{display:block;padding:.5rem 0}</style>\n"
        f"</head>\n<body>\n<ul>{links}</ul>\n</body>\n</html>\n")
