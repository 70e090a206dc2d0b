"""What changed in the handbook, day by day, read from the content's git history.

A handbook is trusted when its readers can see what moved. This reads the last `days` days of
the content folders' history with the git command (in two processes, whatever the number of
commits: `git log --raw` names every file version, `git cat-file --batch` reads them), and
compares each day's entries as they were at the start and at the end of that day: added,
changed or removed, by kind and id, with who made the change and the commit's subject, and,
for a changed entry, each field's words removed and added. Only the first-parent line is
read, so a merged branch counts as the change it made, on the day it was merged.

Author names and commit subjects are whatever a committer typed: they are data, escaped by
the page's template like every other text.

Why the git command and not a library: it is present wherever the content is in git (CI,
a writer's laptop), it reads packs and shallow clones exactly as the repository's owner does,
and `--raw` hands us each file's blob ids without a diff being computed; pygit2 needs a
compiled libgit2, and dulwich walks a thousand commits in pure Python. Arguments are a list,
never a shell string: nothing from the repository is ever interpreted by a shell.
"""

from __future__ import annotations

import datetime as dt
import difflib
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
from ..messages import Message, say
from .context import Maker
from .page import Page

What = Literal["added", "changed", "removed"]
MAX_BYTES = 5_000_000
_ANCHOR = re.compile(rb"(?:^|[\s\[{,:-])&[^\s,\]}]", re.M)
# `git log -z --raw --format=%x1e%H %ct%x1f%an%x1f%s`: a commit's header (its time, author
# and subject), then per file its meta and path, each field ended by a NUL.
_HEADER = re.compile(rb"\x1e[0-9a-f]{40,64} ([0-9]+)\x1f([^\x1f]*)\x1f(.*)", re.S)
_META = re.compile(rb":[0-7]{6} [0-7]{6} ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) [A-Z][0-9]*")
_ZERO = "0" * 40
# A section of a content file and the kind of entry its items are.
_SECTIONS = {"situations": "situation", "phrases": "phrase", "examples": "example",
             "lessons": "lesson", "roleplays": "roleplay", "quizzes": "quiz",
             "scorecards": "scorecard", "goodwill": "goodwill", "templates": "template",
             "sources": "source",
             "statistics": "statistic", "decisions": "decision", "frameworks": "framework"}


@dataclass(frozen=True, slots=True)
class Commit:
    """Who made a change, and what they said of it (both untrusted text)."""

    author: str
    subject: str
    time: int = 0


@dataclass(frozen=True, slots=True)
class Edit:
    """One field of a changed entry, as runs of words: (how, text), `how` being "same",
    "del" (removed) or "ins" (added)."""

    field: str
    parts: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    id: str
    title: str  # the title it had at the end of the day, or its last title if removed
    what: What
    commit: Commit | None = None  # the day's last commit that changed it
    edits: tuple[Edit, ...] = ()  # a changed entry's fields, word by word


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

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


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
        raise Unavailable(say("shallow_clone"))
    detached = not _has_branch(root)
    paths = [p for p in (_inside(top, f) for f in folders) if p is not None]
    if not paths:
        return None
    since = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(since, dt.time(), dt.UTC)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), dt.UTC)
    log = _git(top, "log", "--first-parent", "--diff-merges=first-parent", "--raw",
               "--no-abbrev", "--no-renames", "-z", "--format=%x1e%H %ct%x1f%an%x1f%s",
               f"--since={start.isoformat()}", head, "--", *paths)
    spans = _day_spans(log, start.timestamp(), end.timestamp())
    blobs = _blobs(top, {sha for files in spans.values() for chain in files.values()
                         for sha in chain.shas() if sha != _ZERO})
    versions: dict[str, _Version | None] = {_ZERO: {}}
    seen: dict[str, tuple[str, _Item]] = {}  # an entry's text -> its id and record
    out = []
    for date in sorted(spans, reverse=True):
        gone: dict[tuple[str, str], tuple[str, _Item]] = {}  # as the day found them
        came: dict[tuple[str, str], tuple[str, _Item]] = {}  # as the day left them
        touched: list[tuple[_Chain, dict[tuple[str, str], str | None]]] = []
        for chain in spans[date].values():
            moved = _moved(chain, blobs, versions, seen)
            if moved is None:
                continue  # a version that is not valid YAML: nothing can be said of it
            was, now = moved
            gone.update(was)
            came.update(now)
            touched.append((chain, {**{k: None for k in was},
                                    **{k: raw for k, (raw, _) in now.items()}}))
        changes: list[tuple[tuple[str, str], What]] = [
            (key, "changed" if key in gone else "added") for key, (_, item) in came.items()
            if key not in gone or gone[key][1].text != item.text]
        changes += [(key, "removed") for key in gone if key not in came]
        if changes:
            who = _who([key for key, _ in changes], touched, blobs)
            found = [_change(key, what, gone[key][1] if key in gone else None,
                             came[key][1] if key in came else None, who.get(key))
                     for key, what in changes]
            order = {"added": 0, "changed": 1, "removed": 2}
            found.sort(key=lambda c: (order[c.what], c.kind, c.title.casefold(), c.id))
            out.append(Day(date, tuple(found)))
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


@dataclass(slots=True)
class _Chain:
    """One content file on one day: its blob before the day's first commit (the zero id when
    it did not exist) and, after each commit of the day that touched it, its blob and who
    made that commit."""

    first: str
    steps: list[tuple[str, Commit]]

    @property
    def last(self) -> str:
        return self.steps[-1][0]

    def shas(self) -> Iterable[str]:
        yield self.first
        yield from (sha for sha, _ in self.steps)


def _day_spans(log: bytes, start: float, end: float) -> dict[dt.date, dict[str, _Chain]]:
    """For each day, each content file touched that day, as a chain of its versions."""
    commits: list[tuple[Commit, list[tuple[str, str, str]]]] = []
    fields = log.split(b"\0")
    at = 0
    while at < len(fields):
        field = fields[at].lstrip(b"\n")
        at += 1
        meta = _META.fullmatch(field)
        if meta is not None and commits and at < len(fields):
            # The path is the field after its meta, read as a whole: a file name may hold
            # any byte but NUL, the record separator and a colon included.
            name = fields[at].decode("utf-8", "surrogateescape")
            at += 1
            if name.endswith(tuple(SUFFIXES)):
                commits[-1][1].append((name, meta[1].decode(), meta[2].decode()))
            continue
        header = _HEADER.fullmatch(field)
        if header is not None:
            author, subject = (part.decode("utf-8", "replace").strip()
                               for part in header.group(2, 3))
            commits.append((Commit(author, subject, int(header[1])), []))
    spans: dict[dt.date, dict[str, _Chain]] = {}
    for commit, files in reversed(commits):  # oldest first
        if not start <= commit.time < end:
            continue
        day = spans.setdefault(dt.datetime.fromtimestamp(commit.time, dt.UTC).date(), {})
        for name, old, new in files:
            chain = day.get(name)
            if chain is None:
                chain = day[name] = _Chain(old, [])
            chain.steps.append((new, commit))
    return spans


def _change(key: tuple[str, str], what: What, old: _Item | None, new: _Item | None,
            commit: Commit | None) -> Change:
    """One added, changed or removed entry: its title, the commit that made the change,
    and for a changed entry its fields word by word."""
    item = new if new is not None else old
    title = item.title if item is not None else key[1]
    edits = _edits(old, new) if old is not None and new is not None else ()
    return Change(key[0], key[1], title, what, commit, edits)


def _who(keys: Sequence[tuple[str, str]],
         touched: Sequence[tuple[_Chain, Mapping[tuple[str, str], str | None]]],
         blobs: Mapping[str, bytes]) -> dict[tuple[str, str], Commit]:
    """For each changed entry, the day's last commit that changed it: in each file where the
    day changed it, the one commit of the day that touched the file (most files), or the
    last commit before which the file did not yet hold the entry as the day left it (its
    text as written, or, for an entry removed, no more its id). So no version between the
    day's first and last is cut into entries."""
    found: dict[tuple[str, str], Commit] = {}
    wanted = set(keys)
    texts: dict[str, str] = {}

    def text(sha: str) -> str:
        if sha not in texts:
            texts[sha] = blobs.get(sha, b"").decode("utf-8", "replace")
        return texts[sha]

    for chain, changed in touched:
        for key, final in changed.items():
            if key not in wanted:
                continue
            commit = chain.steps[-1][1]
            for n in range(len(chain.steps) - 1, 0, -1):
                earlier = text(chain.steps[n - 1][0])
                if (final in earlier) if final is not None else not _holds(earlier, key[1]):
                    commit = chain.steps[n - 1][1]  # already so before this step
                else:
                    break
            if key not in found or commit.time >= found[key].time:
                found[key] = commit
    return found


def _holds(text: str, id: str) -> bool:
    """Whether a file's text has an entry with this id (written plainly, as block style)."""
    return re.search(rf"^[ \t-]*id:[ \t]*{re.escape(id)}[ \t]*(?:#.*)?$", text, re.M) is not None


def _edits(old: _Item, new: _Item) -> tuple[Edit, ...]:
    """Each field whose value changed, as the words removed and added. Fields are read from
    the entry's own lines where it is written in block style (no YAML parse for the common
    plain values), else from its parsed data."""
    a, b = old.fields(), new.fields()
    names = [*b, *(k for k in a if k not in b)]
    return tuple(Edit(str(name), word_diff(_shown(a.get(name)), _shown(b.get(name))))
                 for name in names if name != "id" and a.get(name) != b.get(name))


def _shown(value: object) -> str:
    """A field's value as a reader reads it: a raw YAML value is parsed unless plain."""
    if isinstance(value, _Raw):
        plain = _PLAIN.fullmatch(value.text)
        if plain:
            return plain[0]
        try:
            parsed = yaml.load("v: " + value.text, Loader=_LOADER)
        except yaml.YAMLError:
            return " ".join(value.text.split())
        return _plain(parsed.get("v") if isinstance(parsed, Mapping) else value.text)
    return _plain(value)


@dataclass(frozen=True, slots=True)
class _Raw:
    """A field's value as written in the file (after its `key:`), compared as text."""

    text: str


def _plain(value: object) -> str:
    """A field's value as one line of text: a list's items joined, a mapping's `key: value`."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " · ".join(_plain(v) for v in value)
    return " ".join(str(value).split())


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The words of `old` and `new` as runs kept ("same"), removed ("del") and added
    ("ins"), in reading order (a replaced run reads as its removal, then its addition); the
    runs are read with one space between them. The words both texts begin and end with are
    kept without being compared again: most edits change one stretch of a sentence."""
    a, b = old.split(), new.split()
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    parts: list[tuple[str, str]] = [("same", " ".join(a[:head]))] if head else []
    opcodes: Sequence[tuple[str, int, int, int, int]]
    if min(len(middle_a), len(middle_b)) <= 2:  # one stretch changed: nothing to align
        opcodes = [("replace", 0, len(middle_a), 0, len(middle_b))]
    else:
        opcodes = difflib.SequenceMatcher(None, middle_a, middle_b,
                                          autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            parts.append(("same", " ".join(middle_a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", " ".join(middle_a[i1:i2])))
        if j2 > j1:
            parts.append(("ins", " ".join(middle_b[j1:j2])))
    if tail:
        parts.append(("same", " ".join(a[len(a) - tail:])))
    return tuple(parts)


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
                plain = _PLAIN.fullmatch(line[1].rstrip(" \t"))
                if plain:
                    return plain[0]
                break
        data = self.data
        return str(data.get("title") or data.get("say") or data.get("figure") or
                   data.get("id") or "")

    def fields(self) -> Mapping[str, object]:
        """Field name -> value: parsed data when it was parsed, else each top-level field's
        own text, cut from the entry's lines (a value spans its key's line and the lines
        indented under it), so an unchanged field is never parsed."""
        if self._data is not None:
            return self._data
        first, *rest = self.text.split("\n")
        indent = len(first) - len(first.lstrip(" ")) + 2
        found: dict[str, list[str]] = {}
        current: list[str] = []
        for n, line in enumerate([first, *rest]):
            if n and line[:indent].strip():
                return self.data  # less indented than a field: not the shape cut here
            body = line[indent:]
            head = _KEY.match(body) if body[:1] not in (" ", "-", "") else None
            if head is not None:
                current = found.setdefault(head[1], [])
                current.append(body[head.end():])
            elif n:
                current.append("\n" + body)
            else:
                return self.data
        return {k: _Raw("".join(v).strip(" ")) for k, v in found.items()}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Item) and self.text == other.text

    __hash__ = None  # type: ignore[assignment]


# A title (or say) written plainly on its own line: the common case needs no parse.
# Greedy to the end of the line, the spaces after cut off in Python: `(.*?)[ \t]*$` tried
# the spaces at every character of the line, quadratic (an 80 KB line took a minute).
_TITLE_KEYS = tuple(re.compile(rf"^ *(?:- )?{key}:[ \t]*(.*)$", re.M)
                    for key in ("title", "say"))
_PLAIN = re.compile(r"[A-Za-z0-9][^#:'\"\n]*")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?= |$)")
_COMMENT_LINE = re.compile(r"^[ \t]*#.*\n?", re.M)




# One version of a content file: each entry's text as written -> its kind and the indent of
# its list (-1 for an entry of a parsed file, whose text is its JSON and whose id is known).
_Version = dict[str, tuple[str, int]]
_Entries = dict[tuple[str, str], tuple[str, _Item]]


def _moved(chain: _Chain, blobs: Mapping[str, bytes], versions: dict[str, _Version | None],
           seen: dict[str, tuple[str, _Item]]) -> tuple[_Entries, _Entries] | None:
    """The entries a file had before the day and no longer after it, and those it has after
    it and had not before, by (kind, id) with their text as written; None when a version
    cannot be read. Only these entries get their id read: a file's others are passed over
    as text equal in both versions."""
    def version(sha: str, parse: bool = False) -> _Version | None:
        if parse:
            return _entries(blobs.get(sha), seen, parse=True)
        if sha not in versions:
            versions[sha] = _entries(blobs.get(sha), seen)
        return versions[sha]

    for parse in (False, True):
        old, new = version(chain.first, parse), version(chain.last, parse)
        if old is None or new is None:
            return None
        was = _resolved(old, old.keys() - new.keys(), seen)
        now = _resolved(new, new.keys() - old.keys(), seen)
        if was is not None and now is not None:
            return was, now
    return None


def _resolved(version: _Version, texts: Iterable[str], seen: dict[str, tuple[str, _Item]]
              ) -> _Entries | None:
    """The entries of these texts by (kind, id); None when one has no single plain id."""
    found: _Entries = {}
    for raw in texts:
        kind, indent = version[raw]
        known = seen.get(raw)
        if known is None:
            ids = [found.rstrip(" \t") for found in _item_patterns(indent)[1].findall(raw)]
            if len(ids) != 1 or not ids[0] or ids[0][0] in "'\"&*!|>[{":
                return None
            lines = _COMMENT_LINE.sub("", raw) if "#" in raw else raw
            known = seen[raw] = (ids[0].split(" #")[0], _Item(lines.rstrip()))
        found[(kind, known[0])] = (raw, known[1])
    return found


def _entries(data: bytes | None, seen: dict[str, tuple[str, _Item]], parse: bool = False
             ) -> _Version | None:
    """One version of a content file; empty when the file did not exist, None when it
    cannot be read. Block-style files (what authors and our examples write) are cut into
    entries by their lines, unless `parse`; anything else is parsed whole."""
    if data is None:
        return {}
    if len(data) > MAX_BYTES:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    fast = None if parse else _cut(text)
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
    found: _Version = {}

    def add(kind: str, items: object) -> None:
        for item in items if isinstance(items, list) else ():
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                raw = json.dumps([kind, item], sort_keys=True, default=str)
                seen.setdefault(raw, (item["id"], _Item(raw, item)))
                found[raw] = (kind, -1)

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
            re.compile(rf"^(?: {{{indent}}}- | {{{indent + 2}}})id:[ \t]*(.*)$", re.M))


def _cut(text: str) -> _Version | None:
    """The entries of a block-style file, each as its own lines, cut by regular expressions
    (no YAML parse), or None when the file is written some other way (flow style, anchors,
    tabs, a `method:`, text before a list's first item)."""
    if "&" in text or "\t" in text or _ODD.search(text):
        return None
    found: _Version = {}
    heads = list(_SECTION.finditer(text))
    for n, head in enumerate(heads):
        if head[1] == "method":
            return None
        kind = _SECTIONS.get(head[1])
        body = text[head.end():heads[n + 1].start() if n + 1 < len(heads) else len(text)]
        first = _FIRST_ITEM.search(body)
        if kind is None or first is None:
            continue
        indent = len(first[1])
        preamble, *items = _item_patterns(indent)[0].split(body)
        if _COMMENT_LINE.sub("", preamble).strip():
            return None
        found.update(dict.fromkeys(items, (kind, indent)))
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
