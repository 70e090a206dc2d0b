"""Desk cards: one printed page per situation, to keep beside the keyboard.

A card holds the method as a strip of numbered steps, the best phrase for each step in that
situation (the first the handbook lists for it: authors order phrases best first), what to
avoid, and the address of the situation's page for everything else. The renderer lays it out;
the styles keep it to one sheet of A4 or US Letter however much the handbook says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .. import model as m
from ..addresses import DESK, absolute, src_of, url_of
from ..normalize import key
from .context import Maker
from .page import Page


@dataclass(frozen=True, slots=True)
class Row:
    """One step of the method on a card, with the phrase to use for it, if there is one."""

    number: int
    step: str  # its id: the card shows only the step's title, which it looks up (reads.py),
    # so a reworded goal leaves every desk card as it was
    phrase: m.Phrase | None


@dataclass(frozen=True, slots=True)
class Card:
    situation: m.Situation
    rows: tuple[Row, ...]
    avoid: tuple[m.Avoid, ...]  # every avoided phrase of the card's phrases, once each

    @property
    def phrases(self) -> int:
        return sum(row.phrase is not None for row in self.rows)


def card(handbook: m.Handbook, situation: m.Situation,
         phrases_by_situation: Mapping[str, Sequence[m.Phrase]]) -> Card:
    """The card of one situation: for each step, its first phrase for the situation."""
    best: dict[str, m.Phrase] = {}
    for phrase in phrases_by_situation.get(situation.id, ()):
        best.setdefault(phrase.step, phrase)
    rows = tuple(Row(n, step.id, best.get(step.id)) for n, step in enumerate(handbook.steps, 1))
    seen: set[tuple[str, ...]] = set()
    avoid: list[m.Avoid] = []
    for phrase in phrases_by_situation.get(situation.id, ()):
        for item in phrase.avoid:
            if key(item.text) not in seen:
                seen.add(key(item.text))
                avoid.append(item)
    return Card(situation, rows, tuple(avoid))


def pages(make: Maker) -> list[Page]:
    """A desk card per situation that has phrases, and one page that prints them all."""
    h, options = make.handbook, make.options
    made = [card(h, s, make.index.phrases_by_situation) for s in h.situations]
    made = [c for c in made if c.phrases]
    if not made:
        return []
    addresses = {c.situation.id: absolute(url_of(src_of(h, "situation", c.situation.id)[0],
                                                 options.use_directory_urls), options.site_url)
                 for c in made}
    return [*(make.page(f"cards/{c.situation.id}.md", "desk.html",
                        make.text("desk_title", title=c.situation.title), card=c,
                        address=addresses[c.situation.id]) for c in made),
            make.page(DESK, "desk-all.html", make.text("desk_all_title"),
                      make.text("desk_description"), cards=made, addresses=addresses)]
