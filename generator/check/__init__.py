"""Guidance rules: the handbook checked against itself.

Prose linters check a document against a rulebook. Here the rulebook is part of the content
(phrases to avoid, ordering rules between steps), so the checker also checks the rulebook
against itself: a phrase both recommended and avoided, an alternative that is itself
avoided, a worked example that teaches the steps in the wrong order.

Each rule is a function registered with `@rule`: its docstring is the explanation shown on
the site's "Checker rules" page. Rules yield findings tied to the entry they concern, so an
entry's `suppress:` can silence one rule for it, with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import collector
from .. import model as m
from ..diagnostic import Diagnostic, ordered
from ..settings import Settings

# Importing a family registers its rules; the "Checker rules" page lists them in this order.
from . import avoid, coverage, duplicates, examples, figures, phrases  # noqa: F401
from .core import RULES, Context, Finding, Rule

__all__ = ["RULES", "Finding", "Report", "Rule", "documentation", "run"]


@dataclass(frozen=True, slots=True)
class Report:
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


UNUSED_SUPPRESSION = "unused-suppression"


@collector.paused()
def run(handbook: m.Handbook, settings: Settings) -> Report:
    """Every rule over the whole handbook; suppressions applied; diagnostics sorted."""
    context = Context(handbook, settings)
    used: set[tuple[int, str]] = set()
    kept: list[Diagnostic] = []
    for r in RULES:
        for f in r.run(context):
            entry = f.entry
            if entry is not None and any(s.rule == r.id for s in entry.suppress):
                used.add((id(entry), r.id))
                continue
            kept.append(f.diagnostic)
    kept += _unused_suppressions(handbook, used)
    return Report(tuple(ordered(kept)))


def _unused_suppressions(handbook: m.Handbook, used: set[tuple[int, str]]) -> Iterable[
    Diagnostic
]:
    known = {r.id for r in RULES}
    for kind in m.KINDS:
        for entry in handbook.entries(kind):
            for suppression in entry.suppress:
                if (id(entry), suppression.rule) in used:
                    continue
                hint = ("remove it: the rule no longer fires here" if suppression.rule in known
                        else "no rule has this id; rules: " + ", ".join(sorted(known)))
                yield Diagnostic(suppression.at, "warning", UNUSED_SUPPRESSION,
                                 f"suppression of `{suppression.rule}` silences nothing", hint)


def documentation() -> tuple[m.CheckDoc, ...]:
    """The rules as the site's "Checker rules" page shows them."""
    docs = [m.CheckDoc(r.id, r.severity, r.title, r.doc) for r in RULES]
    docs.append(m.CheckDoc(
        UNUSED_SUPPRESSION, "warning", "Every suppression still silences something",
        "An entry may silence a rule with `suppress: [{rule: id, reason: why}]`. Once the "
        "content changes and the rule no longer fires there, the suppression is reported so "
        "it does not hide a future problem. Remove it."))
    return tuple(docs)
