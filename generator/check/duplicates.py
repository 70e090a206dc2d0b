"""One phrase, written once: exact and near duplicates among the texts to say."""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import defaultdict
from collections.abc import Iterator
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


@rule("near-duplicate", "warning", "No two phrases are nearly the same")
def near_duplicate(c: Context) -> Iterator[Finding]:
    """Two phrases that differ by a word or two are usually one phrase edited twice. Keep
    one, or make the difference matter. Only phrases sharing an uncommon pair of words are
    compared, so the check stays fast on large handbooks."""
    keys = c.say_keys
    n = len(keys)
    joined = [" ".join(k) for k in keys]
    own = [set(itertools.pairwise(k)) for k in keys]
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)  # ascending phrase numbers
    for i, pairs in enumerate(own):
        for pair in pairs:
            holders[pair].append(i)
    # Two nearly equal sentences share almost all their word pairs, so each phrase is only
    # compared with the phrases sharing one of its rarest pairs: near-linear, not quadratic.
    # A candidate (a, b), a < b, is the number a * n + b: a set of ints, sorted fast.
    candidates: set[int] = set()
    for i, pairs in enumerate(own):
        for _, pair in sorted((len(holders[p]), p) for p in pairs)[:RAREST]:
            others = holders[pair]
            cut = bisect.bisect_left(others, i)
            candidates.update(map(operator.add, map(operator.mul, others[:cut], repeat(n)),
                                  repeat(i)))
            candidates.update(map(operator.add, others[cut + 1:], repeat(i * n)))
    phrases = c.handbook.phrases
    # One call into rapidfuzz per phrase, with all its candidates after it: 10,000 calls at
    # 10,000 phrases, not one per candidate pair (~170,000), each paying Python's overhead.
    pairs_in_order = map(divmod, sorted(candidates), repeat(n))
    for a, group in itertools.groupby(pairs_in_order, key=operator.itemgetter(0)):
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
