"""What every export shares: the lines a rep can send, fill-ins, plain text, clashes.

An export is a pure function from the checked handbook to files (`Export`), so it can be
compared byte for byte between two runs and written in one atomic swap by the command line.
Each format lives in its own sibling module and reads the model through this one, so a change
to how channels are described (a team's own channels) is made here once.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import model as m
from ..addresses import absolute, entry_url
from ..diagnostic import ContentError, Diagnostic
from ..labels import CHANNEL_KEYS, Labels
from ..messages import Message, say
from ..render import markup
from ..render.history import History
from ..settings import Settings

FILL_IN = re.compile(r"\{([a-z0-9_-]+)\}")
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Job:
    """The checked handbook and what a format may need beside it."""

    handbook: m.Handbook
    settings: Settings
    labels: Labels  # the tool's own words, in the language of the team's theme
    site_name: str = "Service phrasebook"
    site_url: str = ""  # the published site's address, for links back; "" when not known
    docs_dir: Path | None = None  # hand-written pages the Markdown export carries
    use_directory_urls: bool = True
    # the team's mkdocs.yml as read, for the settings an export carries over (theme, extensions)
    config: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    changes: History | None = None  # the content's recent history, for the What changed page
    delimiter: str | None = None  # the CSV's, when the command line chose one


@dataclass(frozen=True, slots=True)
class Export:
    """The files of one export (path inside DIR -> text or bytes) and what it had to say."""

    files: Mapping[str, str | bytes]
    notes: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    """One phrase as sent on one channel."""

    phrase: m.Phrase
    channel: str
    text: str


def written(handbook: m.Handbook, channel: str) -> bool:
    """Whether a channel is typed (a helpdesk, a chat) rather than spoken."""
    return not handbook.channel(channel).spoken


def lines(handbook: m.Handbook, only_written: bool = False) -> Iterator[Line]:
    """Every phrase on every channel it is for, in content order."""
    for phrase in handbook.phrases:
        for channel in phrase.channels:
            if only_written and not written(handbook, channel):
                continue
            yield Line(phrase, channel, phrase.text_for(channel))


def channel_name(job: Job, channel: str) -> str:
    """A channel's name in the handbook's language (`in-person` -> `In person`)."""
    key = CHANNEL_KEYS.get(channel)
    return job.labels.text(key) if key else job.handbook.channel(channel).label


def shown(text: str) -> str:
    """A text with its fill-ins as a reader sees them where nothing fills them in:
    `Bonjour {prenom}` -> `Bonjour [prenom]`."""
    return FILL_IN.sub(lambda found: f"[{found[1]}]", text)


def fill_ins(text: str) -> list[str]:
    """The fill-in names of a text, in order, each once."""
    return list(dict.fromkeys(FILL_IN.findall(text)))


def plain(text: str | None) -> str:
    """Inline Markdown as the plain text a reader sees (links keep their words)."""
    if not text:
        return ""
    rendered = markup.inline(" ".join(text.split()), lambda kind, id: "#")
    return " ".join(html.unescape(_TAGS.sub("", rendered)).split())


def link(job: Job, phrase: m.Phrase) -> str:
    """The phrase's address on the site: absolute when the site's URL is known."""
    return absolute(entry_url(job.handbook, "phrase", phrase.id, job.use_directory_urls),
                    job.site_url)


def step_title(handbook: m.Handbook, step: str) -> str:
    """`3. Confirm the facts`: the step's number in the method and its title."""
    for n, candidate in enumerate(handbook.steps, start=1):
        if candidate.id == step:
            return f"{n}. {candidate.title}"
    return step


def note(phrase: m.Phrase, rule: str, message: Message, hint: Message | None = None,
         field_name: str = "say") -> Diagnostic:
    """A warning about one phrase, at the field it concerns."""
    return Diagnostic(phrase.where(field_name), "warning", rule, message, hint)


def unique(keys: Iterable[tuple[str, m.Phrase]], what: Message, hint: Message,
           clash: Callable[[str, str], bool] = str.__eq__) -> None:
    """Stop with an error naming both phrases when two of them get the same `what`.

    `clash` says when two keys collide (equal, by default; a text expander also counts a
    trigger that begins another, since typing the longer one fires the shorter first).
    """
    ordered = sorted(keys, key=lambda kv: kv[0])
    errors: list[Diagnostic] = []
    for (first, a), (second, b) in itertools.pairwise(ordered):
        if clash(first, second):
            errors.append(Diagnostic(
                b.at, "error", "export-clash",
                say("export_clash", phrase=b.id, other=a.id, what=what,
                    key=second if first == second else first + "..."),
                hint, (a.at,)))
    if errors:
        raise ContentError(errors)


EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Notes:
    """Warnings gathered while exporting, at most one per phrase and rule."""

    found: dict[tuple[str, str], Diagnostic] = field(default_factory=dict)

    def add(self, phrase: m.Phrase, diagnostic: Diagnostic) -> None:
        self.found.setdefault((phrase.id, diagnostic.rule), diagnostic)

    def all(self) -> tuple[Diagnostic, ...]:
        return tuple(self.found.values())
