"""A team's synonyms are content like any other: a set the finder cannot use, or two that
pull one word two ways, is an error at its place, not a search that quietly does less."""

from __future__ import annotations

from collections.abc import Iterator

from .. import model as m
from ..finder.words import reader_for
from ..messages import listed, say
from .core import Context, Finding, finding, quote, rule


def folded(text: str, language: str) -> str:
    """A word or words as the finder compares them (no accents, one spelling, lower case):
    "Rendez-vous" and "rendez vous" are the same entry to it."""
    return " ".join(word for word, _ in reader_for(language).words(text))


@rule("synonyms", "error")
def synonyms(c: Context) -> Iterator[Finding]:
    """A synonym entry is either `same:` (two words or more that find one another) or `typed:`
    with `means:` (what reps type, and the words it finds; the loader holds an entry to one of
    the two). A set of one word, an expansion that finds only the word typed, or a word in two
    entries that disagree (two different `same` sets, or two meanings of one typed word)
    cannot be read one way: merge the sets, or keep one meaning."""
    language = c.settings.language
    # a folded word -> what it finds (folded, to compare), the words as written, and where
    seen: dict[str, tuple[tuple[str, ...], tuple[str, ...], m.Span]] = {}

    def claim(written: str, word: str, finds: tuple[str, ...], shown: tuple[str, ...],
              at: m.Span) -> Iterator[Finding]:
        earlier = seen.get(word)
        if earlier is None:
            seen[word] = (finds, shown, at)
        elif earlier[0] != finds:
            others = [w for w in earlier[1] if folded(w, language) != word]
            yield finding(None, "synonyms", at,
                          say("synonym_elsewhere", word=quote(written),
                              others=listed([quote(w) for w in others])),
                          say("synonym_elsewhere_hint"), earlier[2])

    for entry in c.handbook.synonyms:  # the loader lets through `same`, or `typed` with `means`
        if entry.same:
            words = [folded(w, language) for w in entry.same]
            distinct = tuple(sorted(set(filter(None, words))))
            if len(distinct) < 2:
                yield finding(None, "synonyms", entry.where("same"),
                              say("synonym_set_of_one"), say("synonym_set_of_one_hint"))
                continue
            for i, word in enumerate(words):
                if word and word in words[:i]:
                    yield finding(None, "synonyms", entry.where(f"same.{i}"),
                                  say("synonym_twice", word=quote(entry.same[i])),
                                  say("synonym_twice_hint"))
                elif word:
                    yield from claim(entry.same[i], word, distinct, entry.same,
                                     entry.where(f"same.{i}"))
            continue
        typed = folded(entry.typed or "", language)
        means = tuple(sorted({folded(w, language) for w in entry.means} - {"", typed}))
        if not typed or not means:
            yield finding(None, "synonyms", entry.where("means"),
                          say("synonym_means_nothing", word=quote(entry.typed or "")),
                          say("synonym_means_nothing_hint"))
            continue
        yield from claim(entry.typed or "", typed, ("=>", *means), entry.means,
                         entry.where("typed"))
