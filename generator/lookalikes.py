"""Letters that look like others, and characters no one sees: what matching must see through.

An avoided phrase written with a Cyrillic `a` (U+0430) in "calm down", or with a zero-width
joiner inside "calm", looks the same on screen and in the rep's reply, but is another string: the
checker and the reply checker passed it (issue 19, point 10). So matching folds

- letters of other scripts that Unicode lists as confusable with a Latin letter (UTS #39's
  confusables data, as the `confusable-homoglyphs` package ships it with the scripts of
  Unicode's Scripts.txt) into that letter, lower case; and
- invisible characters (Unicode's Default_Ignorable_Code_Point: joiners, direction marks,
  variation selectors, tags...) into nothing.

Only for matching: the text shown, copied and reported is never changed, and a word keeps
the place of the characters it was made from (normalize.words). Unicode's own skeleton
(UTS #39) also folds Latin into Latin (`m` into `rn`, `l` and `I` into one), which would make
ordinary words of German, French or Spanish match others; here a letter of the Latin script,
or of none (digits, punctuation, marks), is never folded, so no word written in Latin letters
changes, and two words of another script meet only where Unicode says they look alike.

The browser's reply checker reads these tables from the JSON the site ships
(reply.norm_tables), so it folds exactly as Python does.
"""

from __future__ import annotations

import functools
import unicodedata

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), first and last code
# point of each range: soft hyphen, joiners, direction marks and isolates, invisible
# operators, fillers, variation selectors, tags, and the reserved ranges kept ignorable.
INVISIBLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
_NOT_FOLDED = frozenset(["LATIN", "COMMON", "INHERITED"])


@functools.cache
def letters() -> dict[str, str]:
    """Each letter of another script that looks like one Latin letter: that letter, in lower
    case. An upper-case letter whose lower case is listed takes its lower case's letter (the
    Cyrillic capital I, U+0406, is an `i`, though Unicode's prototype of I-like letters is
    `l`)."""
    from confusable_homoglyphs import categories, confusables

    found: dict[str, str] = {}
    for source, alike in confusables.confusables_data.items():
        if len(source) != 1 or not unicodedata.category(source).startswith("L") or \
                categories.alias(source) in _NOT_FOLDED:
            continue
        latin = {a["c"].lower() for a in alike
                 if len(a["c"]) == 1 and a["c"].isascii() and a["c"].isalpha()}
        if len(latin) == 1:
            found[source] = latin.pop()
    for source in list(found):
        lower = source.lower()
        if lower != source and lower in found:
            found[source] = found[lower]
    return dict(sorted(found.items()))


@functools.cache
def table() -> dict[int, str]:
    """Both, as a `str.translate` table."""
    out = {ord(source): latin for source, latin in letters().items()}
    for first, last in INVISIBLE:
        out.update(dict.fromkeys(range(first, last + 1), ""))
    return out
