"""What the tool says to people, kept as a catalog key and its values until it is shown.

A diagnostic, a line of `phrasebook check` or `init`, the problem page of `serve`: each is a
`Message`, a key of the gettext catalogs in `locales/` and the values to fill in. Nothing
that finds a problem knows the reader's language: a rule or the loader says
`say("unknown_reference", kind=say("entry_phrase"), id=ref)` and the text is written only
when it is printed, by `Labels.say` (`labels.py`) in the handbook's language. The same
finding can so be kept in the check cache and printed in any language, and JSON keeps the
key beside the text for machines.

Adding a message, in one commit:

1. In code, `say(key, name=value, ...)`, or `say(key, count=n, ...)` when the text counts
   something. A value is one of three things:
   - `str`: words that are not ours (an id, a path, the text of a phrase, an OS error),
     shown as they are, never translated;
   - `int`: a quantity, written with the language's digit grouping ("10,000", "10 000");
     a number that names something (a line, a year) is passed as `str`;
   - another `Message`: a part that is translated too (a kind of entry, a severity).
2. In `locales/messages.pot`: `msgctxt` the key, `msgid` the English text with its
   `{name}`s (and `msgid_plural` when there is a count). A `#.` comment above it says where
   it is shown and what each value is, for translators.
3. The same entry in `de.po`, `fr.po` and `es.po`, translated (`tests/test_labels.py` holds
   every language complete, and every value kept). Each language's typography applies:
   French puts a narrow no-break space (U+202F) before `:` `;` `?` `!` and inside « »
   (`tests/test_typography.py`).

Quote content's words with `say("quoted", text=...)`: each language has its quotation marks.
Never build a sentence from pieces in code (`"an " + kind`): a translation must be free to
put the words in its own order, so a whole sentence is one key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Union

Value = Union[str, int, "Message"]


@dataclass(frozen=True, slots=True)
class Message:
    """A catalog key, the values its `{name}`s are filled with, and the number that picks
    its plural form (None for a text that counts nothing)."""

    key: str
    values: tuple[tuple[str, Value], ...] = ()
    count: int | None = None

    def __str__(self) -> str:
        """The English text: for logs and tests; what users read is written by `Labels.say`
        in their language."""
        from .labels import english_labels

        return english_labels().say(self)

    def keys(self) -> Iterator[str]:
        """This message's key and those of the messages inside it."""
        yield self.key
        for _, value in self.values:
            if isinstance(value, Message):
                yield from value.keys()


def say(key: str, /, count: int | None = None, **values: Value) -> Message:
    """A message to show: `say("exported", count=3, format="csv", folder="out")`."""
    return Message(key, tuple(sorted(values.items())), count)


def plain(value: object) -> object:
    """A message as plain values (lists, str, int) that `unplain` reads back: for the cache."""
    if isinstance(value, Message):
        return ["m", value.key, [[k, plain(v)] for k, v in value.values], value.count]
    return value


def unplain(value: object) -> Message:
    """The message `plain` wrote; a ValueError for anything else (a cache from elsewhere)."""
    if not (isinstance(value, (list, tuple)) and len(value) == 4 and value[0] == "m"
            and isinstance(value[1], str) and isinstance(value[2], (list, tuple))
            and (value[3] is None or type(value[3]) is int)):
        raise ValueError("not a message this tool wrote")
    values: list[tuple[str, Value]] = []
    for pair in value[2]:
        name, item = pair
        if not isinstance(name, str):
            raise ValueError("not a message this tool wrote")
        values.append((name, unplain(item) if isinstance(item, (list, tuple))
                       else _checked(item)))
    return Message(value[1], tuple(values), value[3])


def _checked(item: object) -> str | int:
    if isinstance(item, str) or type(item) is int:
        return item
    raise ValueError("not a message value")


def listed(items: Sequence[Value]) -> Value:
    """Items one after another as the language separates them ("“a”, “b”"): a list whose
    items are translated too (quoted words) is joined in the catalog, not in code."""
    if not items:
        return ""
    joined = items[-1]
    for item in reversed(items[:-1]):
        joined = say("list_items", first=item, rest=joined)
    return joined


def language(code: str, name: str) -> Message:
    """A language of the handbook, named in the reader's language where CLDR knows it
    ("French", "Französisch", "francés"), else as the team names it (`name`)."""
    return say(LANGUAGE, code=code, name=name)


LANGUAGE = "language_name"  # written by `Labels.say` from CLDR's names, not from a catalog
