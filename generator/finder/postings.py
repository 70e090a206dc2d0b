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

import bisect
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
    return Inversion(reader, situations, steps, synonyms, list(rows)).inverted()


Contribution = dict[str, list[int]]  # a row's words -> [weight, own weight] in that row
Members = tuple[tuple[int, int], ...]  # the situations a phrase's row is a member of, weighed
Spellings = dict[str, Counter[str]]  # folded word -> how often each spelling of it was read


@dataclass(frozen=True, slots=True)
class _Read:
    """What one text gives: its words, those its synonyms add, each word's stem in the order
    met, and the spellings of its words with letters folded away."""
    words: frozenset[str]
    added: frozenset[str]
    stems: tuple[tuple[str, str], ...]
    spellings: tuple[tuple[str, str], ...]


class Inversion:
    """`invert`'s work, kept: `phrasebook serve` hands one build's to the next (`update`), so
    a save reads only the rows it changed and patches their postings, instead of reading
    every word of the handbook again (at 10,000 phrases, most of what a save cost).

    The result is `invert`'s for the rows given, exactly: a row's postings are the sum of
    what its fields, step and situations give it; a word's stem is the first met, so a patch
    that meets a word with another stem than the one kept, or touches a word read with two
    stems, is refused (`update` returns False) and the index is worked out afresh."""

    def __init__(self, reader: Reader, situations: Sequence[str], steps: Sequence[str],
                 synonyms: Expand | None, rows: list[Row],
                 texts: dict[str, _Read] | None = None) -> None:
        """`texts`, what each text read gave, kept by serve with this state, which then
        keeps what each row gave too; a single build keeps neither (at 10,000 phrases they
        are tens of megabytes)."""
        self.reader, self.synonyms = reader, synonyms
        self.texts = texts
        self.stem_of: dict[str, str] = {}
        self.ambiguous: set[str] = set()  # words read with more than one stem
        self.spelling: Spellings = {}
        self.frame: tuple[Sequence[str], Sequence[str]] = (situations, steps)
        self.situation_words = [self._words(text, self.spelling) for text in situations]
        self.step_words = [self._words(text, self.spelling) for text in steps]
        self.rows = rows
        self.made: list[tuple[Contribution, Spellings, Members]] = []
        # word -> [rows], [weights], [own]; a row's posting for a word, if any, is its last.
        self.by_word: dict[str, tuple[list[int], list[int], list[int]]] = {}
        # each situation's phrases: [rows], [weights]
        self.members: list[tuple[list[int], list[int]]] = [([], []) for _ in situations]
        for r, row in enumerate(rows):
            contribution, spellings, members = made = self._row(row)
            if texts is not None:
                self.made.append(made)
            for s, weight in members:
                self.members[s][0].append(r)
                self.members[s][1].append(weight)
            for word, (weight, own) in contribution.items():
                posting = self.by_word.get(word)
                if posting is None:
                    self.by_word[word] = ([r], [weight], [own])
                else:
                    posting[0].append(r)
                    posting[1].append(weight)
                    posting[2].append(own)
            _count(self.spelling, spellings, 1)
        self._postings: dict[str, Posting] = {}  # each word's, as last made
        self._vocabulary: tuple[str, ...] | None = None  # with the stem groups, while the
        self._groups: dict[str, tuple[int, ...]] = {}  # words are the same
        self._spelled: dict[str, str] | None = None
        self._inverted: Inverted | None = None

    def _read(self, text: str) -> _Read:
        found = self.texts.get(text) if self.texts is not None else None
        if found is None:
            reader = self.reader
            pairs = list(reader.words(text))
            words = frozenset(word for word, _ in pairs)
            added: dict[str, str] = {}
            if self.synonyms is not None:
                for word, stem in self.synonyms(pairs):
                    if word not in words:
                        added.setdefault(word, stem)
            spellings = []
            if not text.isascii():
                for raw in surfaces(text):
                    if raw.isascii():
                        continue  # only a letter folded away is a spelling to show
                    word = reader.fold(raw.lower())
                    if word != raw.lower():
                        spellings.append((word, raw))
            found = _Read(words, frozenset(added), (*pairs, *added.items()), tuple(spellings))
            if self.texts is not None:
                self.texts[text] = found
        return found

    def _words(self, text: str, spelling: Spellings) -> tuple[frozenset[str], frozenset[str]]:
        """The text's words, and those its words add through the synonyms; the stems and
        spellings met on the way are noted."""
        read = self._read(text)
        stem_of, ambiguous = self.stem_of, self.ambiguous
        for word, stem in read.stems:
            kept = stem_of.setdefault(word, stem)  # the first met, as the worker reads it
            if kept != stem:
                ambiguous.add(word)
        for word, raw in read.spellings:
            spelling.setdefault(word, Counter())[raw] += 1
        return read.words, read.added

    def _row(self, row: Row) -> tuple[Contribution, Spellings, Members]:
        """What one row adds to the postings (and to the spellings and the situations')."""
        found: Contribution = {}
        spellings: Spellings = {}

        def add(words: Iterable[str], weight: int, own: int) -> None:
            for word in words:
                kept = found.get(word)
                if kept is None:
                    found[word] = [weight, own]
                else:
                    kept[0] += weight
                    kept[1] += own

        def both(read: tuple[frozenset[str], frozenset[str]], weight: int, own: int) -> None:
            own_words, added = read
            add(own_words, weight, own)
            add(added, weight // 2, own // 2)

        for name, text in row.fields:
            if not text:
                continue
            weight = WEIGHT[name]
            own = weight if (name in OWN_FIELDS_OF_ENTRIES if row.entry
                             else name not in NOT_OWN) else 0
            both(self._words(text, spellings), weight, own)
        if row.step is not None:
            both(self.step_words[row.step], WEIGHT["step"], 0)
        members: Members = ()
        if row.situations:
            n = 1 if row.entry else len(row.situations)
            held: set[str] = set()
            added: set[str] = set()
            for s in row.situations:
                held.update(self.situation_words[s][0])
                added.update(self.situation_words[s][1])
            added.difference_update(held)
            weight = WEIGHT["entrySituation" if row.entry else "situation"]
            both((frozenset(held), frozenset(added)), _spread(weight, n), 0)
            if not row.entry:
                members = tuple((s, _spread(weight, n)) for s in row.situations)
        return found, spellings, members

    def update(self, situations: Sequence[str], steps: Sequence[str], synonyms: Expand | None,
               rows: list[Row]) -> bool:
        """Bring the postings to `rows`, patching those of the rows that changed; False when
        only working them out afresh is exact (other situations, steps or synonyms, rows
        added or removed, a word's stem in question), and this state is then of no use."""
        if (self.texts is None or (situations, steps) != self.frame
                or len(rows) != len(self.rows) or (synonyms is None) != (self.synonyms is None)):
            return False
        changed = [r for r, (old, new) in enumerate(zip(self.rows, rows, strict=True))
                   if old is not new and old != new]
        if len(changed) > max(64, len(rows) // 10):
            return False
        ambiguous = len(self.ambiguous)
        made = {}
        for r in changed:
            if not self.ambiguous.isdisjoint(self.made[r][0]):
                return False
            made[r] = self._row(rows[r])  # a word met with another stem is noted ambiguous
            if len(self.ambiguous) != ambiguous or not self.ambiguous.isdisjoint(made[r][0]):
                return False
        touched: set[str] = set()
        words = len(self.by_word)
        for r, (contribution, spellings, members) in made.items():
            old, old_spellings, old_members = self.made[r]
            if members != old_members:
                for s, _ in old_members:
                    rows_of, weights = self.members[s]
                    at = bisect.bisect_left(rows_of, r)
                    del rows_of[at], weights[at]
                for s, weight in members:
                    rows_of, weights = self.members[s]
                    at = bisect.bisect_left(rows_of, r)
                    rows_of.insert(at, r)
                    weights.insert(at, weight)
                self._inverted = None
            for word, was in old.items():
                if contribution.get(word) == was:
                    continue  # the same weights in this row: its posting is as it was
                rows_of, weights, owns = self.by_word[word]
                at = bisect.bisect_left(rows_of, r)
                del rows_of[at], weights[at], owns[at]
                if not rows_of:
                    del self.by_word[word]
                    words = -1  # the vocabulary changed
                touched.add(word)
            for word, now in contribution.items():
                if old.get(word) == now:
                    continue
                weight, own = now
                posting = self.by_word.get(word)
                if posting is None:
                    self.by_word[word] = ([r], [weight], [own])
                    words = -1
                else:
                    at = bisect.bisect_left(posting[0], r)
                    posting[0].insert(at, r)
                    posting[1].insert(at, weight)
                    posting[2].insert(at, own)
                touched.add(word)
            if old_spellings or spellings:
                _count(self.spelling, old_spellings, -1)
                _count(self.spelling, spellings, 1)
                self._spelled = None
            self.made[r] = (contribution, spellings, members)
        for word in touched:
            self._postings.pop(word, None)
        if words != len(self.by_word):
            self._vocabulary = None
        self.rows = rows
        if touched:
            self._inverted = None
        return True

    def inverted(self) -> Inverted:
        if self._inverted is not None:
            return self._inverted
        by_word, kept = self.by_word, self._postings
        if self._vocabulary is None:
            vocabulary = tuple(sorted(by_word, key=js_order))
            groups: dict[str, list[int]] = {}
            stem_of = self.stem_of
            for i, word in enumerate(vocabulary):
                stem = stem_of[word]
                if stem != word:
                    groups.setdefault(stem, []).append(i)
            self._vocabulary = vocabulary
            self._groups = {stem: tuple(group) for stem, group in sorted(groups.items())}
        if self._spelled is None:
            self._spelled = {word: max(sorted(counts), key=counts.__getitem__)
                             for word, counts in sorted(self.spelling.items()) if word in by_word}
        postings = []
        for word in self._vocabulary:
            posting = kept.get(word)
            if posting is None:
                rs, ws, os = by_word[word]
                posting = kept[word] = Posting(tuple(rs), tuple(ws), tuple(os))
            postings.append(posting)
        self._inverted = Inverted(
            self._vocabulary, tuple(postings), self._groups, self._spelled,
            tuple(Posting(tuple(rs), tuple(ws), (0,) * len(rs)) for rs, ws in self.members))
        return self._inverted


def _count(spelling: Spellings, spellings: Spellings, sign: int) -> None:
    for word, counts in spellings.items():
        kept = spelling.setdefault(word, Counter())
        for raw, n in counts.items():
            kept[raw] += sign * n
            if kept[raw] <= 0:
                del kept[raw]
        if not kept:
            del spelling[word]
