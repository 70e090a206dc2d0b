"""The YAML parser's own words ("found unexpected end of stream", "while scanning a quoted
scalar") in the handbook's language.

A `yaml-syntax` error says what the parser said: its problem, and what it was reading when it
stopped, in English. The loader is libyaml where PyYAML was built with it (as its wheels are),
else PyYAML's pure-Python parser (source.py), and both are covered. libyaml's texts are fixed
words; some of the Python parser's are templates with a value inside ("found character %r that
cannot start any token"). Each text is a catalog key `yaml_says_*` whose msgid is the parser's
English to the letter, a value written `{name}`: the msgid is the template, read as a pattern
whose `{name}`s match any text, so a text and its key are one entry. A value is kept as the
parser wrote it (a character in Python's quotes, an anchor's name). A text no key has (a parser
of another version) stays the parser's English.

Looked up by the English text, as argparse_words.py does for argparse: the parser's errors
carry no code, only their words. The English text stays what source.py picks its hints by;
only what is shown is translated.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from .labels import english
from .messages import Message, Value, say

PREFIX = "yaml_says_"
_FILL_IN = re.compile(r"\{([a-z_]+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    parts = _FILL_IN.split(template)  # words, name, words, name, ..., words
    return re.compile("".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)"
                              for i, part in enumerate(parts)) + r"\Z", re.S)


@functools.cache
def known() -> Mapping[str, str]:
    """Our key for each English text of the parser's (a template, for a text with values)."""
    return {forms[0]: key for key, forms in english().items() if key.startswith(PREFIX)}


@functools.cache
def _templates() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((key, _pattern(text)) for text, key in known().items() if _FILL_IN.search(text))


def spoken(text: str) -> Value:
    """The parser's English `text` as a message in the reader's language, its values as the
    parser wrote them; or `text` itself, when no key has its words."""
    key = known().get(text)
    if key is not None:
        return say(key)
    for key, pattern in _templates():
        match = pattern.match(text)
        if match is not None:
            return Message(key, tuple(sorted(match.groupdict().items())))
    return text
