"""One way to compare words, used by every rule that matches text.

A rep's line and an avoided phrase must match however they were typed: with a curly or a
straight apostrophe, `I'm` or `I am`, `SORRY` or `sorry`, `**I'm** sorry` in Markdown. So text
becomes a list of words, each remembering where it was in the source, and phrases match as
word sequences: on word boundaries by construction, and in time linear in the text (a trie,
walked from each word).

Text struck through in Markdown (`~~I'm sorry~~`) is a quoted "don't", not a use of it, and
yields no words. Link targets yield none either: only the words a reader sees count. A phrase
spelled with look-alike letters of another script, or with invisible characters inside, is
the phrase a reader sees (lookalikes.py).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from sys import intern
from typing import Generic, TypeVar

from . import lookalikes

T = TypeVar("T")

# Curly quotes, primes and backticks to straight; dashes and odd spaces to plain.
_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u02bc": "'", "`": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
        "\u200b": "", "\u00ad": "", "\ufeff": "",
    }
)
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Struck-through text, and a link's target (with its title): what a reader does not see. A
# target ends at `)`, a space, or the next `](`: without that last stop, every `](` of a text
# without `)` was scanned to the end again, quadratic (200 KB of `"](` took 54 s to check).
_HIDDEN = re.compile(r"~~.+?~~|\]\((?:[^)\s\]]|\](?!\())*(?:\s+\"[^\"]*\")?\)", re.S)

# Contractions count as their long forms; `'s` only after words where it means "is".
_WHOLE = {
    "can't": ("can", "not"), "cannot": ("can", "not"), "won't": ("will", "not"),
    "shan't": ("shall", "not"), "ain't": ("is", "not"), "let's": ("let", "us"),
    "i'm": ("i", "am"), "y'all": ("you", "all"),
}
_SUFFIX = (("n't", ("not",)), ("'re", ("are",)), ("'ve", ("have",)), ("'ll", ("will",)),
           ("'d", ("would",)), ("'m", ("am",)))
_IS_AFTER = frozenset({"it", "that", "what", "there", "here", "he", "she", "who", "where",
                       "how", "this", "everything", "nothing", "someone", "everyone"})


@dataclass(frozen=True, slots=True)
class Word:
    """A normalised word and the span of source text it came from."""

    text: str
    start: int
    end: int


def fold(text: str) -> str:
    """Quotes, dashes and spaces made plain, NFKC, case folded; and, before and after case
    folding, look-alike letters of other scripts made Latin and invisible characters taken
    out (lookalikes.py)."""
    text = text.translate(_FOLD)
    if not text.isascii():
        alike = lookalikes.table()
        text = unicodedata.normalize("NFKC", text).translate(_FOLD).translate(alike)
        return text.casefold().translate(alike)
    return text.casefold()


def _expand(word: str) -> tuple[str, ...]:
    whole = _WHOLE.get(word)
    if whole:
        return whole
    if "'" not in word:
        return (word,)
    for suffix, long in _SUFFIX:
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[: -len(suffix)], *long)
    if word.endswith("'s"):
        base = word[:-2]
        return (base, "is") if base in _IS_AFTER else (base,)
    return tuple(part for part in word.split("'") if part)


def words(text: str) -> list[Word]:
    """The words of `text`, normalised, with their offsets in `text`.

    Offsets refer to the original string, so a match can be reported at its column. Folding
    is done per character where it could change a length (NFKC, case folding), so offsets
    stay exact for any input.
    """
    hidden = [(m.start(), m.end()) for m in _HIDDEN.finditer(text)] if (
        "~~" in text or "](" in text) else []
    if text.isascii():
        folded, where = text.translate(_FOLD).lower(), None
    else:
        pieces: list[str] = []
        index: list[int] = []
        for i, char in enumerate(text):
            out = fold(char)
            pieces.append(out)
            index.extend([i] * len(out))
        folded, where = "".join(pieces), index
    found: list[Word] = []
    h = 0
    for match in _WORD.finditer(folded):
        start, end = match.span()
        if where is not None:
            start, end = where[start], where[end - 1] + 1
        while h < len(hidden) and hidden[h][1] <= start:
            h += 1
        if h < len(hidden) and hidden[h][0] <= start:
            continue
        for part in _expand(match.group()):
            found.append(Word(part, start, end))
    return found


@functools.lru_cache(maxsize=1 << 16)
def key(text: str) -> tuple[str, ...]:
    """The normalised words of `text`: equal keys mean the same phrase. Each word is the one
    string of its spelling (interned): a big handbook's keys repeat a few thousand words
    hundreds of thousands of times, and the checker keeps them while it runs. Kept for the
    process: the checker, the desk cards and the reply checker's table each ask for the
    avoided phrases' keys, and `phrasebook serve` for the same texts on every save."""
    if "~~" in text or "](" in text:
        return tuple(intern(w.text) for w in words(text))
    return tuple(intern(part) for word in _WORD.findall(fold(text)) for part in _expand(word))


# Words a contraction expands to: never a phrase's trigger, since the text may spell them
# differently ("can't" holds no "not" until expanded).
_EXPANDED = frozenset(part for parts in (*_WHOLE.values(), *(p for _, p in _SUFFIX))
                      for part in parts) | {"is", "us"}
_QUICK = re.compile(r"[^\W_]+")


def trigger(sequence: Sequence[str]) -> str | None:
    """The word of a phrase to look for first: its longest that no contraction can hide."""
    candidates = [w for w in sequence if w not in _EXPANDED and "'" not in w]
    return max(candidates, key=len) if candidates else None


def quick_words(text: str) -> tuple[str, ...]:
    """A fast, rough list of the words of `text`, each once, enough to tell that a phrase
    cannot be in it. A tuple of interned words, not a set: the checker keeps one for every
    text of the handbook while it runs, and 42,000 sets of new strings were half its memory
    at 10,000 phrases (51 MB)."""
    return tuple(map(intern, set(_QUICK.findall(fold(text)))))


@dataclass(slots=True)
class _Node(Generic[T]):
    children: dict[str, _Node[T]] = field(default_factory=dict)
    found: list[T] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    value: T
    first: int  # index of the first matched word
    last: int  # index of the last matched word (inclusive)


class Matcher(Generic[T]):
    """Many phrases compiled once into a word trie; finds all of them in one pass.

    Each phrase also has a trigger word; `may_match` rules a text out with a set lookup of
    its rough words, so most texts are never split into positioned words at all.
    """

    def __init__(self, phrases: Iterable[tuple[Sequence[str], T]] = ()) -> None:
        self._root: _Node[T] = _Node()
        self._triggers: set[str] = set()
        self._always = False
        for sequence, value in phrases:
            self.add(sequence, value)

    def add(self, sequence: Sequence[str], value: T) -> None:
        if not sequence:
            return
        node = self._root
        for word in sequence:
            node = node.children.setdefault(word, _Node())
        node.found.append(value)
        first = trigger(sequence)
        if first is None:
            self._always = True
        else:
            self._triggers.add(first)

    def may_match(self, rough: Iterable[str]) -> bool:
        """False when a text whose `quick_words` are `rough` cannot hold any phrase."""
        return self._always or not self._triggers.isdisjoint(rough)

    def find(self, text: Sequence[Word] | Sequence[str]) -> Iterator[Match[T]]:
        """Every occurrence of every phrase in `text` (words, from `words()` or `key()`)."""
        tokens = [w.text if isinstance(w, Word) else w for w in text]
        root = self._root.children
        for i, token in enumerate(tokens):
            node = root.get(token)
            j = i
            while node is not None:
                for value in node.found:
                    yield Match(value, i, j)
                j += 1
                if j == len(tokens):
                    break
                node = node.children.get(tokens[j])
