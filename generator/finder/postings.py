"""The finder's inverted index, worked out at build time: which rows hold each word, how much
the word weighs there, and which words share a Snowball stem.

The browser used to read every row's text and build this itself on the first query, which at
10,000 phrases was most of that query's time. Here it is done once, by the build, with the
same reading of words (words.py) the worker applies to the rep's query.

Where a word is found matters: the text to say and the title are what a rep scans. Weights
add up over the fields of a row that hold the word (a word counts once per field). The advice
around a phrase (why to say it, why not the avoided words) finds it ("script") but adds
least to its rank. `own` is the part of the weight from the row's own text, not from its
situations or step: of two phrases, the one whose own words hold the word comes first. For
other entries, only what names them (title, tags, what customers say in a situation) is their
own.

A phrase shares its situations' words, but a phrase listed under every situation (a
listening phrase) must not outrank the one phrase written for a word: the situations' weight
is spread over the phrase's situations. Words a row holds through the team's synonyms
(synonyms.py) weigh half what its own words do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .synonyms import Expand
from .words import Reader, surfaces

# Even numbers, so that a word a row holds through a synonym weighs exactly half; the advice
# around a phrase weighs least of all, and through a synonym nothing.
WEIGHT = {"title": 12, "say": 10, "avoid": 6, "step": 4, "keywords": 12, "situation": 12,
          "variants": 4, "channel": 6, "why": 1, "summary": 6, "text": 2, "entrySituation": 4,
          "says": 10}
NOT_OWN = frozenset({"channel", "why", "avoid"})  # a phrase's, but not what it says
OWN_FIELDS_OF_ENTRIES = frozenset({"title", "keywords", "says"})


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
    # A folded word -> the handbook's spelling of it, where they differ beyond case
    # ("verspatung" -> "Verspätung"), for the status line to name a corrected word.
    spelled: dict[str, str] = field(default_factory=dict)
    # Each situation's phrases, as a posting (the weight its words have in each): when the
    # rep types what a customer says in a situation, they are the answer.
    members: tuple[Posting, ...] = ()


def js_order(word: str) -> bytes:
    """JavaScript compares strings by UTF-16 code units; the worker's binary search needs the
    vocabulary in that order, which differs from Python's above the Basic Multilingual Plane."""
    return word.encode("utf-16-be")


def _spread(weight: int, situations: int) -> int:
    """A situation's weight in a phrase listed under `situations` of them: whole for one or
    two, then shared (a phrase for every situation is for none in particular)."""
    return weight if situations <= 4 else max(1, 4 * weight // situations)


def invert(reader: Reader, situations: Sequence[str], steps: Sequence[str],
           rows: Iterable[Row], synonyms: Expand | None = None) -> Inverted:
    """Words, postings and stem groups for rows numbered in the order given; `synonyms`,
    what a text's words add."""
    stem_of: dict[str, str] = {}
    spelling: dict[str, Counter[str]] = {}

    def words(text: str) -> tuple[set[str], set[str]]:
        """The text's words, and those its words add through the synonyms."""
        found = set()
        pairs = list(reader.words(text))
        for word, stem in pairs:
            found.add(word)
            stem_of.setdefault(word, stem)  # the first met, as the worker reads it
        added: set[str] = set()
        if synonyms is not None:
            for word, stem in synonyms(pairs):
                if word not in found:
                    added.add(word)
                    stem_of.setdefault(word, stem)
        if not text.isascii():
            for raw in surfaces(text):
                if raw.isascii():
                    continue  # only a letter folded away is a spelling to show
                word = reader.fold(raw.lower())
                if word != raw.lower():
                    spelling.setdefault(word, Counter())[raw] += 1
        return found, added

    situation_words = [words(text) for text in situations]
    members: list[tuple[list[int], list[int]]] = [([], []) for _ in situations]
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

    def both(read: tuple[set[str], set[str]], r: int, weight: int, own: int) -> None:
        own_words, added = read
        add(own_words, r, weight, own)
        add(added, r, weight // 2, own // 2)

    for r, row in enumerate(rows):
        for name, text in row.fields:
            if not text:
                continue
            weight = WEIGHT[name]
            own = weight if (name in OWN_FIELDS_OF_ENTRIES if row.entry
                             else name not in NOT_OWN) else 0
            both(words(text), r, weight, own)
        if row.step is not None:
            both(step_words[row.step], r, WEIGHT["step"], 0)
        if row.situations:
            n = 1 if row.entry else len(row.situations)
            held: tuple[set[str], set[str]] = (set(), set())
            for s in row.situations:
                held[0].update(situation_words[s][0])
                held[1].update(situation_words[s][1])
            held[1].difference_update(held[0])
            weight = WEIGHT["entrySituation" if row.entry else "situation"]
            both(held, r, _spread(weight, n), 0)
            if not row.entry:
                for s in row.situations:
                    members[s][0].append(r)
                    members[s][1].append(_spread(weight, n))

    vocabulary = tuple(sorted(by_word, key=js_order))
    postings = tuple(Posting(tuple(rs), tuple(ws), tuple(os))
                     for rs, ws, os in (by_word[w] for w in vocabulary))
    groups: dict[str, list[int]] = {}
    for i, word in enumerate(vocabulary):
        stem = stem_of[word]
        if stem != word:
            groups.setdefault(stem, []).append(i)
    spelled = {word: max(sorted(counts), key=counts.__getitem__)
               for word, counts in sorted(spelling.items()) if word in by_word}
    return Inverted(vocabulary, postings,
                    {stem: tuple(group) for stem, group in sorted(groups.items())}, spelled,
                    tuple(Posting(tuple(rs), tuple(ws), (0,) * len(rs)) for rs, ws in members))
