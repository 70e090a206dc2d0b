"""One normalisation for all matching: how a phrase may be typed does not matter."""

from service_phrasebook.normalize import Matcher, key, words


def test_case_quotes_dashes_and_spaces_do_not_matter() -> None:
    assert key("I’M SORRY") == key("i'm sorry") == key("I'm\u00a0sorry")
    assert key("well—maybe") == key("well - maybe")
    assert key("ｆｕｌｌ width") == key("full width"), "NFKC"


def test_contractions_equal_their_long_forms() -> None:
    assert key("I'm sorry") == key("I am sorry")
    assert key("can't") == key("cannot") == key("can not")
    assert key("won't") == key("will not")
    assert key("don't") == key("do not")
    assert key("you're") == key("you are")
    assert key("it's") == key("it is")
    assert key("let's") == key("let us")
    assert key("the customer's order") == ("the", "customer", "order"), "possessive: no 'is'"


def test_markdown_cannot_hide_a_phrase_but_strikethrough_quotes_it() -> None:
    assert key("**I'm** sorry") == key("I'm sorry")
    assert key("[I'm sorry](https://example.com/x)") == key("I'm sorry")
    assert key("Say it, not ~~I'm sorry~~.") == key("Say it, not.")


def test_a_link_target_ends_at_its_parenthesis_a_space_or_the_next_link() -> None:
    """What a reader does not see of a link, its target and title, yields no words; a target
    ends at `)`, at a space, or where another `](` starts (issue 19, point 7: scanning on from
    every `](` to the end of the text was quadratic)."""
    assert key("[form](https://x.example/a]b) calm") == ("form", "calm"), "] inside a target"
    assert key('[form](https://x.example/a "The title") calm') == ("form", "calm")
    assert key("[x](https://en.example/Foo_(bar)) calm") == ("x", "calm")
    assert key('"](' * 1000 + " calm down") == ("calm", "down"), "openers that never close"
    assert key("](a](b) calm") == ("a", "calm"), "a target stops at the next link's `](`"


def test_words_keep_their_place_in_the_source() -> None:
    text = "Well, I’m SORRY."
    found = words(text)
    assert [(w.text, text[w.start:w.end]) for w in found] == [
        ("well", "Well"), ("i", "I’m"), ("am", "I’m"), ("sorry", "SORRY")]


def test_places_stay_exact_when_folding_changes_lengths() -> None:
    text = "ß ﬁne I’m sorry"  # casefold makes ß two letters, NFKC splits the ﬁ ligature
    found = words(text)
    assert [text[w.start:w.end] for w in found][-2:] == ["I’m", "sorry"]


def test_phrases_match_on_word_boundaries_only() -> None:
    matcher = Matcher([(key("calm down"), "calm down"), (key("sorry"), "sorry")])
    assert [m.value for m in matcher.find(words("Please calm down, sir."))] == ["calm down"]
    assert list(matcher.find(words("The calmdown sorryness."))) == []


def test_a_matcher_finds_every_phrase_and_overlapping_ones() -> None:
    matcher = Matcher([(key("I am sorry"), 1), (key("sorry"), 2), (key("sorry but"), 3)])
    found = [(m.value, m.first, m.last) for m in matcher.find(words("I'm sorry but no"))]
    assert sorted(found) == [(1, 0, 2), (2, 2, 2), (3, 2, 3)]


def test_a_text_without_any_trigger_word_is_ruled_out_before_it_is_split() -> None:
    from service_phrasebook.normalize import quick_words

    matcher = Matcher([(key("I'm so sorry"), 1), (key("won't"), 2)])
    assert matcher.may_match(quick_words("SORRY about that"))
    assert not Matcher([(key("I'm so sorry"), 1)]).may_match(quick_words("I am here"))
    assert matcher.may_match(quick_words("anything")), "a phrase of contractions only"
