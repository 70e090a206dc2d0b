"""Role-play cards: one printed page per role-play, for the trainee who plays the customer and
the one who observes (the rep gets only the situation, so nothing on the card is for them).

The customer's half is the author's brief; the observer's half is made here from the method's
steps and the phrases the situation's own phrases avoid (the same list a desk card prints),
so when the handbook changes, the checklist changes with it. Like desk cards, the styles keep
a card to one sheet of A4 or US Letter however much is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from ..addresses import ROLEPLAYS, src_of
from .context import Maker
from .desk import card as desk_card
from .page import Page


@dataclass(frozen=True, slots=True)
class Card:
    roleplay: m.RolePlay
    situation: m.Situation
    steps: tuple[m.Step, ...]  # the observer ticks each step the rep took
    required: frozenset[str]  # the steps the situation's model examples must show
    avoid: tuple[m.Avoid, ...]  # the observer ticks any of these the rep said


def card(make: Maker, roleplay: m.RolePlay) -> Card:
    h = make.handbook
    situation = h.index["situation"][roleplay.situation]
    assert isinstance(situation, m.Situation)
    avoid = desk_card(h, situation, make.index.phrases_by_situation).avoid
    return Card(roleplay, situation, h.steps, frozenset(situation.example_steps), avoid)


def pages(make: Maker) -> list[Page]:
    """A card per role-play, and one page that prints them all, a card a sheet."""
    h = make.handbook
    if not h.roleplays:
        return []
    made = [card(make, r) for r in h.roleplays]
    return [*(make.page(src_of(h, "roleplay", c.roleplay.id)[0], "roleplay.html",
                        make.text("roleplay_title", title=c.roleplay.title), card=c)
              for c in made),
            make.page(ROLEPLAYS, "roleplays.html", make.text("roleplays_title"),
                      make.text("roleplays_intro"), cards=made)]
