"""Where everything lives on the site: the one place addresses are decided.

The pages (render/) and every export read the same answers here, so a link written by the
Markdown export, a CSV row or a Zendesk macro points where the site put the entry. URLs come
from ids, never from titles, so a trainer's link survives a retitle: `method/<step>/`,
`phrasebook/<situation>/#<phrase>`, `examples/<example>/`, `lessons/<lesson>/`,
`roleplays/<role-play>/`.
"""

from __future__ import annotations

from . import model as m

FINDER = "assets/phrasebook"  # the finder's head (phrases.json) and its parts' folder
REPLY = "reply/index.md"  # the reply checker's page
REPLY_TABLE = "assets/phrasebook/avoided.json"  # the avoided phrases it reads
DESK = "cards/index.md"  # every desk card, to print
ROLEPLAYS = "roleplays/index.md"  # every role-play card, to print
QUIZZES = "quizzes/index.md"  # every quiz and its key
GOODWILL = "goodwill/index.md"  # what each level may give
# Forms to fill in (an exception, a process gap). Not `templates/`: MkDocs leaves that folder
# of docs_dir out of every site (its default exclude_docs).
TEMPLATES = "forms/index.md"


def key_of(quiz: str) -> str:
    """A quiz's answer key: its own page, so the quiz page holds no answer, at the same depth
    as the quiz, so a link in an explanation reads the same from either page."""
    return f"quiz-keys/{quiz}.md"
CHANGES = "changes/index.md"  # what changed


def src_of(handbook: m.Handbook, kind: str, id: str) -> tuple[str, str]:
    """The page and anchor of an entry."""
    if kind == "phrase":
        phrase = handbook.index["phrase"][id]
        assert isinstance(phrase, m.Phrase)
        return phrase_src(phrase)
    page, anchored = _PAGES[kind]
    return (page, id) if anchored else (page.format(id), "")


# Where each kind of entry but a phrase lives: a page of its own (named by its id), or an
# anchor (its id) on a page it shares.
_PAGES = {
    "step": ("method/{}.md", False),
    "situation": ("phrasebook/{}.md", False),
    "example": ("examples/{}.md", False),
    "lesson": ("lessons/{}.md", False),
    "roleplay": ("roleplays/{}.md", False),
    "quiz": ("quizzes/{}.md", False),
    "scorecard": ("scorecards/{}.md", False),
    "goodwill": (GOODWILL, True),
    "template": (TEMPLATES, True),
    "rule": ("method/index.md", True),
    "source": ("sources/index.md", True),
    "statistic": ("sources/statistics.md", True),
    "decision": ("sources/decisions.md", True),
    "framework": ("method/crosswalk.md", True),
}


def phrase_src(phrase: m.Phrase) -> tuple[str, str]:
    """The page and anchor of a phrase."""
    return f"phrasebook/{home_of(phrase)}.md", phrase.id


def home_of(phrase: m.Phrase) -> str:
    """A phrase lives on the page of its first situation; others show a copy."""
    return phrase.situations[0]


def url_of(src: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site root."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/" if directory_urls else f"{stem}.html"


def entry_url(handbook: m.Handbook, kind: str, id: str, directory_urls: bool) -> str:
    """An entry's URL with its anchor, relative to the site root."""
    page, anchor = src_of(handbook, kind, id)
    return url_of(page, directory_urls) + (f"#{anchor}" if anchor else "")


def absolute(url: str, site_url: str) -> str:
    """A URL relative to the site root made absolute when the site's address is known."""
    return site_url.rstrip("/") + "/" + url if site_url else url


def relative(from_src: str, to_url: str, directory_urls: bool) -> str:
    """A link from page `from_src` to `to_url` (relative to the site root) that works
    wherever the site is served: up to the root, then down. Cheap, so it can be called for
    every link of a 10,000-phrase handbook."""
    if to_url.startswith("#"):
        return to_url
    return "../" * url_of(from_src, directory_urls).count("/") + to_url or "./"
