"""Material's navigation, made once for the pages it does not list, not once per page.

A big handbook's situation and example pages are reached from their index pages, not the
navigation, and for such a page Material's `partials/nav.html` is the same HTML wherever the
page sits among its siblings: no item is active, and every link is relative to the page's
folder, which siblings share (`phrasebook/a/` and `phrasebook/b/` reach `method/` alike).
Made again for each of them it was a sixth of the build at 10,000 phrases. Pages the
navigation lists, and a team's own `partials/nav.html` (which may read the page), are made as
before: only Material's own partial is shared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2

NAV = "partials/nav.html"
ORIGINAL = "phrasebook-material/partials/nav.html"
# Made once per key (see `SharedNav.key`) and then written as it was made.
WRAPPER = (
    '{%- set key = phrasebook_nav_key(page) -%}'
    '{%- if key is none -%}{% include "' + ORIGINAL + '" %}'
    '{%- elif key in phrasebook_navs -%}{{ phrasebook_navs[key] }}'
    '{%- else -%}{%- set made %}{% include "' + ORIGINAL + '" %}{% endset -%}'
    '{{ phrasebook_navs.setdefault(key, made) }}{%- endif -%}'
)


def _parts(url: str) -> tuple[str, ...]:
    """The folder a page's links are relative to, as MkDocs' `url` filter works it out."""
    folder, _, last = url.rpartition("/")
    return tuple(p for p in (folder if "." in last else url).split("/") if p)


class SharedNav(jinja2.BaseLoader):
    """The theme's loader, with Material's navigation partial wrapped to be made once per
    folder for pages the navigation does not list."""

    def __init__(self, inner: jinja2.BaseLoader, material: Path,
                 listed: Iterable[Any]) -> None:
        self.inner = inner
        self.material = material.resolve()
        self.listed = {id(page) for page in listed}
        self.holding = {_parts(page.url)[:n] for page in listed
                        for n in range(len(_parts(page.url)) + 1)}
        self.made: dict[tuple[str, ...], str] = {}

    def key(self, page: Any) -> tuple[str, ...] | None:
        """The pages with the same key have the same navigation; None: made for this page."""
        if page is None or id(page) in self.listed:
            return None
        here = _parts(page.url)
        if not (page.url.endswith("/") and here):
            return here  # pages side by side in one folder: their links read the same
        # Directory URLs give each page a folder of its own, and siblings share its parent,
        # unless a listed page lies inside this page's folder (it is linked to differently).
        return None if here in self.holding else ("/", *here[:-1])

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template == ORIGINAL:
            return self.inner.get_source(environment, NAV)
        source = self.inner.get_source(environment, template)
        if template == NAV and source[1] and self.material in Path(source[1]).resolve().parents:
            return WRAPPER, None, lambda: True
        return source

    def install(self, env: jinja2.Environment) -> None:
        env.loader = self
        env.globals["phrasebook_nav_key"] = self.key
        env.globals["phrasebook_navs"] = self.made
