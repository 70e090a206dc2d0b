"""What changed in the handbook, day by day, read from the content's git history.

A handbook is trusted when its readers can see what moved. This reads the last `days` days of
the content folders' history with the git command (in two processes, whatever the number of
commits: `git log --raw` names every file version, `git cat-file --batch` reads them), and
compares each day's entries as they were at the start and at the end of that day: added,
changed or removed, by kind and id. Only the first-parent line is read, so a merged branch
counts as the change it made, on the day it was merged.

Why the git command and not a library: it is present wherever the content is in git (CI,
a writer's laptop), it reads packs and shallow clones exactly as the repository's owner does,
and `--raw` hands us each file's blob ids without a diff being computed; pygit2 needs a
compiled libgit2, and dulwich walks a thousand commits in pure Python. Arguments are a list,
never a shell string: nothing from the repository is ever interpreted by a shell.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import subprocess
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from ..addresses import CHANGES
from ..load import SUFFIXES
from .context import Maker
from .page import Page

What = Literal["added", "changed", "removed"]
MAX_BYTES = 5_000_000
_ANCHOR = re.compile(rb"(?:^|[\s\[{,:-])&[^\s,\]}]", re.M)
_ZERO = "0" * 40
# A section of a content file and the kind of entry its items are.
_SECTIONS = {"situations": "situation", "phrases": "phrase", "examples": "example",
             "lessons": "lesson", "roleplays": "roleplay", "quizzes": "quiz",
             "sources": "source",
             "statistics": "statistic", "decisions": "decision", "frameworks": "framework"}


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    id: str
    title: str  # the title it had at the end of the day, or its last title if removed
    what: What


@dataclass(frozen=True, slots=True)
class Day:
    date: dt.date
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class History:
    days: tuple[Day, ...]  # newest first
    since: dt.date
    commit: str  # the commit read, so a reader knows which state the page shows
    detached: bool


class Unavailable(Exception):
    """The history cannot be read as it is (a shallow clone); the message says what to do."""


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    return subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True,
                          check=True, env=env, timeout=120).stdout


def read(root: Path, folders: Sequence[Path], today: dt.date, days: int) -> History | None:
    """The last `days` days of changes to the content in `folders` (None when they are not in
    a git repository, or git is missing). Raises Unavailable for a shallow clone."""
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
        shallow = _git(root, "rev-parse", "--is-shallow-repository").decode().strip()
        head = _git(root, "rev-parse", "--verify", "--quiet", "HEAD").decode().strip()
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return None
    if shallow == "true":
        raise Unavailable(
            "the content's git history is cut short (a shallow clone), so what changed "
            "cannot be told; fetch it whole (`git fetch --unshallow`, or `fetch-depth: 0` "
            "for actions/checkout) or set `changes_days: 0` to leave the page out")
    detached = not _has_branch(root)
    paths = [p for p in (_inside(top, f) for f in folders) if p is not None]
    if not paths:
        return None
    since = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(since, dt.time(), dt.UTC)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), dt.UTC)
    log = _git(top, "log", "--first-parent", "--diff-merges=first-parent", "--raw",
               "--no-abbrev", "--no-renames", "-z", "--format=%x1e%H %ct",
               f"--since={start.isoformat()}", head, "--", *paths)
    spans = _day_spans(log, start.timestamp(), end.timestamp())
    blobs = _blobs(top, {sha for files in spans.values() for pair in files.values()
                         for sha in pair if sha != _ZERO})
    versions: dict[str, dict[tuple[str, str], _Item] | None] = {_ZERO: {}}
    seen: dict[str, tuple[str, _Item]] = {}  # an entry's text -> its id and record
    out = []
    for date in sorted(spans, reverse=True):
        before: dict[tuple[str, str], _Item] = {}
        after: dict[tuple[str, str], _Item] = {}
        for first, last in spans[date].values():
            old, new = (versions[sha] if sha in versions else versions.setdefault(
                sha, _entries(blobs.get(sha), seen)) for sha in (first, last))
            if old is None or new is None:
                continue  # a version that is not valid YAML: nothing can be said of it
            before.update(old)
            after.update(new)
        changes = [Change(k, i, after[(k, i)].title, "added") for k, i in after
                   if (k, i) not in before]
        changes += [Change(k, i, after[(k, i)].title, "changed") for k, i in after
                    if (k, i) in before and before[(k, i)] != after[(k, i)]]
        changes += [Change(k, i, before[(k, i)].title, "removed") for k, i in before
                    if (k, i) not in after]
        if changes:
            order = {"added": 0, "changed": 1, "removed": 2}
            changes.sort(key=lambda c: (order[c.what], c.kind, c.title.casefold(), c.id))
            out.append(Day(date, tuple(changes)))
    return History(tuple(out), since, head, detached)


def _has_branch(root: Path) -> bool:
    try:
        _git(root, "symbolic-ref", "-q", "HEAD")
        return True
    except subprocess.CalledProcessError:
        return False


def _inside(top: Path, folder: Path) -> str | None:
    try:
        return folder.resolve().relative_to(top.resolve()).as_posix() or "."
    except ValueError:
        return None


def _day_spans(log: bytes, start: float, end: float) -> dict[dt.date, dict[str, list[str]]]:
    """For each day, each content file touched that day: [its blob before the day's first
    commit, its blob after the day's last] (the zero id when it did not exist)."""
    commits = []
    for chunk in log.split(b"\x1e")[1:]:
        header, _, rest = chunk.partition(b"\0")
        seconds = int(header.decode().split()[1])
        fields = rest.lstrip(b"\n").split(b"\0")
        files = []
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            if not meta.startswith(b":"):
                continue
            parts = meta[1:].split()
            name = path.decode("utf-8", "surrogateescape")
            if name.endswith(tuple(SUFFIXES)):
                files.append((name, parts[2].decode(), parts[3].decode()))
        commits.append((seconds, files))
    spans: dict[dt.date, dict[str, list[str]]] = {}
    for time, files in reversed(commits):  # oldest first
        if not start <= time < end:
            continue
        day = spans.setdefault(dt.datetime.fromtimestamp(time, dt.UTC).date(), {})
        for name, old, new in files:
            day.setdefault(name, [old, new])[1] = new
    return spans


def _blobs(top: Path, shas: Iterable[str]) -> dict[str, bytes]:
    """Many file versions read by one `git cat-file --batch`."""
    wanted = sorted(shas)
    if not wanted:
        return {}
    out = _git(top, "cat-file", "--batch", data="".join(f"{s}\n" for s in wanted).encode())
    found: dict[str, bytes] = {}
    at = 0
    for sha in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) < 3 or header[1] != b"blob":
            at = end + 1
            continue
        size = int(header[2])
        found[sha] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    return found


class _Item:
    """One entry as one version of a file writes it: its lines without comments, so a
    comment is no change. Its data is parsed only when its title is asked for (it is
    reported), so the thousands of entries no commit touched cost a slice of text each."""

    __slots__ = ("_data", "text")

    def __init__(self, text: str, data: Mapping[str, Any] | None = None) -> None:
        self.text, self._data = text, data

    @property
    def data(self) -> Mapping[str, Any]:
        if self._data is None:
            first, _, rest = self.text.partition("\n")
            body = textwrap.dedent(first.replace("-", " ", 1) + "\n" + rest)
            try:
                parsed = yaml.load(body, Loader=_LOADER)
            except yaml.YAMLError:
                parsed = None
            self._data = parsed if isinstance(parsed, Mapping) else {}
        return self._data

    @property
    def title(self) -> str:
        for key in _TITLE_KEYS:  # written plainly on its line, the common case needs no parse
            line = key.search(self.text)
            if line:
                plain = _PLAIN.fullmatch(line[1])
                if plain:
                    return plain[0]
                break
        data = self.data
        return str(data.get("title") or data.get("say") or data.get("figure") or
                   data.get("id") or "")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Item) and self.text == other.text

    __hash__ = None  # type: ignore[assignment]


# A title (or say) written plainly on its own line: the common case needs no parse.
_TITLE_KEYS = tuple(re.compile(rf"^ *(?:- )?{key}:[ \t]*(.*?)[ \t]*$", re.M)
                    for key in ("title", "say"))
_PLAIN = re.compile(r"[A-Za-z0-9][^#:'\"\n]*")
_COMMENT_LINE = re.compile(r"^[ \t]*#.*\n?", re.M)




def _entries(data: bytes | None, seen: dict[str, tuple[str, _Item]]
             ) -> dict[tuple[str, str], _Item] | None:
    """(kind, id) -> entry of one version of a content file; empty when the file did not
    exist, None when it cannot be read. Block-style files (what authors and our examples
    write) are cut into entries by their lines; anything else is parsed whole."""
    if data is None:
        return {}
    if len(data) > MAX_BYTES:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    fast = _cut(text, seen)
    if fast is not None:
        return fast
    if _ANCHOR.search(data) and _aliased(data):
        return None  # an alias bomb would be expanded below; nothing is said of this version
    try:
        document = yaml.load(text, Loader=_LOADER)
    except (yaml.YAMLError, RecursionError):
        return None
    if not isinstance(document, Mapping):
        return {}
    found: dict[tuple[str, str], _Item] = {}

    def add(kind: str, items: object) -> None:
        for item in items if isinstance(items, list) else ():
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                found[(kind, item["id"])] = _Item(
                    json.dumps(item, sort_keys=True, default=str), item)

    for section, kind in _SECTIONS.items():
        add(kind, document.get(section))
    method = document.get("method")
    if isinstance(method, Mapping):
        add("step", method.get("steps"))
        add("rule", method.get("rules"))
    return found


_SECTION = re.compile(r"^([A-Za-z_]+):[ \t]*(?:#.*)?$", re.M)
# A line at column 0 that is not a section, an item, a comment or blank: not block style.
_ODD = re.compile(r"^(?![A-Za-z_]+:[ \t]*(?:#.*)?$|-|#|[ \t]|\r?$)", re.M)
_FIRST_ITEM = re.compile(r"^( *)-(?: |$)", re.M)


@functools.cache
def _item_patterns(indent: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where the items of a list at `indent` start, and the id line of one of them."""
    return (re.compile(rf"^(?= {{{indent}}}-(?: |$))", re.M),
            re.compile(rf"^(?: {{{indent}}}- | {{{indent + 2}}})id:[ \t]*(.*?)[ \t]*$", re.M))


def _cut(text: str, seen: dict[str, tuple[str, _Item]]) -> dict[tuple[str, str], _Item] | None:
    """The entries of a block-style file, each as its own lines, cut by regular expressions
    (no YAML parse), or None when the file is written some other way (flow style, anchors,
    tabs, a `method:`, an item without exactly one plain id)."""
    if "&" in text or "\t" in text or _ODD.search(text):
        return None
    found: dict[tuple[str, str], _Item] = {}
    heads = list(_SECTION.finditer(text))
    for n, head in enumerate(heads):
        if head[1] == "method":
            return None
        kind = _SECTIONS.get(head[1])
        body = text[head.end():heads[n + 1].start() if n + 1 < len(heads) else len(text)]
        first = _FIRST_ITEM.search(body)
        if kind is None or first is None:
            continue
        split, id_line = _item_patterns(len(first[1]))
        preamble, *items = split.split(body)
        if _COMMENT_LINE.sub("", preamble).strip():
            return None
        for item in items:
            known = seen.get(item)  # most entries are the same in the next version
            if known is None:
                ids = id_line.findall(item)
                if len(ids) != 1 or not ids[0] or ids[0][0] in "'\"&*!|>[{":
                    return None
                lines = _COMMENT_LINE.sub("", item) if "#" in item else item
                known = seen[item] = (ids[0].split(" #")[0], _Item(lines.rstrip()))
            found[(kind, known[0])] = known[1]
    return found


_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _aliased(data: bytes) -> bool:
    """Whether a YAML text uses an alias (only asked of texts that define an anchor)."""
    try:
        return any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(data, Loader=_LOADER))
    except yaml.YAMLError:
        return True


def pages(make: Maker, changes: History | None) -> list[Page]:
    """The page of what changed, when the content's history could be read."""
    if changes is None:
        return []
    return [make.page(CHANGES, "changes.html", make.text("changes_title"), changes=changes,
                      days=(make.options.today - changes.since).days + 1)]
