"""One phrase, written once: exact and near duplicates among the texts to say."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import repeat

from rapidfuzz import fuzz, process

from .. import model as m
from .core import Context, Finding, finding, rule


@rule("duplicate", "error", "No phrase is written twice")
def duplicate(c: Context) -> Iterator[Finding]:
    """Two phrases with the same words (ignoring case, punctuation and contractions) split
    their situations, tags and reviews in two. Keep one and list all its situations."""
    first: dict[tuple[str, ...], m.Phrase] = {}
    for phrase, k in zip(c.handbook.phrases, c.say_keys, strict=True):
        if k in first:
            yield finding(phrase, "duplicate", phrase.where("say"),
                          f"the same words as phrase `{first[k].id}`",
                          "keep one phrase and give it both phrases' situations",
                          first[k].where("say"))
        else:
            first.setdefault(k, phrase)


NEAR = 90  # rapidfuzz ratio, 0-100: one or two words changed in a sentence
RAREST = 3  # word pairs per phrase used to find its candidates
CROWD = 16  # phrases listed under one pair, at most, for them to be compared


@rule("near-duplicate", "warning", "No two phrases are nearly the same")
def near_duplicate(c: Context) -> Iterator[Finding]:
    """Two phrases that differ by a word or two are usually one phrase edited twice. Keep
    one, or make the difference matter. Only phrases one word apart or sharing one of their
    rarest pairs of words are compared, so the check stays fast on large handbooks."""
    keys = c.say_keys
    joined = [" ".join(k) for k in keys]
    phrases = c.handbook.phrases
    # One call into rapidfuzz per phrase, with all its candidates after it: 10,000 calls at
    # 10,000 phrases, not one per candidate pair (~170,000), each paying Python's overhead.
    for a, group in itertools.groupby(compared(keys), key=operator.itemgetter(0)):
        others = [b for _, b in group]
        near = process.extract(joined[a], [joined[b] for b in others], scorer=fuzz.ratio,
                               score_cutoff=NEAR, limit=None)
        for _, score, index in sorted(near, key=operator.itemgetter(2)):
            b = others[index]
            if keys[a] == keys[b]:
                continue  # exact duplicates are the `duplicate` rule's
            yield finding(phrases[b], "near-duplicate", phrases[b].where("say"),
                          f"nearly the same as phrase `{phrases[a].id}` ({score:.0f} % alike)",
                          "keep one, or make the difference between them matter",
                          phrases[a].where("say"))


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
