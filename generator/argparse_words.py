"""argparse's own words ("usage:", "options", "error: unrecognized arguments: ...") in the
handbook's language.

argparse writes them with gettext's `_()` and `ngettext()`, names it imported into its module
when it was first imported. Within `speaking(labels)` those two names are ours: they look
argparse's English text up in our catalogs (the `argparse_*` keys, whose msgid is argparse's
English to the letter) and give the handbook's language; a text we do not have stays
argparse's English.

Why this and not a subclass of ArgumentParser: the texts are spread over four classes
(the headings and -h's help in `ArgumentParser.__init__`, "usage: " in `HelpFormatter`,
"argument %s:" in `ArgumentError.__str__`, each error in a parse method of its own), so a
subclass would copy a dozen of argparse's methods and still miss a text the next Python
adds; two names swapped for the time of one parse cover every text argparse has, in any
version, with no copy of its code. The command line is parsed once, in one thread, before
anything else runs, so the swap is seen by nothing else.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
from collections.abc import Iterator, Mapping

from .labels import Labels, english

PREFIX = "argparse_"


@functools.cache
def _keys() -> Mapping[str, str]:
    """Our key for each English text of argparse's (its singular, for a plural text)."""
    return {forms[0]: key for key, forms in english().items() if key.startswith(PREFIX)}


@contextlib.contextmanager
def speaking(labels: Labels) -> Iterator[None]:
    """Within: parsers made and command lines parsed speak `labels`' language."""
    keys = _keys()

    def gettext(text: str) -> str:
        key = keys.get(text)
        return labels.text(key) if key else text

    def ngettext(singular: str, plural: str, n: int) -> str:
        key = keys.get(singular)
        if key is None:
            return singular if n == 1 else plural
        return labels.text(key, n)

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
