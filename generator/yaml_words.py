"""The YAML parser's own words ("found unexpected end of stream", "while scanning a quoted
scalar") in the handbook's language.

A `yaml-syntax` error says what the parser said: its problem, and what it was reading when it
stopped. The parser is libyaml (source.py's loader, where PyYAML was built with it, as its
wheels are), and libyaml says each of these in English, as a fixed text with nothing filled in.
Each text is a catalog key `yaml_says_*` whose msgid is the parser's English to the letter, so
a text and its key are one entry; a text no key has (a parser of another version, or PyYAML's
pure-Python parser, whose texts carry values: "found character %r that cannot start any
token") stays the parser's English, as before.

Looked up by the English text, as argparse_words.py does for argparse: the parser's errors
carry no code, only their words. The English text itself stays what the loader tests on
(source.py picks its hints by it); only what is shown is translated.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from .labels import english
from .messages import Value, say

PREFIX = "yaml_says_"


@functools.cache
def keys() -> Mapping[str, str]:
    """Our key for each English text of the parser's."""
    return {forms[0]: key for key, forms in english().items() if key.startswith(PREFIX)}


def spoken(text: str) -> Value:
    """The parser's English `text` as a message in the reader's language; or `text` itself,
    when no key has its words."""
    key = keys().get(text)
    return text if key is None else say(key)
