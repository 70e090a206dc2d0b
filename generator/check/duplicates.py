"""One phrase, written once: exact and near duplicates among the texts to say."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat
from typing import Any

from rapidfuzz import fuzz, process

from .. import model as m
from ..messages import say
from .core import Context, Finding, finding, rule


@rule("duplicate", "error")
def duplicate(c: Context) -> Iterator[Finding]:
    """Two phrases with the same words (ignoring case, punctuation and contractions) split
    their situations, tags and reviews in two. Keep one and list all its situations."""
    first: dict[str, m.Phrase] = {}
    for phrase, k in zip(c.handbook.phrases, c.say_joined, strict=True):
        if k in first:
            yield finding(phrase, "duplicate", phrase.where("say"),
                          say("duplicate", phrase=first[k].id), say("duplicate_hint"),
                          first[k].where("say"))
        else:
            first.setdefault(k, phrase)


NEAR = 90  # rapidfuzz ratio, 0-100: one or two words changed in a sentence
RAREST = 3  # word pairs per phrase used to find its candidates
CROWD = 16  # phrases listed under one pair, at most, for them to be compared


@rule("near-duplicate", "warning")
def near_duplicate(c: Context) -> Iterator[Finding]:
    """Two phrases that differ by a word or two are usually one phrase edited twice. Keep
    one, or make the difference matter. Only phrases one word apart or sharing one of their
    rarest pairs of words are compared, so the check stays fast on large handbooks."""
    phrases = c.handbook.phrases
    for a, b, score in near_pairs(c.say_keys, c.resident, c.say_joined):
        yield finding(phrases[b], "near-duplicate", phrases[b].where("say"),
                      say("near_duplicate", phrase=phrases[a].id, percent=round(score)),
                      say("near_duplicate_hint"),
                      phrases[a].where("say"))


def near_pairs(keys: Sequence[tuple[str, ...]], resident: dict[str, Any] | None = None,
               joined: Sequence[str] | None = None) -> Iterator[tuple[int, int, float]]:
    """(a, b, score), a < b, in order: the phrases (by number) whose keys are compared and
    found near. In a resident process the comparisons are kept (`Nearness`), and a check
    after an edit compares only what the edit can have changed. `joined` are the keys'
    words joined by spaces, if known."""
    if resident is None:
        yield from _compared_now(keys)
        return
    copies: dict[str, list[int]] = {}
    for i, k in enumerate(joined if joined is not None else [" ".join(k) for k in keys]):
        copies.setdefault(k, []).append(i)
    state = resident.get("near-duplicate")
    if isinstance(state, Nearness):
        state.update(copies, keys)
    else:
        state = resident["near-duplicate"] = Nearness([keys[i[0]] for i in copies.values()])
    found = [(min(a, b), max(a, b), score) for x, y, score in state.near_texts()
             for a in copies[x] for b in copies[y]]
    yield from sorted(found)


def _compared_now(keys: Sequence[tuple[str, ...]]) -> Iterator[tuple[int, int, float]]:
    joined = [" ".join(k) for k in keys]
    # One call into rapidfuzz per phrase, with all its candidates after it: 10,000 calls at
    # 10,000 phrases, not one per candidate pair (~170,000), each paying Python's overhead.
    for a, group in itertools.groupby(compared(keys), key=operator.itemgetter(0)):
        others = [b for _, b in group]
        near = process.extract(joined[a], [joined[b] for b in others], scorer=fuzz.ratio,
                               score_cutoff=NEAR, limit=None)
        for _, score, index in sorted(near, key=operator.itemgetter(2)):
            b = others[index]
            if keys[a] != keys[b]:  # exact duplicates are the `duplicate` rule's
                yield a, b, score


def compared(keys: Sequence[tuple[str, ...]]) -> Iterator[tuple[int, int]]:
    """The pairs of sentences (by number, a < b, in order) worth comparing: every pair where
    one word was changed, added or dropped, and those sharing one of their rarest word
    pairs, but not every pair of a big handbook. Comparing each phrase with every holder of
    its rarest pairs was quadratic once common pairs were held by thousands: at 100,000
    synthetic phrases, 75 s of CPU for this rule against 0.7 s at 10,000."""
    copies: dict[tuple[str, ...], list[int]] = {}
    for i, k in enumerate(keys):
        copies.setdefault(k, []).append(i)
    texts = list(copies)  # each sentence once; its copies are the `duplicate` rule's
    # More than one word apart: a sentence is compared with the sentences holding one of its
    # RAREST rarest word pairs, unless more than CROWD hold it: a pair that common says
    # little of likeness, and comparing with all its holders made the rule quadratic.
    own = [set(itertools.pairwise(k)) for k in texts]
    counts = Counter(pair for pairs in own for pair in pairs)
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)  # ascending numbers
    for d, pairs in enumerate(own):
        for pair in pairs:
            if counts[pair] <= CROWD:  # only these are followed
                holders[pair].append(d)
    # A pair (a, b), a < b, is the number a * n + b: a set of ints, sorted fast.
    n = len(texts)
    found = {a * n + b for a, b in _one_word_apart(texts)}
    for d, pairs in enumerate(own):
        for count, pair in sorted((counts[p], p) for p in pairs)[:RAREST]:
            if count > CROWD:
                break  # the rest are as common
            others = holders[pair]
            cut = bisect.bisect_left(others, d)
            found.update(map(operator.add, map(operator.mul, others[:cut], repeat(n)),
                             repeat(d)))
            found.update(map(operator.add, others[cut + 1:], repeat(d * n)))
    candidates: Iterator[tuple[int, int]] = map(divmod, sorted(found), repeat(n))
    if n == len(keys):  # no copies: each sentence is its own number, in the same order
        return candidates
    numbers = list(copies.values())
    return iter(sorted((min(a, b), max(a, b)) for da, db in candidates
                       for a in numbers[da] for b in numbers[db]))


def _one_word_apart(texts: Sequence[tuple[str, ...]]) -> Iterator[tuple[int, int]]:
    """Pairs (a, b), a < b, of sentences one word apart: changed, added or dropped. The two
    agree once one word is left out of one of them (added, dropped) or of both at the same
    place (changed). Each such key is kept as its hash beside the sentence's number, one int
    each, sorted so that equal hashes meet, a key length at a time: a dictionary of the keys
    themselves was most of the check's memory. A pair whose hashes met by chance is dropped
    by a word-by-word look."""
    shift = max(len(texts), 1).bit_length()
    mask = (1 << shift) - 1
    by_length: dict[int, list[int]] = defaultdict(list)
    for d, k in enumerate(texts):
        by_length[len(k)].append(d)
    for size in sorted(set(by_length) | {n - 1 for n in by_length}):
        # Keys of `size` words: sentences that long, and those a word longer less one word.
        stamps = [hash(texts[d]) << shift | d for d in by_length.get(size, ())]
        for d in by_length.get(size + 1, ()):
            k = texts[d]
            stamps.extend(hash(k[:i] + k[i + 1:]) << shift | d for i in range(len(k)))
        stamps.sort()
        for _, group in itertools.groupby(stamps, key=lambda stamp: stamp >> shift):
            members = sorted({stamp & mask for stamp in group})
            for j, b in enumerate(members):
                for a in members[:j]:
                    if _apart(texts[a], texts[b]):
                        yield a, b


def _apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two different sentences are one word apart."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) != 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


Pair = tuple[str, str]


class Nearness:
    """The near-duplicate rule's comparisons, kept by `phrasebook serve` between checks.

    Which sentences are compared depends on the whole handbook (how many sentences hold each
    word pair), so an edit can add or drop comparisons between sentences it did not touch.
    This keeps what decides that: how many sentences hold each pair and which ones, each
    sentence's `followed` holders (of its rarest pairs), the hashes `_one_word_apart` groups
    sentences by, and the pairs found near. After an edit, only the sentences holding a pair
    whose count changed are looked at again, and only the comparisons that appear are made:
    the findings `compared` gives for the whole handbook (tests/test_check_incremental.py),
    for a few milliseconds instead of most of a second at 10,000 phrases."""

    def __init__(self, texts: Sequence[tuple[str, ...]]) -> None:
        self.ids: dict[str, int] = {}  # by the sentence's words joined by spaces
        self.texts: dict[int, tuple[str, ...]] = {}
        self.joined: dict[int, str] = {}
        self.counts: Counter[Pair] = Counter()
        self.holders: dict[Pair, set[int]] = defaultdict(set)
        # Sentences by their first and by their last word, with their length: two sentences
        # one word apart share one or the other (see _ends).
        self.ends: dict[tuple[str, int, int], set[int]] = defaultdict(set)
        self.followed: dict[int, frozenset[int]] = {}  # holders of the sentence's rarest pairs
        self.near: dict[int, dict[int, float]] = defaultdict(dict)  # both ways
        self._next = 0
        numbers = [self._add(t) for t in texts]
        candidates: dict[int, set[int]] = defaultdict(set)
        for a, b in _one_word_apart(texts):
            candidates[numbers[a]].add(numbers[b])
        for d in numbers:
            self.followed[d] = self._followed(d)
            for other in self.followed[d]:
                candidates[min(d, other)].add(max(d, other))
        for a, others in candidates.items():
            order = sorted(others)
            near = process.extract(self.joined[a], [self.joined[b] for b in order],
                                   scorer=fuzz.ratio, score_cutoff=NEAR, limit=None)
            for _, score, index in near:
                self.near[a][order[index]] = self.near[order[index]][a] = score

    def near_texts(self) -> Iterator[tuple[str, str, float]]:
        """The pairs of sentences found near, as their joined words, and how alike."""
        for a, others in self.near.items():
            for b, score in others.items():
                if a < b:
                    yield self.joined[a], self.joined[b], score

    def update(self, texts: Mapping[str, Sequence[int]], keys: Sequence[tuple[str, ...]]
               ) -> None:
        """Bring the state to the handbook whose distinct sentences are `texts` (joined
        words, with the numbers of the `keys` that read so)."""
        gone = [d for t, d in self.ids.items() if t not in texts]
        new = [keys[numbers[0]] for t, numbers in texts.items() if t not in self.ids]
        if len(gone) + len(new) > max(64, len(texts) // 20):
            self.__init__([keys[numbers[0]] for numbers in texts.values()])  # type: ignore[misc]
            return
        changed: set[Pair] = set()
        for d in gone:
            text = self.texts.pop(d)
            del self.ids[self.joined.pop(d)]
            self.followed.pop(d, None)
            for end in _ends(text):
                self.ends[end].discard(d)
            for other in self.near.pop(d, {}):
                self.near[other].pop(d, None)
            for pair in set(itertools.pairwise(text)):
                self.counts[pair] -= 1
                holders = self.holders[pair]
                holders.discard(d)
                if not holders:
                    del self.holders[pair], self.counts[pair]
                changed.add(pair)
        added = [self._add(t) for t in new]
        for d in added:
            changed.update(itertools.pairwise(self.texts[d]))
        touched: set[tuple[int, int]] = set()
        for d in set().union(*(self.holders.get(pair, ()) for pair in changed)):
            was, self.followed[d] = self.followed.get(d, frozenset()), self._followed(d)
            touched.update((min(d, o), max(d, o)) for o in was ^ self.followed[d]
                           if o in self.texts)
        for d in added:
            text = self.texts[d]
            for end in _partners(text):
                touched.update((min(d, o), max(d, o)) for o in self.ends.get(end, ())
                               if o != d and _apart(text, self.texts[o]))
        followed = self.followed
        for a, b in touched:
            compared = (b in followed.get(a, ()) or a in followed.get(b, ())
                        or _apart(self.texts[a], self.texts[b]))
            score = fuzz.ratio(self.joined[a], self.joined[b], score_cutoff=NEAR) if (
                compared) else 0
            if score:
                self.near[a][b] = self.near[b][a] = score
            else:
                self.near[a].pop(b, None)
                self.near[b].pop(a, None)

    def _add(self, text: tuple[str, ...]) -> int:
        d = self._next
        self._next += 1
        self.texts[d] = text
        self.joined[d] = joined = " ".join(text)
        self.ids[joined] = d
        for end in _ends(text):
            self.ends[end].add(d)
        for pair in set(itertools.pairwise(text)):
            self.counts[pair] += 1
            self.holders[pair].add(d)
        return d

    def _followed(self, d: int) -> frozenset[int]:
        """The sentences `compared` compares `d` with for sharing a rare pair."""
        found: set[int] = set()
        for count, pair in sorted((self.counts[p], p) for p in set(
                itertools.pairwise(self.texts[d])))[:RAREST]:
            if count > CROWD:
                break
            found |= self.holders[pair]
        found.discard(d)
        return frozenset(found)


def _ends(text: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """Where a sentence is filed to be found by those one word away: its first word, its last
    word, each with its length; a sentence of one word or none, by its length alone.

    Two sentences one word apart (changed, added or dropped at one place) agree on their
    first word unless that place is the first, and then on their last, as soon as the
    shorter has two words."""
    if len(text) < 2:
        return (("", 0, len(text)),)
    return (text[0], 0, len(text)), (text[-1], 1, len(text))


def _partners(text: tuple[str, ...]) -> Iterator[tuple[str, int, int]]:
    """Where the sentences one word away from `text` are filed by `_ends`."""
    for size in (len(text) - 1, len(text), len(text) + 1):
        if size < 2:
            yield "", 0, size
        elif text:
            yield text[0], 0, size
            yield text[-1], 1, size
