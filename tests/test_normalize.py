"""One normalisation for all matching: how a phrase may be typed does not matter."""

import sys
import unicodedata
from pathlib import Path

import pytest
from service_phrasebook import lookalikes
from service_phrasebook.normalize import Matcher, fold, key, words

ROOT = Path(__file__).resolve().parent.parent


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


# --- Look-alike letters and invisible characters (issue 19, point 10) -------------------------


def test_lookalike_letters_and_invisible_characters_match_as_what_a_reader_sees() -> None:
    calm = key("calm down")
    assert key("c\u0430lm down") == calm, "Cyrillic a"
    assert key("\u0421ALM D\u039fWN") == calm, "Cyrillic C, Greek O"
    assert key("cal\u200dm do\u2060wn\ufe0f") == calm, "joiner, word joiner, selector"
    assert key("\u202ecalm down\u202c") == calm, "direction overrides"
    assert key("\u0406'm sorry") == key("I'm sorry"), "Cyrillic I, an i whatever its prototype"


def test_words_made_of_lookalikes_keep_the_place_of_their_own_characters() -> None:
    text = "Please c\u0430lm d\u200down."
    assert [(w.text, text[w.start:w.end]) for w in words(text)] == [
        ("please", "Please"), ("calm", "c\u0430lm"), ("down", "d\u200down")]


def test_no_letter_of_the_latin_script_is_folded() -> None:
    """Folding Latin into Latin (Unicode folds m into rn, l and I into one) would make words
    of German, French or Spanish meet others; no Latin letter is in the table, by name."""
    letters = lookalikes.letters()
    assert len(letters) > 200 and letters["\u0430"] == "a"
    latin = [chr(cp) for cp in range(0x10000) if unicodedata.name(chr(cp), "").startswith(
        "LATIN")]
    assert len(latin) > 1000 and not set(latin) & set(letters)
    assert all(unicodedata.category(c).startswith("L") for c in letters)
    assert all(value.isascii() and value.islower() and len(value) == 1
               for value in letters.values())
    assert key("Ca1m down, I'rn sorry") == ("ca1m", "down", "i", "rn", "sorry")


@pytest.mark.parametrize("handbook", ["generator/starter/de", "generator/starter/fr",
                                      "generator/starter/es", "tests/handbook_de"])
def test_a_german_french_or_spanish_handbook_is_matched_exactly_as_before(handbook: str) -> None:
    """Not a letter of these handbooks is a look-alike: folding changes none of their words."""
    text = "".join(p.read_text("utf-8") for p in sorted((ROOT / handbook).rglob("*.y*ml")))
    assert len(text) > 5_000
    assert not set(text) & set(lookalikes.letters())


def test_every_invisible_format_character_is_read_as_nothing() -> None:
    """INVISIBLE is Unicode's Default_Ignorable_Code_Point, written out; it holds every format
    character of Python's Unicode but the few that are visible marks."""
    visible = {*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD,
               0x110CD, *range(0xFFF9, 0xFFFC), *range(0x13430, 0x13460)}
    hidden = {cp for first, last in lookalikes.INVISIBLE for cp in range(first, last + 1)}
    format_characters = {cp for cp in range(sys.maxunicode + 1)
                         if unicodedata.category(chr(cp)) == "Cf"}
    assert format_characters - visible <= hidden
    assert not hidden & visible
    assert all(fold(chr(cp)) == "" for cp in sorted(hidden)[::97])
