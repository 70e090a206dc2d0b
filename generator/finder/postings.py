"""The finder's inverted index, worked out at build time: which rows hold each word, how much
the word weighs there, and which words share a Snowball stem.

The browser used to read every row's text and build this itself on the first query, which at
10,000 phrases was most of that query's time. Here it is done once, by the build, with the
same reading of words (words.py) the worker applies to the rep's query.

Where a word is found matters: the text to say and the title are what a rep scans. Weights
add up over the fields of a row that hold the word (a word counts once per field). The advice
around a phrase (why to say it, why not the avoided words) finds it ("script") but adds
nothing to its rank. `own` is the part of the weight from the row's own text, not from its
situations or step: of two phrases, the one whose own words hold the word comes first. For
worked examples, situations and lessons, only what names them (title and tags) is their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .words import Reader

WEIGHT = {"title": 6, "say": 5, "avoid": 3, "step": 2, "keywords": 6, "situation": 6,
          "variants": 2, "why": 0, "summary": 3, "text": 1, "entrySituation": 2}
OWN_FIELDS_OF_ENTRIES = frozenset({"title", "keywords"})


@dataclass(frozen=True, slots=True)
class Row:
    """A row's searchable text: (field, text) pairs, then the words of its step and of its
    situations, which every phrase of them shares and so are read once per step or situation."""
    fields: tuple[tuple[str, str], ...]
    step: int | None = None  # index into the steps' words
    situations: tuple[int, ...] = ()
    entry: bool = False  # a worked example, situation or lesson, not a phrase


@dataclass(frozen=True, slots=True)
class Posting:
    """The rows holding one word, ascending, with the word's weight and own weight in each."""
    rows: tuple[int, ...]
    weights: tuple[int, ...]
    own: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Inverted:
    vocabulary: tuple[str, ...]  # folded words, in the browser's string order (UTF-16 units)
    postings: tuple[Posting, ...]  # postings[i] for vocabulary[i]
    stems: dict[str, tuple[int, ...]]  # stem -> vocabulary indexes, for words not their stem


def js_order(word: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; the worker's binary search needs the
    vocabulary in that order, which differs from Python's above the Basic Multilingual Plane."""
    return word.encode("utf-16-be")


def invert(reader: Reader, situations: Sequence[str], steps: Sequence[str],
           rows: Iterable[Row]) -> Inverted:
    """Words, postings and stem groups for rows numbered in the order given."""
    stem_of: dict[str, str] = {}

    def words(text: str) -> set[str]:
        found = set()
        for word, stem in reader.words(text):
            found.add(word)
            stem_of.setdefault(word, stem)  # the first met, as the worker reads it
        return found

    situation_words = [words(text) for text in situations]
    step_words = [words(text) for text in steps]
    # word -> [rows], [weights], [own]; a row's posting for a word, if any, is its last one.
    by_word: dict[str, tuple[list[int], list[int], list[int]]] = {}

    def add(word_set: Iterable[str], r: int, weight: int, own: int) -> None:
        for word in word_set:
            posting = by_word.get(word)
            if posting is None:
                by_word[word] = ([r], [weight], [own])
                continue
            rows_of, weights, owns = posting
            if rows_of[-1] == r:
                weights[-1] += weight
                owns[-1] += own
            else:
                rows_of.append(r)
                weights.append(weight)
                owns.append(own)

    for r, row in enumerate(rows):
        for field, text in row.fields:
            if not text:
                continue
            weight = WEIGHT[field]
            own = weight if not row.entry or field in OWN_FIELDS_OF_ENTRIES else 0
            add(words(text), r, weight, own)
        if row.step is not None:
            add(step_words[row.step], r, WEIGHT["step"], 0)
        if row.situations:
            held: set[str] = set()
            for s in row.situations:
                held |= situation_words[s]
            add(held, r, WEIGHT["entrySituation" if row.entry else "situation"], 0)

    vocabulary = tuple(sorted(by_word, key=js_order))
    postings = tuple(Posting(tuple(rs), tuple(ws), tuple(os))
                     for rs, ws, os in (by_word[w] for w in vocabulary))
    groups: dict[str, list[int]] = {}
    for i, word in enumerate(vocabulary):
        stem = stem_of[word]
        if stem != word:
            groups.setdefault(stem, []).append(i)
    return Inverted(vocabulary, postings,
                    {stem: tuple(group) for stem, group in sorted(groups.items())})
