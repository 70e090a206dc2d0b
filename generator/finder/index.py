"""The phrase finder's index: the handbook's searchable text, built from the model (not
scraped from HTML), with what the browser needs to forgive how a rep types.

Fields are short on purpose: this file is downloaded by every rep on first search. A
situation's title and keywords, and a step's title, are written once and named by their
number in each row (`h`: the phrase's home situation, `w`: all its situations, `p`: its step),
so the file does not grow with keywords times phrases. Rows follow the method's order, which
the finder uses to break ties: of two phrases that match alike, the one for the earlier step
of a call comes first.

Besides phrases, `entries` holds worked examples, situations and lessons, which the finder
shows as their own group; `language` the filler words, spelling variants and contractions of
`theme.language`; `stems` each word whose Snowball stem differs from it, grouped by stem, so
the browser matches word forms ("frustrated", "frustrating") without a stemmer of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from .. import model as m
from .language import language
from .words import Reader, spoken

Locate = Callable[[str, str], str]  # (kind, id) -> the entry's URL from the site root


def _markdown(text: str | None) -> str:
    return spoken(text or "")


def _phrase_row(phrase: m.Phrase, locate: Locate, home: int, situations: dict[str, int],
                step: int) -> dict[str, Any]:
    row: dict[str, Any] = {
        "i": phrase.id,
        "u": locate("phrase", phrase.id),
        "s": phrase.say,
        "p": step,
        "h": home,
        "w": [situations[s] for s in phrase.situations],
    }
    if phrase.title:
        row["t"] = phrase.title
    if phrase.tags:
        row["g"] = " ".join(phrase.tags)
    if phrase.avoid:
        row["a"] = [a.text for a in phrase.avoid]
    if phrase.variants:
        row["v"] = dict(phrase.variants)
    if phrase.aliases:
        row["o"] = list(phrase.aliases)
    # The advice around a phrase (why to say it, why not the avoided words) is searched but
    # weighs least: a rep remembers "script" from it, not the phrase itself.
    why = " ".join(_markdown(text) for text in (phrase.why, *(a.why for a in phrase.avoid))
                   if text)
    if why.strip():
        row["y"] = " ".join(why.split())
    return row


def _entries(handbook: m.Handbook, locate: Locate) -> list[dict[str, Any]]:
    """Worked examples, situations and lessons: `k` kind, `t` title, `g` words that name it,
    `s` a line shown under the title, `x` the rest of its text (searched, not shown), `w` an
    example's situations by number (their words find it, but do not name it)."""
    situations = {s.id: n for n, s in enumerate(handbook.situations)}
    out: list[dict[str, Any]] = []
    for example in handbook.examples:
        lines = (t.customer or t.rep or t.colleague or "" for t in example.dialogue)
        out.append({
            "k": "example", "i": example.id, "u": locate("example", example.id),
            "t": example.title,
            "g": " ".join(example.tags),
            "w": [situations[s] for s in example.situations],
            "s": " ".join(_markdown(example.setting).split()),
            "x": " ".join(" ".join((*map(spoken, lines), _markdown(example.outcome),
                                    _markdown(example.takeaway))).split()),
        })
    for situation in handbook.situations:
        out.append({
            "k": "situation", "i": situation.id, "u": locate("situation", situation.id),
            "t": situation.title, "g": " ".join(situation.keywords),
            "s": " ".join(_markdown(situation.summary).split()),
        })
    for lesson in handbook.lessons:
        out.append({
            "k": "lesson", "i": lesson.id, "u": locate("lesson", lesson.id),
            "t": lesson.title,
            "s": " ".join(_markdown(lesson.summary).split()),
            "x": " ".join(" ".join(_markdown(o) for o in lesson.objectives).split()),
        })
    return out


def _texts(index: dict[str, Any]) -> Iterable[str]:
    """Every text the worker indexes (finder-worker.js, build())."""
    for title, keywords in index["situations"]:
        yield title
        yield keywords
    yield from index["steps"]
    for row in index["phrases"]:
        yield row.get("t", "")
        yield spoken(row["s"])
        yield from row.get("a", ())
        yield row.get("g", "")
        yield from map(spoken, row.get("v", {}).values())
        yield row.get("y", "")
    for entry in index["entries"]:
        for key in ("t", "g", "s", "x"):
            yield entry.get(key, "")


def _stems(reader: Reader, texts: Iterable[str]) -> dict[str, list[str]]:
    """Stem -> the words of the handbook that have it, for words that are not their stem."""
    stem_of: dict[str, str] = {}
    for text in texts:
        for word, stem in reader.words(text):
            stem_of.setdefault(word, stem)
    groups: dict[str, list[str]] = {}
    for word, stem in sorted(stem_of.items()):
        if word != stem:
            groups.setdefault(stem, []).append(word)
    return dict(sorted(groups.items()))


def finder_index(handbook: m.Handbook, locate: Locate, home: Callable[[m.Phrase], str],
                 language_code: str) -> str:
    """The index as JSON text, the same for the same handbook and language."""
    situations = {s.id: n for n, s in enumerate(handbook.situations)}
    steps = {step.id: n for n, step in enumerate(handbook.steps)}
    ordered = sorted(handbook.phrases, key=lambda p: steps[p.step])
    lang = language(language_code)
    index: dict[str, Any] = {
        "language": lang.for_browser(),
        "situations": [[s.title, " ".join(s.keywords)] for s in handbook.situations],
        "steps": [s.title for s in handbook.steps],
        "phrases": [_phrase_row(p, locate, situations[home(p)], situations, steps[p.step])
                    for p in ordered],
        "entries": _entries(handbook, locate),
    }
    index["stems"] = _stems(Reader(lang), _texts(index))
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
