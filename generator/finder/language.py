"""How the tool reads one language: the phrase finder's filler words, spelling variants,
contractions and Snowball stemmer, and the words the checker's rules look for (figures,
references to writing or to the voice).

The lists are data (languages/<code>.yml), one file per language, so a team can read what the
finder ignores and what the checker catches, and a new language is a new file. A language
without a file still gets its Snowball stemmer when there is one, no filler words, and only
the figures every language writes alike ("95 %").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import snowballstemmer
import yaml

LANGUAGES = Path(__file__).parent / "languages"

# Material's theme.language codes that Snowball knows under another name.
SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "nb": "norwegian", "nn": "norwegian", "no": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}


@dataclass(frozen=True, slots=True)
class Figures:
    """What the `figure` rule reads as a share of customers: regular expressions in which
    `{number}` is digits or one of `numbers`, and `{name}` one of `parts`."""

    numbers: tuple[str, ...] = ()
    parts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    after_number: tuple[str, ...] = (r"\s*%",)
    shares: tuple[str, ...] = ()
    after_digit: str = "%"
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    stemmer: str | None = None
    filler: tuple[str, ...] = ()
    # (regular expression, replacement with $1 for a group): written for both Python and
    # JavaScript, since the browser applies them to what the rep types.
    spelling: tuple[tuple[str, str], ...] = ()
    contractions: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    suffixes: tuple[tuple[str, str], ...] = ()
    elisions: tuple[str, ...] = ()
    figures: Figures = Figures()
    writing: tuple[str, ...] = ()  # words pointing at writing: wrong on a spoken channel
    voice: tuple[str, ...] = ()  # words pointing at the voice or the line: wrong in writing

    def for_browser(self) -> dict[str, object]:
        """What the finder's worker needs to read a query as the build read the handbook."""
        return {
            "filler": list(self.filler),
            "spelling": [list(rule) for rule in self.spelling],
            "contractions": {k: list(v) for k, v in sorted(self.contractions.items())},
            "suffixes": [list(s) for s in self.suffixes],
            "elisions": list(self.elisions),
        }


@cache
def language(code: str) -> Language:
    """The language of `theme.language` ("en", "de", "pt-BR"...), by its primary subtag."""
    primary = code.lower().replace("_", "-").split("-")[0] or "en"
    path = LANGUAGES / f"{primary}.yml"
    if not path.is_file():
        return Language(primary, SNOWBALL.get(primary))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Language(
        code=primary,
        stemmer=data.get("stemmer"),
        filler=tuple(str(w) for w in data.get("filler") or ()),
        spelling=tuple((str(a), str(b)) for a, b in data.get("spelling") or ()),
        contractions=MappingProxyType({str(k): tuple(str(w) for w in v)
                                       for k, v in (data.get("contractions") or {}).items()}),
        suffixes=tuple((str(a), str(b)) for a, b in data.get("suffixes") or ()),
        elisions=tuple(str(e) for e in data.get("elisions") or ()),
        figures=_figures(data.get("figures")),
        writing=tuple(str(w) for w in data.get("writing") or ()),
        voice=tuple(str(w) for w in data.get("voice") or ()),
    )


def _figures(data: dict[str, Any] | None) -> Figures:
    if not data:
        return Figures()

    def texts(name: str) -> tuple[str, ...]:
        return tuple(str(t) for t in data.get(name) or ())

    return Figures(
        numbers=texts("numbers"),
        parts=MappingProxyType({str(k): str(v) for k, v in (data.get("parts") or {}).items()}),
        after_number=texts("after_number"),
        shares=texts("shares"),
        after_digit=str(data.get("after_digit") or "%"),
        words=texts("words"),
    )


def stemmer(lang: Language) -> Callable[[str], str]:
    """Snowball's stemmer for the language, or the word itself when Snowball has none."""
    if lang.stemmer is None or lang.stemmer not in snowballstemmer.algorithms():
        return lambda word: word
    stem = snowballstemmer.stemmer(lang.stemmer).stemWord
    return lambda word: str(stem(word))


def spelling_rules(lang: Language) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The spelling rules as Python patterns ($1 written as \\1)."""
    return tuple((re.compile(pattern), re.sub(r"\$(\d)", r"\\\1", replacement))
                 for pattern, replacement in lang.spelling)
