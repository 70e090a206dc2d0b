"""The reply checker: a rep's draft against every phrase the handbook says to avoid.

Reps write as much as they speak. A draft is matched the way the checker matches the
handbook's own lines (normalize.py: case, quotes, contractions, spaces and line breaks inside
a phrase), so a draft is flagged exactly when the same words in a phrase would be.

The site's reply page does the same in the browser (assets/phrasebook/reply.js). Both read one
generated table, `table_json`: the avoided phrases with their normalised words, and the
normalisation's own tables (quote folding, contractions), so the two can only disagree where
their code does, which the shared corpus in tests/reply_corpus.yml rules out.
"""

from __future__ import annotations

import bisect
import functools
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import lookalikes, normalize
from .. import model as m
from ..addresses import REPLY, REPLY_TABLE, entry_url, relative
from ..diagnostic import escaped
from ..labels import Labels
from ..messages import Message, say
from . import markup
from .context import Maker
from .page import Page

CASED = 0x20000
MAX_CHARS = 1_000_000  # a long email is 20,000 characters; beyond this it is not a reply
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Avoidance:
    """One avoided phrase and its house alternative, as a rep needs them while writing."""

    text: str  # the phrase to avoid, as the handbook writes it
    key: tuple[str, ...]  # its normalised words
    why: str  # plain text
    phrase: str  # the id of the phrase to use instead
    say: str  # its text, fill-ins as {name}
    fill_ins: tuple[tuple[str, str], ...]  # (name, what to fill in)
    url: str  # the phrase's address, relative to the site's root
    variants: tuple[tuple[str, str], ...] = ()  # (channel, its own wording of `say`)

    def say_for(self, channel: str | None) -> str:
        """The alternative worded for `channel` where the phrase has a variant for it, its
        main text otherwise (reply.js's `alternative` does the same)."""
        return dict(self.variants).get(channel or "", self.say)


@dataclass(frozen=True, slots=True)
class Finding:
    """An avoided phrase in the draft, at code-point offsets `start`..`end`."""

    avoid: Avoidance
    start: int
    end: int
    line: int
    column: int
    quoted: str  # the draft's own words
    say: str  # the alternative, worded for the draft's channel when the phrase has it


class DraftError(Exception):
    """The draft cannot be read as text; the message says why and what to do, `at` where."""

    def __init__(self, message: Message, at: str) -> None:
        self.message, self.at = message, at
        super().__init__(f"{at}: {message}")


@functools.lru_cache(maxsize=1 << 14)
def _plain(text: str | None) -> str:
    """Inline Markdown as the words a reader sees, for a terminal or a text node (kept for
    the process: serve makes the reply checker's table again on every save)."""
    if not text:
        return ""
    return " ".join(html.unescape(_TAGS.sub("", markup.inline(text))).split())


def table(handbook: m.Handbook, url_of: Callable[[m.Phrase], str]) -> list[dict[str, Any]]:
    """Every avoided phrase of the handbook, in content order, as plain JSON values."""
    rows = []
    for phrase in handbook.phrases:
        for avoid in phrase.avoid:
            words = normalize.key(avoid.text)
            if not words:
                continue
            rows.append({"t": avoid.text, "k": list(words), "w": _plain(avoid.why),
                         "i": phrase.id, "s": phrase.say, "v": dict(phrase.variables),
                         "u": url_of(phrase), "c": dict(phrase.variants)})
    return rows


@functools.cache
def norm_tables() -> dict[str, Any]:
    """normalize.py's tables, for the browser's copy of its algorithm. Python's casefold has
    no JavaScript equivalent; the characters where it differs from lower-casing are listed
    (all below U+20000, where every script with letter case is). Look-alike letters and
    invisible characters are lookalikes.py's tables."""
    folds = {chr(c): t for c, t in normalize._FOLD.items() if isinstance(t, str)}
    casefold = {chr(cp): chr(cp).casefold() for cp in range(CASED)
                if chr(cp).casefold() != chr(cp).lower()}
    return {"fold": folds, "casefold": casefold, "lookalike": lookalikes.letters(),
            "invisible": [list(r) for r in lookalikes.INVISIBLE],
            "whole": {k: list(v) for k, v in normalize._WHOLE.items()},
            "suffix": [[s, list(v)] for s, v in normalize._SUFFIX],
            "isAfter": sorted(normalize._IS_AFTER)}


def table_json(handbook: m.Handbook, url_of: Callable[[m.Phrase], str]) -> str:
    """The one table both checkers read (the site's assets/phrasebook/avoided.json)."""
    data = {"norm": norm_tables(), "avoid": table(handbook, url_of)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def from_json(text: str) -> list[Avoidance]:
    return [Avoidance(r["t"], tuple(r["k"]), r["w"], r["i"], r["s"],
                      tuple(sorted(r["v"].items())), r["u"], tuple(sorted(r["c"].items())))
            for r in json.loads(text)["avoid"]]


def check(draft: str, avoidances: Sequence[Avoidance], channel: str | None = None
          ) -> list[Finding]:
    """Every avoided phrase in `draft`, in the order of the text; overlapping ones included.
    Each alternative is worded for `channel` (a draft for email gets the email variant)."""
    matcher: normalize.Matcher[Avoidance] = normalize.Matcher((a.key, a) for a in avoidances)
    found = normalize.words(draft)
    lines = [0] + [i + 1 for i, c in enumerate(draft) if c == "\n"]
    out = []
    for match in matcher.find(found):
        start, end = found[match.first].start, found[match.last].end
        line = bisect.bisect_right(lines, start)
        out.append(Finding(match.value, start, end, line, start - lines[line - 1] + 1,
                           " ".join(draft[start:end].split()), match.value.say_for(channel)))
    return out


def decode(data: bytes, name: str) -> str:
    """The draft as text, or a DraftError that says what the bytes are and what to do."""
    if len(data) > MAX_CHARS * 4:
        raise DraftError(say("draft_too_large", megabytes=f"{len(data) / 1e6:.1f}",
                             limit=MAX_CHARS), name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DraftError(say("draft_utf16"), name)
    if b"\0" in data[:8192]:
        raise DraftError(say("draft_binary"), name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DraftError(say("draft_not_utf8", byte=f"0x{data[error.start]:02x}",
                             offset=str(error.start)), f"{name}:{line}") from None
    if len(text) > MAX_CHARS:
        raise DraftError(say("draft_too_long", count=len(text), limit=MAX_CHARS), name)
    return text


def alternative(finding: Finding) -> Message:
    """The alternative, its fill-ins named: what a rep writes instead."""
    quoted = say("quoted", text=finding.say)
    fills = "; ".join(f"{{{name}}}: {what}" for name, what in finding.avoid.fill_ins)
    return say("reply_alternative_fill", alternative=quoted, fills=fills) if fills else quoted


def as_text(name: str, findings: Iterable[Finding], labels: Labels) -> str:
    lines = []
    for f in findings:
        found = say("reply_finding", found=say("quoted", text=f.quoted),
                    avoided=say("quoted", text=f.avoid.text))
        why = f" {f.avoid.why}" if f.avoid.why else ""
        lines.append(escaped(f"{name}:{f.line}:{f.column}: avoided-phrase "
                             f"{labels.say(found)}{why}"))
        lines.append("    " + escaped(labels.say(say("reply_say_instead",
                                                   alternative=alternative(f)))))
    return "\n".join(lines)


def as_json(name: str, findings: Iterable[Finding], channel: str | None = None) -> str:
    def record(f: Finding) -> Mapping[str, Any]:
        return {"path": name, "line": f.line, "column": f.column, "start": f.start,
                "end": f.end, "rule": "avoided-phrase", "found": f.quoted,
                "avoid": f.avoid.text, "why": f.avoid.why, "phrase": f.avoid.phrase,
                "say": f.say, "channel": channel, "fill_ins": dict(f.avoid.fill_ins),
                "url": f.avoid.url}
    return json.dumps([record(f) for f in findings], ensure_ascii=False, indent=2)


def pages(make: Maker) -> list[Page]:
    """The reply checker's page, when the handbook avoids anything: a script that checks the
    draft as it is typed, against the table of avoided phrases (REPLY_TABLE), read once."""
    if not any(p.avoid for p in make.handbook.phrases):
        return []

    def up(path: str) -> str:
        return relative(REPLY, path, make.options.use_directory_urls)

    return [make.page(REPLY, "reply.html", make.text("reply_title"),
                      make.text("reply_description"), base=up(""), table=up(REPLY_TABLE),
                      script=up("assets/phrasebook/reply.js"),
                      channels=[c.id for c in make.handbook.channels])]


def files(handbook: m.Handbook, directory_urls: bool) -> dict[str, str]:
    """The avoided phrases for the reply page, the same table `phrasebook reply` reads."""
    if not any(p.avoid for p in handbook.phrases):
        return {}
    return {REPLY_TABLE: table_json(
        handbook, lambda phrase: entry_url(handbook, "phrase", phrase.id, directory_urls))}
