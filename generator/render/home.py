"""The home page, and the words the finder suggests typing (its placeholder)."""

from __future__ import annotations

from .. import model as m
from ..labels import Labels
from .context import Maker
from .page import Page


def pages(make: Maker) -> list[Page]:
    return [make.page("index.md", "home.html", make.options.site_name,
                      make.text("home_description"), examples=typing_examples(make.handbook))]


def typing_examples(handbook: m.Handbook, count: int = 4) -> tuple[str, ...]:
    """What a rep might type, from the team's own situations: each one's first keyword,
    or its title when it has none, in the handbook's order. They find something by
    construction, whatever the handbook's language or trade."""
    words: list[str] = []
    for situation in handbook.situations:
        word = situation.keywords[0] if situation.keywords else situation.title
        if word.casefold() not in (w.casefold() for w in words):
            words.append(word)
        if len(words) == count:
            break
    return tuple(words)


def finder_placeholder(handbook: m.Handbook, labels: Labels) -> str:
    """The finder's placeholder: a team's own (`labels: {finder_placeholder: ...}`) or the
    catalog's, filled with words from the team's situations."""
    return labels.text("finder_placeholder", examples=", ".join(typing_examples(handbook)))
