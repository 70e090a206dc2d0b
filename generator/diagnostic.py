"""Diagnostics: what the loader and the checker report, and the formats they are printed in.

One record for both, so `phrasebook check`, `mkdocs build` and an editor integration all
print the same line for the same problem: `path:line:col: severity rule-id message`. The
place and the rule id are for machines and stay as they are; the severity, message and hint
are written in the reader's language when printed (`Labels`, see messages.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .labels import Labels, english_labels
from .messages import Message, say
from .model import Span

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """A problem at a place, with a hint that says how to fix it.

    `related` names the other places involved (the first of two duplicates, the avoided
    phrase a recommended line contains), so the reader never has to search for them.
    """

    at: Span
    severity: Severity
    rule: str
    message: Message
    hint: Message | None = None
    related: tuple[Span, ...] = field(default=())

    def __str__(self) -> str:
        return self.text(english_labels())

    def text(self, labels: Labels) -> str:
        """The diagnostic's lines in `labels`' language."""
        lines = [f"{self.at}: {labels.say(SEVERITY[self.severity])} {self.rule} "
                 f"{labels.say(self.message)}"]
        lines += (labels.say(say("diagnostic_see", place=str(place))) for place in self.related)
        if self.hint:
            lines.append(labels.say(say("diagnostic_hint", hint=self.hint)))
        return "\n".join(escaped(line) for line in lines)


SEVERITY = {"error": say("severity_error"), "warning": say("severity_warning")}


# Characters that would break one diagnostic into two lines, or let echoed content move the
# cursor, colour the terminal or reorder what it shows: C0 and C1 controls, DEL, the Unicode
# line and paragraph separators, bidirectional overrides and isolates, lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escaped(line: str) -> str:
    """`line` with every character that could end it or disguise it written as an escape
    (`\\n`, `\\x1b`, `\\u202e`). A diagnostic echoes keys, ids and texts from content: raw,
    a key holding a line break would print a second line that reads like another file's
    diagnostic."""
    return _UNSAFE.sub(_escape, line)


def ordered(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line, column, then rule: the same run always prints the same lines,
    whatever order the rules found them in (a cached check finds them in another)."""
    return sorted(set(diagnostics), key=lambda d: (d.at.path, d.at.line, d.at.column, d.rule,
                                                   repr(d.message), repr(d.hint), d.related,
                                                   d.at))


def as_text(diagnostics: Sequence[Diagnostic], labels: Labels | None = None) -> str:
    labels = labels or english_labels()
    return "\n".join(d.text(labels) for d in ordered(diagnostics))


def _place(span: Span) -> dict[str, object]:
    return {"path": span.path, "line": span.line, "column": span.column}


def as_json(diagnostics: Sequence[Diagnostic], labels: Labels | None = None) -> str:
    """For machines and people: the place, severity and rule id as they are, the message and
    hint in the reader's language, and the message's catalog key, the same in any language."""
    labels = labels or english_labels()
    return json.dumps(
        [
            {
                **_place(d.at),
                "severity": d.severity,
                "rule": d.rule,
                "message": labels.say(d.message),
                "hint": labels.say(d.hint) if d.hint else "",
                "message_key": d.message.key,
                "related": [_place(r) for r in d.related],
            }
            for d in ordered(diagnostics)
        ],
        indent=2,
        ensure_ascii=False,
    )


def as_sarif(diagnostics: Sequence[Diagnostic], rules: dict[str, Message],
             labels: Labels | None = None) -> str:
    """SARIF 2.1.0, the format GitHub code scanning and most CI dashboards read: rule ids as
    they are, texts in the reader's language."""
    labels = labels or english_labels()

    def location(span: Span) -> dict[str, object]:
        return {
            "physicalLocation": {
                "artifactLocation": {"uri": span.path},
                "region": {"startLine": span.line, "startColumn": span.column},
            }
        }

    used = sorted({d.rule for d in diagnostics} | set(rules))
    results = [
        {
            "ruleId": d.rule,
            "level": "error" if d.severity == "error" else "warning",
            "message": {"text": labels.say(say("sarif_message", message=d.message, hint=d.hint)
                                           if d.hint else d.message)},
            "locations": [location(d.at)],
            "relatedLocations": [
                {"id": i, **location(r)} for i, r in enumerate(d.related, start=1)
            ],
        }
        for d in ordered(diagnostics)
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "phrasebook",
                        "rules": [
                            {"id": r, "shortDescription": {
                                "text": labels.say(rules[r]) if r in rules else r}}
                            for r in used
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


class ContentError(Exception):
    """Raised when content cannot become a site; carries every problem found, not only one."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = ordered(diagnostics)
        super().__init__(as_text(self.diagnostics))
