"""A Vale style and a `.vale.ini`, so writers see the avoid list in their own editor.

Each avoided phrase becomes one rule file (`styles/Phrasebook/<name>.yml`): a `substitution`
to the house alternative (the phrase it is listed under) when that is short enough to drop in
a sentence, else an `existence` rule. The message is the handbook's own why. Matching ignores
case and accepts a straight or a curly apostrophe and any run of spaces, as the checker does.

The avoided text is data: it is escaped into a regular expression (Vale's syntax for the
characters used here is the same as Python's), never written as one.
"""

from __future__ import annotations

import re

import yaml

from .. import model as m
from ..load.fields import suggest_id
from .common import FILL_IN, Export, Job, plain, written

STYLE = "Phrasebook"
SHORT_WORDS = 8  # an alternative longer than this is a whole reply, not a substitution
_WORD_CHARS = re.compile(r"\w")
_SPECIAL = set("\\.^$|?*+()[]{}")


_APOSTROPHE = "['\u2019\u2018]"
# A contraction and its long form, both ways, as the checker counts them the same
# (generator/normalize.py): `you're` matches `you are`, and `you are` matches `you're`.
_SPECIAL_NOT = {"will": "won't", "can": "can't", "shall": "shan't"}
_SUFFIX = {"not": "n't", "are": "'re", "have": "'ve", "will": "'ll", "would": "'d"}
_IS_AFTER = frozenset({"it", "that", "what", "there", "here", "he", "she", "who", "where",
                       "how", "this", "everything", "nothing", "someone", "everyone"})


def _literal(word: str) -> str:
    return "".join(_APOSTROPHE if ch in "'\u2019\u2018`" else ("\\" + ch if ch in _SPECIAL else ch)
                   for ch in word)


def _contracted(first: str, second: str) -> str | None:
    """`you are` -> `you're`; None when the pair has no short form."""
    a, b = first.casefold(), second.casefold()
    if b == "not" and a in _SPECIAL_NOT:
        return _SPECIAL_NOT[a]
    if b in _SUFFIX and a.isalpha():
        return a + _SUFFIX[b]
    if (a, b) == ("i", "am"):
        return "i'm"
    if (a, b) == ("let", "us"):
        return "let's"
    if b == "is" and a in _IS_AFTER:
        return a + "'s"
    return None


def _expanded(word: str) -> tuple[str, str] | None:
    """`you're` -> (`you`, `are`); None for a word that is not a contraction."""
    plain = re.sub("[\u2019\u2018`]", "'", word.casefold())
    for long, short in _SPECIAL_NOT.items():
        if plain == short:
            return long, "not"
    if plain == "i'm":
        return "i", "am"
    if plain == "let's":
        return "let", "us"
    if plain == "cannot":
        return "can", "not"
    for long, suffix in _SUFFIX.items():
        if plain.endswith(suffix) and len(plain) > len(suffix):
            return plain[: -len(suffix)], long
    if plain.endswith("'s") and plain[:-2] in _IS_AFTER:
        return plain[:-2], "is"
    return None


def pattern(text: str) -> str:
    """A regular expression for an avoided phrase, tolerant of apostrophes, spaces and
    contractions."""
    words, out, i = text.split(), [], 0
    while i < len(words):
        word = words[i]
        short = _contracted(word, words[i + 1]) if i + 1 < len(words) else None
        if short is not None:
            out.append(f"(?:{_literal(word)}\\s+{_literal(words[i + 1])}|{_literal(short)})")
            i += 2
            continue
        long = _expanded(word)
        out.append(f"(?:{_literal(word)}|{_literal(long[0])}\\s+{_literal(long[1])})"
                   if long else _literal(word))
        i += 1
    return r"\s+".join(out)


def bounded(text: str) -> tuple[str, bool]:
    """The pattern with word boundaries where the text has word characters at its ends.

    Vale adds `\\b` on both sides unless a rule says `nonword: true`; `\\b` next to a `!`
    or a quote never matches, so such phrases carry their own boundaries instead.
    """
    core = pattern(text)
    stripped = text.strip()
    starts, ends = bool(_WORD_CHARS.match(stripped[:1])), bool(_WORD_CHARS.match(stripped[-1:]))
    if starts and ends:
        return core, False
    return ("\\b" if starts else "") + core + ("\\b" if ends else ""), True


def alternative(handbook: m.Handbook, phrase: m.Phrase) -> str | None:
    """The phrase's written text, when it is short and has nothing to fill in."""
    channel = next((c for c in phrase.channels if written(handbook, c)), None)
    text = phrase.text_for(channel) if channel else phrase.say
    if FILL_IN.search(text) or len(text.split()) > SHORT_WORDS or set(text) & set("|$%"):
        return None
    return text


def rule_name(used: set[str], avoid: m.Avoid) -> str:
    """The rule's file name: the avoided text transliterated as ids are (`désolé pour la
    gêne` -> `desole-pour-la-gene`), unique within the style."""
    base = suggest_id(avoid.text)[:60].strip("-") or "avoid"
    name, n = base, 2
    while name in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name)
    return name


def rule(job: Job, avoid: m.Avoid, phrase: m.Phrase) -> dict[str, object]:
    """The Vale rule for one avoided phrase. Its message is the language's, with Vale's
    `%s` for what it found (and, in a substitution, what to say first); every other `%` is
    doubled, since Vale formats the message."""
    why = plain(avoid.why or phrase.why).replace("%", "%%")
    regex, nonword = bounded(avoid.text)
    instead = alternative(job.handbook, phrase)
    key = "vale_substitution" if instead is not None else "vale_existence"
    message = _vale_format(job.labels.text(key)) + (f" {why}" if why else "")
    if instead is not None:
        found: dict[str, object] = {
            "extends": "substitution", "message": message,
            "level": "warning", "ignorecase": True, "swap": {regex: instead}}
    else:
        found = {"extends": "existence", "message": message,
                 "level": "warning", "ignorecase": True, "tokens": [regex]}
    if nonword:
        found["nonword"] = True
    return found


def _vale_format(label: str) -> str:
    """A label's `{instead}` and `{found}` as Vale's two `%s` (Vale gives the suggestion
    first), any other `%` doubled."""
    return label.replace("%", "%%").replace("{instead}", "%s").replace("{found}", "%s")


def export(job: Job) -> Export:
    files: dict[str, str | bytes] = {
        ".vale.ini": f"StylesPath = styles\nMinAlertLevel = suggestion\n\n"
                     f"[*]\nBasedOnStyles = {STYLE}\n",
    }
    used: set[str] = set()
    for phrase in job.handbook.phrases:
        for avoid in phrase.avoid:
            name = rule_name(used, avoid)
            comment = job.labels.text("vale_comment", id=phrase.id,
                                      text=" ".join(avoid.text.split()))
            files[f"styles/{STYLE}/{name}.yml"] = (
                f"# {' '.join(comment.splitlines())}\n"
                + yaml.safe_dump(rule(job, avoid, phrase), allow_unicode=True,
                                 sort_keys=False, width=10_000))
    return Export(files)
