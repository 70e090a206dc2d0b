"""The pages for whoever writes the handbook: how to write it (Writing content), every field
(Field reference, generated from the model), every rule (Checker rules). Built only when a
site asks, so a team's reps never meet them uninvited."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .. import model as m
from ..addresses import relative, url_of
from ..reference import reference_html
from . import markup
from .context import Maker
from .page import TAGS, Page


def pages(make: Maker, checks: Sequence[m.CheckDoc]) -> list[Page]:
    if not make.options.author_pages:
        return []
    guide, reference = writing_guide(make.options.use_directory_urls), reference_html()
    made = [Page("writing-content.md", make.text("writing_content"), lambda: guide, boost=0.5),
            Page("reference.md", make.text("reference"), lambda: reference, boost=0.5)]
    if checks:
        made.append(make.page("checks.md", "checks.html", make.text("checks"), checks=checks))
    return made


_GUIDE = Path(__file__).parent.parent / "authoring" / "writing-content.md"
_H1_H2 = re.compile(r"<h([12])>(.*?)</h\1>")
_PAGE_LINK = re.compile(r'href="([a-z-]+\.md)"')


def writing_guide(directory_urls: bool) -> str:
    """The Writing content page, from the Markdown shipped with the package. Its examples
    are neutral, not any one handbook's, since every team's site may show it."""
    body = markup.block(_GUIDE.read_text(encoding="utf-8"))
    body = _H1_H2.sub(lambda h: f'<h{h.group(1)} id="{_anchor(h.group(2))}">{h.group(2)}'
                      f"</h{h.group(1)}>", body)
    return _PAGE_LINK.sub(lambda link: 'href="' + relative(
        "writing-content.md", url_of(link.group(1), directory_urls), directory_urls) + '"',
        body)


def _anchor(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", TAGS.sub("", heading).casefold()).strip("-") or "section"

