"""The phrase finder's index: the handbook's searchable text, built from the model (not
scraped from HTML), with what the browser needs to forgive how a rep types.

Each phrase is a row; worked examples, situations and lessons follow as rows of their own,
which the finder shows as their own group. Rows follow the method's order, which the finder
uses to break ties: of two phrases that match alike, the one for the earlier step of a call
comes first. The words of every row are read here (postings.py), with the stems the browser
cannot compute, and written as a head and parts (parts.py): the worker reads only the rep's
query, with the rules of `theme.language` shipped in the head.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .. import model as m
from . import parts
from .postings import Row, invert
from .words import reader_for, spoken

Locate = Callable[[str, str], str]  # (kind, id) -> the entry's URL from the site root


def _markdown(text: str | None) -> str:
    return " ".join(spoken(text or "").split())


def _phrase(phrase: m.Phrase, locate: Locate, home: int, situations: dict[str, int],
            step: int) -> tuple[Row, dict[str, Any]]:
    """A phrase's searchable text, and what the results list shows of it (`h` its home
    situation and `p` its step by number: their titles are in the head once)."""
    # The advice around a phrase (why to say it, why not the avoided words) is searched but
    # weighs least: a rep remembers "script" from it, not the phrase itself.
    why = " ".join(_markdown(text) for text in (phrase.why, *(a.why for a in phrase.avoid))
                   if text)
    row = Row(fields=(("title", phrase.title or ""), ("say", spoken(phrase.say)),
                      ("avoid", " ".join(a.text for a in phrase.avoid)),
                      ("keywords", " ".join(phrase.tags)),
                      ("variants", spoken(" ".join(phrase.variants.values()))),
                      ("why", " ".join(why.split()))),
              step=step, situations=tuple(situations[s] for s in phrase.situations))
    shown: dict[str, Any] = {"i": phrase.id, "u": locate("phrase", phrase.id),
                             "s": phrase.say, "h": home, "p": step}
    if phrase.title:
        shown["t"] = phrase.title
    return row, shown


def _entries(handbook: m.Handbook, locate: Locate) -> Iterator[tuple[Row, dict[str, Any]]]:
    """Worked examples, situations and lessons: shown with `k` kind, `t` title and `s` a line
    under it; found by their title, the words that name them (tags, keywords), that line and
    the rest of their text; an example also by its situations' words, which do not name it."""
    situations = {s.id: n for n, s in enumerate(handbook.situations)}

    def entry(kind: str, id: str, title: str, line: str, names: str = "", text: str = "",
              where: tuple[int, ...] = ()) -> tuple[Row, dict[str, Any]]:
        fields = (("title", title), ("keywords", names), ("summary", line), ("text", text))
        return (Row(fields, situations=where, entry=True),
                {"k": kind, "i": id, "u": locate(kind, id), "t": title, "s": line})

    for example in handbook.examples:
        lines = (t.customer or t.rep or t.colleague or "" for t in example.dialogue)
        yield entry("example", example.id, example.title, _markdown(example.setting),
                    " ".join(example.tags),
                    " ".join(" ".join((*map(spoken, lines), _markdown(example.outcome),
                                       _markdown(example.takeaway))).split()),
                    tuple(situations[s] for s in example.situations))
    for situation in handbook.situations:
        yield entry("situation", situation.id, situation.title, _markdown(situation.summary),
                    " ".join(situation.keywords))
    for lesson in handbook.lessons:
        yield entry("lesson", lesson.id, lesson.title, _markdown(lesson.summary),
                    text=" ".join(_markdown(o) for o in lesson.objectives))


def finder_index(handbook: m.Handbook, locate: Locate, home: Callable[[m.Phrase], str],
                 language_code: str) -> parts.Contents:
    """The index, which parts.files() writes; the same for the same handbook and language."""
    situations = {s.id: n for n, s in enumerate(handbook.situations)}
    steps = {step.id: n for n, step in enumerate(handbook.steps)}
    ordered = sorted(handbook.phrases, key=lambda p: steps[p.step])
    phrases = [_phrase(p, locate, situations[home(p)], situations, steps[p.step])
               for p in ordered]
    entries = list(_entries(handbook, locate))
    reader = reader_for(language_code)
    inverted = invert(reader,
                      [f"{s.title} {' '.join(s.keywords)}" for s in handbook.situations],
                      [s.title for s in handbook.steps],
                      (row for row, _ in (*phrases, *entries)))
    ids: dict[str, str] = {}
    for phrase, (_, shown) in zip(ordered, phrases, strict=True):
        for alias in phrase.aliases:
            ids.setdefault(alias, shown["u"])
    ids.update((shown["i"], shown["u"]) for _, shown in phrases)
    head = {
        "language": reader.lang.for_browser(),
        "situations": [s.title for s in handbook.situations],
        "steps": [s.title for s in handbook.steps],
        "phrases": len(phrases),
        "entries": len(entries),
        "examples": len(handbook.examples),  # entries are examples, situations, lessons
    }
    return parts.Contents(head, inverted, [shown for _, shown in (*phrases, *entries)], ids)
