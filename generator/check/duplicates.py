"""One phrase, written once: exact and near duplicates among the texts to say."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import defaultdict
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


def compared(keys: Sequence[tuple[str, ...]]) -> list[tuple[int, int]]:
    """The pairs of sentences (by number, a < b, in order) worth comparing: every pair where
    one word was changed, added or dropped, and those sharing one of their rarest word
    pairs, but not every pair of a big handbook. Comparing each phrase with every holder of
    its rarest pairs was quadratic once common pairs were held by thousands: at 100,000
    synthetic phrases, 75 s of CPU for this rule against 0.7 s at 10,000."""
    copies: dict[tuple[str, ...], list[int]] = {}
    for i, k in enumerate(keys):
        copies.setdefault(k, []).append(i)
    texts = list(copies)  # each sentence once; its copies are the `duplicate` rule's
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    # One word changed, added or dropped: the two agree once one word is left out of one
    # of them (added, dropped) or of both at the same place (changed). A key per word.
    for d, k in enumerate(texts):
        for key in (k, *(k[:i] + k[i + 1:] for i in range(len(k)))):
            block = blocks[key]
            if not block or block[-1] != d:
                block.append(d)
    # More than one word apart: a sentence is compared with the sentences holding one of its
    # RAREST rarest word pairs, unless more than CROWD hold it: a pair that common says
    # little of likeness, and comparing with all its holders made the rule quadratic.
    own = [set(itertools.pairwise(k)) for k in texts]
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)  # ascending numbers
    for d, pairs in enumerate(own):
        for pair in pairs:
            holders[pair].append(d)
    # A pair (a, b), a < b, is the number a * n + b: a set of ints, sorted fast.
    n = len(texts)
    found: set[int] = set()
    for members in blocks.values():
        if len(members) == 1:
            continue  # most keys: nothing one word away
        for j, b in enumerate(members):
            found.update(map(operator.add, map(operator.mul, members[:j], repeat(n)),
                             repeat(b)))
    for d, pairs in enumerate(own):
        for count, pair in sorted((len(holders[p]), p) for p in pairs)[:RAREST]:
            if count > CROWD:
                break  # the rest are as common
            others = holders[pair]
            cut = bisect.bisect_left(others, d)
            found.update(map(operator.add, map(operator.mul, others[:cut], repeat(n)),
                             repeat(d)))
            found.update(map(operator.add, others[cut + 1:], repeat(d * n)))
    candidates = map(divmod, sorted(found), repeat(n))
    if n == len(keys):  # no copies: each sentence is its own number, in the same order
        return list(candidates)
    numbers = list(copies.values())
    return sorted((min(a, b), max(a, b)) for da, db in candidates
                  for a in numbers[da] for b in numbers[db])
