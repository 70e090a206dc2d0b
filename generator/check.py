"""Guidance rules over the whole handbook (filled out in the checker issue)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import model as m
from .diagnostic import Diagnostic, ordered
from .render import CheckDoc
from .settings import Settings

RuleFunction = Callable[[m.Handbook, Settings], Iterator[Diagnostic]]


@dataclass(frozen=True, slots=True)
class Report:
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str
    title: str
    run: RuleFunction

    @property
    def doc(self) -> str:
        return (self.run.__doc__ or "").strip()


RULES: list[Rule] = []


def rule(id: str, severity: str, title: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES.append(Rule(id, severity, title, function))
        return function
    return register


@rule("order", "error", "The method's ordering rules hold in every example")
def order(handbook: m.Handbook, settings: Settings) -> Iterator[Diagnostic]:
    """Each ordering rule of the method says a step may come only after another: the extra
    only after the fix. Every worked example must keep every rule; a counterexample must break
    the rule it names, or it teaches nothing."""
    for example in handbook.examples:
        steps = [(t.step, t) for t in example.dialogue if t.step and t.speaker == "rep"]
        for r in handbook.rules:
            broken = _breaks(steps, r)
            if r.id in example.breaks:
                if broken is None:
                    yield Diagnostic(example.where("breaks"), "error", "order",
                                     f"counterexample `{example.id}` names rule `{r.id}` but "
                                     "does not break it",
                                     f"let `{r.then}` come before any `{r.first}`", (r.at,))
            elif broken is not None:
                yield Diagnostic(broken.at, "error", "order",
                                 f"`{r.then}` comes before `{r.first}`, against rule `{r.id}` "
                                 f"({r.title})",
                                 f"move this line after a `{r.first}` line, or mark the example "
                                 f"`breaks: [{r.id}]`", (r.at,))


def _breaks(steps: list[tuple[str, m.Turn]], r: m.Rule) -> m.Turn | None:
    seen_first = False
    for step, turn in steps:
        if step == r.first:
            seen_first = True
        elif step == r.then and not seen_first:
            return turn
    return None


def run(handbook: m.Handbook, settings: Settings) -> Report:
    found: list[Diagnostic] = []
    for r in RULES:
        found.extend(r.run(handbook, settings))
    return Report(tuple(ordered(found)))


def documentation() -> tuple[CheckDoc, ...]:
    return tuple(CheckDoc(r.id, r.severity, r.title, r.doc) for r in RULES)
