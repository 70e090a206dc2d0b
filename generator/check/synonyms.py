"""A team's synonyms are content like any other: a set the finder cannot use, or two that
pull one word two ways, is an error at its place, not a search that quietly does less."""

from __future__ import annotations

from collections.abc import Iterator

from .. import model as m
from ..finder.words import reader_for
from .core import Context, Finding, finding, quote, rule


def folded(text: str, language: str) -> str:
    """A word or words as the finder compares them (no accents, one spelling, lower case):
    "Rendez-vous" and "rendez vous" are the same entry to it."""
    return " ".join(word for word, _ in reader_for(language).words(text))


@rule("synonyms", "error", "Synonyms are sets the finder can use")
def synonyms(c: Context) -> Iterator[Finding]:
    """A synonym entry is either `same:` (two words or more that find one another) or `typed:`
    with `means:` (what reps type, and the words it finds). A set of one word, an expansion
    that finds only the word typed, or a word in two entries that disagree (two different
    `same` sets, or two meanings of one typed word) cannot be read one way: merge the sets,
    or keep one meaning."""
    language = c.settings.language
    seen: dict[str, tuple[tuple[str, ...], m.Span]] = {}  # word -> what it finds, and where

    def claim(word: str, finds: tuple[str, ...], at: m.Span) -> Iterator[Finding]:
        earlier = seen.get(word)
        if earlier is None:
            seen[word] = (finds, at)
        elif earlier[0] != finds:
            yield finding(None, "synonyms", at,
                          f"{quote(word)} is already in another synonym entry that finds "
                          f"other words ({', '.join(map(quote, earlier[0]))})",
                          "merge the two entries into one, or take the word out of one",
                          earlier[1])

    for entry in c.handbook.synonyms:
        if entry.same and (entry.typed is not None or entry.means):
            yield finding(None, "synonyms", entry.at,
                          "a synonym entry has both `same:` and `typed:`/`means:`",
                          "split it in two: `same:` for words that find one another, "
                          "`typed:` with `means:` for one way")
            continue
        if entry.same:
            words = [folded(w, language) for w in entry.same]
            distinct = tuple(sorted(set(filter(None, words))))
            if len(distinct) < 2:
                yield finding(None, "synonyms", entry.where("same"),
                              "a `same:` set needs two different words or more",
                              "add the words that mean the same, or remove the set")
                continue
            for i, word in enumerate(words):
                if word and word in words[:i]:
                    yield finding(None, "synonyms", entry.where(f"same.{i}"),
                                  f"{quote(entry.same[i])} is already in this set",
                                  "remove the repeated word")
                elif word:
                    yield from claim(word, distinct, entry.where(f"same.{i}"))
            continue
        if entry.typed is None or not entry.means:
            yield finding(None, "synonyms", entry.at,
                          "a synonym entry needs `same:`, or `typed:` with `means:`",
                          "write `same: [parcel, package]`, or `typed: rdv` and "
                          "`means: [rendez-vous]`")
            continue
        typed = folded(entry.typed, language)
        means = tuple(sorted({folded(w, language) for w in entry.means} - {"", typed}))
        if not typed or not means:
            yield finding(None, "synonyms", entry.where("means"),
                          f"`means:` finds nothing that {quote(entry.typed)} does not "
                          "find already",
                          "name the words the handbook uses for it, or remove the entry")
            continue
        yield from claim(typed, ("=>", *means), entry.where("typed"))
