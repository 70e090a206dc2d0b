"""Which phrases the near-duplicate rule compares: every sentence one word away from another,
however common its words, and not every pair of a big handbook."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from service_phrasebook.check.duplicates import compared

# Few words, so that word pairs are common: the case where comparing a phrase with every
# holder of its pairs became quadratic.
WORDS = ["i", "can", "see", "the", "order", "refund", "today", "let", "me", "check", "your"]
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12).map(tuple)


@st.composite
def handbook_with_one_edit(draw: st.DrawFn) -> tuple[list[tuple[str, ...]], int, int]:
    """Sentences, and the numbers of a sentence and of its copy with one word changed, added
    or dropped."""
    sentences = draw(st.lists(sentence, min_size=1, max_size=60))
    original = draw(st.integers(0, len(sentences) - 1))
    words = list(sentences[original])
    at = draw(st.integers(0, len(words) - 1))
    edit = draw(st.sampled_from(["change", "add", "drop"]))
    word = draw(st.sampled_from([*WORDS, "parcel"]))
    if edit == "change":
        words[at] = word
    elif edit == "add":
        words.insert(at, word)
    else:
        del words[at]
    copy = draw(st.integers(0, len(sentences)))
    sentences.insert(copy, tuple(words))
    return sentences, original + (copy <= original), copy


@settings(max_examples=300, deadline=None)
@given(handbook_with_one_edit())
def test_a_sentence_one_word_away_is_always_compared(case: tuple[list[tuple[str, ...]], int, int]
                                                     ) -> None:
    sentences, original, copy = case
    if sentences[original] == sentences[copy]:
        return  # an exact copy is the `duplicate` rule's
    assert (min(original, copy), max(original, copy)) in set(compared(sentences))


def test_pairs_come_once_each_in_order() -> None:
    sentences = [("a", "b", "c", "d"), ("x", "y", "z"), ("a", "b", "c", "e"),
                 ("a", "b", "c", "d")]
    pairs = list(compared(sentences))
    assert pairs == sorted(set(pairs))
    assert all(a < b for a, b in pairs)
    # Each copy of a sentence is compared with its neighbour; copies with each other are the
    # `duplicate` rule's; the sentence with nothing in common is compared with none.
    assert (0, 2) in pairs and (2, 3) in pairs and (0, 3) not in pairs
    assert not any(1 in pair for pair in pairs)


def test_a_big_handbook_of_common_words_compares_few_pairs() -> None:
    """4,000 sentences of eight words drawn from the same eleven, each with a reference of
    its own: a few comparisons each, not thousands (every holder of a common pair)."""
    import random

    draw = random.Random(7)
    sentences = [(*draw.choices(WORDS, k=8), f"ref{i}") for i in range(4000)]
    assert len(list(compared(sentences))) < len(sentences)
