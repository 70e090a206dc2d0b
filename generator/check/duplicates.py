"""One phrase, written once: exact and near duplicates among the texts to say."""

from __future__ import annotations

import heapq
import itertools
from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz import fuzz

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
    joined = [" ".join(k) for k in keys]
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        for pair in set(itertools.pairwise(k)):
            pairs[pair].append(i)
    # Two nearly equal sentences share almost all their word pairs, so each phrase is only
    # compared with the phrases sharing one of its rarest pairs: near-linear, not quadratic.
    candidates: set[tuple[int, int]] = set()
    for i, k in enumerate(keys):
        rarest = heapq.nsmallest(RAREST, set(itertools.pairwise(k)),
                                 key=lambda p: (len(pairs[p]), p))
        for pair in rarest:
            candidates.update((min(i, j), max(i, j)) for j in pairs[pair] if j != i)
    phrases = c.handbook.phrases
    for a, b in sorted(candidates):
        if keys[a] == keys[b]:
            continue  # exact duplicates are the `duplicate` rule's
        score = fuzz.ratio(joined[a], joined[b], score_cutoff=NEAR)
        if score >= NEAR:
            yield finding(phrases[b], "near-duplicate", phrases[b].where("say"),
                          f"nearly the same as phrase `{phrases[a].id}` ({score:.0f} % alike)",
                          "keep one, or make the difference between them matter",
                          phrases[a].where("say"))
