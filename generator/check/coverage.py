"""Nothing is left empty or unkept: steps and situations with phrases, sources cited, figures
caveated, entries reviewed in time."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import model as m
from ..messages import say
from .core import Context, Finding, finding, quote, rule


@rule("step-without-phrases", "warning")
def step_without_phrases(c: Context) -> Iterator[Finding]:
    """A step with nothing to say leaves a rep with advice but no words. Add a phrase whose
    `step` is this step."""
    used = {p.step for p in c.handbook.phrases}
    for step in c.handbook.steps:
        if step.id not in used:
            yield finding(step, "step-without-phrases", step.at,
                          say("step_without_phrases", step=step.id),
                          say("step_without_phrases_hint", step=step.id))


@rule("situation-without-phrases", "warning")
def situation_without_phrases(c: Context) -> Iterator[Finding]:
    """The home page offers every situation to a rep mid-call; an empty one is a dead end.
    Add phrases for it, or remove it."""
    used = {s for p in c.handbook.phrases for s in p.situations}
    for situation in c.handbook.situations:
        if situation.id not in used:
            yield finding(situation, "situation-without-phrases", situation.at,
                          say("situation_without_phrases", situation=situation.id),
                          say("situation_without_phrases_hint", situation=situation.id))


@rule("caveat", "error")
def caveat(c: Context) -> Iterator[Finding]:
    """A figure read second-hand, or one a source itself calls "widely circulating", is shown
    with what we could not check. Add a `caveat`, or mark the figure `verified: true` once
    you have read the original."""
    for stat in c.handbook.statistics:
        if not stat.verified and not stat.caveat:
            yield finding(stat, "caveat", stat.at,
                          say("caveat", figure=quote(stat.figure)), say("caveat_hint"))


@rule("unused-source", "warning")
def unused_source(c: Context) -> Iterator[Finding]:
    """A source nothing cites is either a citation someone forgot or clutter. Cite it where
    its advice is used, or remove it."""
    h = c.handbook
    cited = {s for kind in ("step", "rule", "phrase", "example", "lesson", "roleplay",
                            "goodwill", "template")
             for e in h.entries(kind) for s in getattr(e, "sources", ())}
    cited |= {s for st in h.statistics for s in (st.source, st.via) if s}
    cited |= {f.source for f in h.frameworks}
    cited |= {s for d in h.decisions for side in d.sides for s in side.sources}
    cited |= {target for target in _linked(h, "source")}
    for source in h.sources:
        if source.id not in cited:
            yield finding(source, "unused-source", source.at,
                          say("unused_source", source=source.id), say("unused_source_hint"))


_LINK = re.compile(r"\]\(\s*([a-z]+):([a-z0-9-]+)")


def _linked(handbook: m.Handbook, kind: str) -> Iterator[str]:
    """Ids of `kind` linked from Markdown anywhere in the content (`[x](source:id)`). A
    pattern over each file's text, not links.py's parser: the texts are whole YAML files,
    and parsing them as Markdown took a second per check of the bundled handbook. A source
    cited only by another way of linking gets a needless warning, never a crash."""
    for text in handbook.texts.values():
        if f"]({kind}:" in text or f"]( {kind}:" in text:
            for scheme, target in _LINK.findall(text):
                if scheme == kind:
                    yield target


@rule("stale", "warning")
def stale(c: Context) -> Iterator[Finding]:
    """Advice ages: policies change, products change. An entry whose `reviewed` date is
    older than `review_days` (set in mkdocs.yml) is marked "Needs review" on the site. Have
    its owner read it again and update `reviewed`."""
    for kind in m.KINDS:
        for entry in c.handbook.entries(kind):
            due = m.overdue(entry, c.settings.today, c.settings.review_days)
            if due is not None:
                yield finding(entry, "stale", entry.where("reviewed"),
                              say("stale_owner", id=entry.id, due=str(due), owner=entry.owner)
                              if entry.owner else say("stale_entry", id=entry.id, due=str(due)),
                              say("stale_hint"))
