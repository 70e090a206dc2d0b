"""The pages for whoever writes the handbook: how to write it (Writing content), every field
(Field reference, generated from the model), every rule (Checker rules). Built only when a
site asks, so a team's reps never meet them uninvited."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .. import model as m
from ..addresses import relative, url_of
from ..diagnostic import SEVERITY
from ..reference import reference_html
from . import markup
from .context import Maker
from .page import TAGS, Page


def pages(make: Maker, checks: Sequence[m.CheckDoc]) -> list[Page]:
    if not make.options.author_pages:
        return []
    guide = writing_guide(make.options.use_directory_urls, make.options.labels.language)
    reference = reference_html(make.options.labels, markup.inline)
    made = [Page("writing-content.md", make.text("writing_content"), lambda: guide, boost=0.5),
            Page("reference.md", make.text("reference"), lambda: reference, boost=0.5)]
    if checks:
        labels = make.options.labels
        shown = [{"id": c.id, "severity": labels.say(SEVERITY[c.severity]),
                  "title": labels.say(c.title), "doc": labels.say(c.doc)} for c in checks]
        made.append(make.page("checks.md", "checks.html", make.text("checks"), checks=shown))
    return made


_GUIDES = Path(__file__).parent.parent / "authoring"
_H1_H2 = re.compile(r"<h([12])>(.*?)</h\1>")
_PAGE_LINK = re.compile(r'href="([a-z-]+\.md)"')


def guide_file(language: str) -> Path:
    """The Writing content page's Markdown in `language` (`writing-content.de.md` for `de`
    and `de-CH`), English (`writing-content.md`) where there is none."""
    base = language.replace("_", "-").split("-")[0].lower()
    translated = _GUIDES / f"writing-content.{base}.md"
    return translated if base != "en" and translated.is_file() else \
        _GUIDES / "writing-content.md"


def writing_guide(directory_urls: bool, language: str = "en") -> str:
    """The Writing content page, from the Markdown shipped with the package, in the site's
    language. Its examples are neutral, not any one handbook's, since every team's site may
    show it; each translation is written for its readers, not word for word, and is kept
    to the English one's sections and examples when the format changes."""
    body = markup.block(guide_file(language).read_text(encoding="utf-8"))
    body = _H1_H2.sub(lambda h: f'<h{h.group(1)} id="{_anchor(h.group(2))}">{h.group(2)}'
                      f"</h{h.group(1)}>", body)
    return _PAGE_LINK.sub(lambda link: 'href="' + relative(
        "writing-content.md", url_of(link.group(1), directory_urls), directory_urls) + '"',
        body)


def _anchor(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", TAGS.sub("", heading).casefold()).strip("-") or "section"

