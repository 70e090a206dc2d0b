"""The words of a text as the phrase finder sees them, the same in Python and in the browser.

The build reads the handbook's text with this module (postings.py); finder-worker.js reads
the rep's query with the same steps, in the same order, and the language's rules shipped in
the index's head. Should the two ever disagree on a word, a query holding it is read
otherwise than the handbook: keep them in step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

from .language import Language, language, spelling_rules, stemmer

APOSTROPHES = str.maketrans({c: "'" for c in "\u2018\u2019\u02bc`\u00b4"})
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Letters Unicode does not decompose into a base letter and a mark.
LETTERS = str.maketrans({"ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d",
                         "þ": "th", "\u0131": "i"})  # dotless i
FILL_IN = re.compile(r"\{[^{}]*\}")  # {customer_name} is not something the rep says
LINK_TARGET = re.compile(r"\]\([^)]*\)")  # Markdown link targets are addresses, not words


def spoken(text: str) -> str:
    """Text without its fill-ins and link targets, as the finder indexes it."""
    return LINK_TARGET.sub("]", FILL_IN.sub(" ", text))


def surfaces(text: str) -> list[str]:
    """The text's words as written, in their case, without those an apostrophe joins
    (which stand for other words): the spellings a status line can show."""
    return [raw for raw in WORD.findall(unicodedata.normalize("NFC", text)) if "'" not in raw]


def tokens(text: str) -> list[str]:
    """The text's lower-case tokens, as written ("don't" is one), before they are resolved."""
    return WORD.findall(unicodedata.normalize("NFC", text).translate(APOSTROPHES).lower())


def _expand(raw: str, lang: Language) -> Iterator[str]:
    if raw in lang.contractions:
        yield from lang.contractions[raw]
        return
    if "'" not in raw:
        yield raw
        return
    head, _, rest = raw.partition("'")
    if head in lang.elisions:
        yield from _expand(rest, lang)
        return
    for suffix, word in lang.suffixes:
        if raw.endswith(suffix) and len(raw) > len(suffix):
            yield raw[: -len(suffix)]
            yield word
            return
    yield re.sub(r"'s$", "", raw).replace("'", "")


class Reader:
    """One language's folding and stemming, with each word worked out once."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self._rules = spelling_rules(lang)
        self._stem = stemmer(lang)
        self.fold: Callable[[str], str] = lru_cache(maxsize=None)(self._fold)
        self.stem: Callable[[str], str] = lru_cache(maxsize=None)(self._stem_of)
        self._tokens: dict[str, tuple[tuple[str, str], ...]] = {}

    def _spell(self, word: str) -> str:
        for pattern, replacement in self._rules:
            word = pattern.sub(replacement, word)
        return word

    def _fold(self, raw: str) -> str:
        """The form both sides compare: no accents, ß = ss, one spelling of each variant."""
        if not raw.isascii():
            decomposed = unicodedata.normalize("NFKD", raw.translate(LETTERS))
            raw = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
        return self._spell(raw)

    def _stem_of(self, raw: str) -> str:
        """The stem of the word with its accents (stemmers know them), then folded. A number
        ("ref 1234": most of a big handbook's distinct words) has no ending to take off."""
        if raw.isascii() and raw.isdigit():
            return self.fold(raw)
        return self.fold(self._stem(self._spell(raw)))

    def words(self, text: str) -> Iterator[tuple[str, str]]:
        """(folded word, its folded stem) for each word of the text."""
        for raw in tokens(text):
            yield from self.token(raw)

    def token(self, raw: str) -> tuple[tuple[str, str], ...]:
        """The (folded word, stem) pairs a token stands for, worked out once per token: a
        handbook repeats a few thousand tokens hundreds of thousands of times."""
        found = self._tokens.get(raw)
        if found is None:
            found = self._tokens[raw] = tuple(
                (self.fold(word), self.stem(word)) for word in _expand(raw, self.lang))
        return found


@cache
def reader_for(code: str) -> Reader:
    """The reader of a language, kept for the process: `phrasebook serve` builds the index
    again on every save, and then reads only the words it has not met before."""
    return Reader(language(code))
