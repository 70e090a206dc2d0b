"""A team's synonyms, applied where the handbook's text is read rather than to the rep's
query: a row that says "parcel" also holds "package" and "delivery", at a lower weight than
its own words. The worker then needs nothing more than it has (no second round of look-ups
per query word), every synonym is in the vocabulary (so "packge" is corrected to it) and its
stem is known (so "packages" finds it).

Words are compared by their stems, so "parcels" in a phrase is "parcel" of the set. A set's
member may be several words ("customer service"): a row holds it when the words follow one
another in one field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .. import model as m
from .words import Reader

# A row's words as (folded word, stem) pairs -> the (word, stem) pairs its synonyms add.
Expand = Callable[[Sequence[tuple[str, str]]], set[tuple[str, str]]]


def expander(reader: Reader, entries: Iterable[m.SynonymSet]) -> Expand | None:
    """What a text's words add through the synonyms; None when there are none. Entries are
    taken as the checker lets them through (synonyms.py in check/): anything else is left
    out rather than guessed at."""
    # first stem of a member -> [(the member's stems, the words it adds)]
    rules: dict[str, list[tuple[tuple[str, ...], tuple[tuple[str, str], ...]]]] = {}

    def pairs(text: str) -> tuple[tuple[str, str], ...]:
        return tuple(reader.words(text))

    def add(member: tuple[tuple[str, str], ...], adds: Iterable[tuple[str, str]]) -> None:
        if member:
            stems = tuple(stem for _, stem in member)
            rules.setdefault(stems[0], []).append(
                (stems, tuple(dict.fromkeys(p for p in adds if p not in member))))

    for entry in entries:
        if entry.same and entry.typed is None and not entry.means:
            members = [pairs(text) for text in entry.same]
            for n, member in enumerate(members):
                add(member, (p for k, other in enumerate(members) if k != n for p in other))
        elif entry.typed and entry.means and not entry.same:
            typed = pairs(entry.typed)
            for text in entry.means:
                add(pairs(text), typed)
    if not rules:
        return None

    def expand(words: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        stems = [stem for _, stem in words]
        for n, stem in enumerate(stems):
            for member, adds in rules.get(stem, ()):
                if tuple(stems[n:n + len(member)]) == member:
                    found.update(adds)
        return found

    return expand
