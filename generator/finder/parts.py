"""The finder's index as files: a small head, and parts the worker fetches when a query needs
them.

The head (`phrases.json`, a fixed name) holds what the first keystroke needs: the language's
rules for reading the query, the vocabulary (every word, for prefixes and typo tolerance),
the stem groups, and the names of the parts. The parts are of two kinds:

- postings for a range of the vocabulary, binary: for each word, its number of rows, the
  rows as varint gaps, then a byte per row naming its (weight, own weight) pair in the head's
  table; a query fetches the ranges its words fall in. After the vocabulary's come the
  situations' (their phrases, `members` in the head), fetched when a situation answers;
- rows' display data (what the results list shows) in shards of consecutive rows, fetched for
  the rows shown; and the phrases' ids and old ids (aliases) in buckets by a hash of the id,
  fetched only to forward an old link;
- beside each postings part of an index not fetched whole, its preview: the display data of
  the rows each of its words shows first when it is the query's only word (words held by
  more than one row), fetched with the postings in the same round. Without it a later query
  waited for its postings, then for the display shards of the rows it shows (spread over the
  handbook): two rounds of fetches. A query whose rows are not all in its words' previews
  (several words, whose best rows together are not each word's best) still fetches the
  shards of the others.

A part is named by a hash of its content, so a browser or proxy may cache it forever: a
changed part gets a new name, and the head, whose name does not change and which is revalidated
as any other file, names the current ones. An index of a few megabytes is fetched whole after
the head (`eager`), so that only the first query waits for its parts; a bigger one's queries
each fetch the few parts they need.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .postings import Inverted, Posting

S = TypeVar("S")
T = TypeVar("T")
HEAD = "phrases.json"
FOLDER = "finder"  # beside the head
# A part is closed once it reaches its size. Measured at 100,000 phrases (benchmarks/PROFILE.md):
# a query's cost is mostly its number of fetches, so parts are a few tens of kilobytes, not
# a few. An index whose postings and rows fit in EAGER_BYTES (10,000 synthetic phrases: 2.8 MB,
# 100,000: 28 MB) is fetched whole after the head, in the background, and cached for good.
POSTINGS_BYTES = 128_000
SHARD_BYTES = 64_000
BUCKET_BYTES = 64_000
EAGER_BYTES = 4_000_000
# What the results list shows of a query (phrasebook.js asks for 20 phrases, the worker shows
# 5 other entries): a word's preview holds its first rows of each list, the situations apart
# from the other entries (finder-worker.js `rank` may put either first).
PHRASES_SHOWN = 20
ENTRIES_SHOWN = 5


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _named(content: bytes, suffix: str) -> str:
    return f"{FOLDER}/{hashlib.sha256(content).hexdigest()[:20]}.{suffix}"


def _varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _encoded(posting: Posting, pair_of: Mapping[tuple[int, int], int]) -> bytes:
    out = bytearray()
    _varint(len(posting.rows), out)
    gaps = [b - a for a, b in zip((0, *posting.rows), posting.rows, strict=False)]
    if max(gaps, default=0) < 0x80:  # most gaps are one byte: written at once
        out.extend(gaps)
    else:
        for gap in gaps:
            _varint(gap, out)
    out.extend(pair_of[pair] for pair in zip(posting.weights, posting.own, strict=True))
    return bytes(out)


def _split(sizes: Sequence[int], most: int) -> list[tuple[int, int]]:
    """(start, end) of each part: consecutive items, a part closed once it reaches `most`.
    No items, no parts (an empty handbook has no postings and no rows)."""
    starts, size = [0], 0
    for n, item in enumerate(sizes):
        if size >= most:
            starts.append(n)
            size = 0
        size += item
    return list(zip(starts, [*starts[1:], len(sizes)], strict=True)) if sizes else []


def _figure(word: str) -> bool:
    """Whether a word begins with an ASCII figure, as the worker tells (finder-worker.js)."""
    return "0" <= word[:1] <= "9"


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-8, which the worker computes alike to find an id's bucket."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


@dataclass(frozen=True, slots=True)
class Contents:
    """What the index holds, before it is cut into files."""
    head: Mapping[str, Any]  # what the browser needs besides the index proper (language, titles)
    inverted: Inverted
    shown: Sequence[Mapping[str, Any]]  # each row's display data, in row order
    ids: Mapping[str, str]  # each phrase id or old id, with the URL it opens
    phrases: int = 0  # rows before it are phrases; the other entries follow
    situations: tuple[int, int] = (0, 0)  # the situations' rows: [first, end)


class Kept:
    """What `phrasebook serve` keeps of the files it last made, to make the next ones from
    what a save changed: each posting's pairs and bytes, and each row's display text, by the
    very object (postings.Inversion keeps a word's Posting while its rows do not change,
    finder/index.py a row's display data while its record does not), and each id's bucket.
    A single build keeps nothing."""

    def __init__(self) -> None:
        self.pairs: dict[int, tuple[Posting, frozenset[tuple[int, int]]]] = {}
        self.encoded: dict[int, tuple[Posting, bytes]] = {}
        self.table: dict[tuple[int, int], int] = {}  # what `encoded` was encoded with
        self.texts: dict[int, tuple[Mapping[str, Any], str]] = {}
        self.hashes: dict[str, int] = {}


def _pairs(posting: Posting) -> frozenset[tuple[int, int]]:
    return frozenset(zip(posting.weights, posting.own, strict=True))


def _kept(table: dict[int, tuple[Any, T]], things: Sequence[S], make: Callable[[S], T]
          ) -> tuple[list[T], dict[int, tuple[Any, T]]]:
    """`make(thing)` for each thing, those kept in `table` (by the very object) taken from
    it; and the table of what was used, to keep for the next time."""
    used: dict[int, tuple[Any, T]] = {}
    out = []
    for thing in things:
        found = table.get(id(thing))
        if found is None or found[0] is not thing:
            found = (thing, make(thing))
        used[id(thing)] = found
        out.append(found[1])
    return out, used


def files(contents: Contents, postings_bytes: int = POSTINGS_BYTES,
          shard_bytes: int = SHARD_BYTES, bucket_bytes: int = BUCKET_BYTES,
          eager_bytes: int = EAGER_BYTES, kept: Kept | None = None) -> dict[str, str | bytes]:
    """The head and its parts, by path relative to the head's folder; a part is closed once
    it reaches its size in bytes. `kept`: what serve kept of the last files."""
    inverted, ids = contents.inverted, contents.ids
    out: dict[str, str | bytes] = {}
    every = (*inverted.postings, *inverted.members)
    if kept is None:
        pairs = sorted({pair for p in every for pair in zip(p.weights, p.own, strict=True)})
    else:
        each, kept.pairs = _kept(kept.pairs, every, _pairs)
        pairs = sorted(frozenset().union(*each))
    if len(pairs) > 256:
        raise ValueError("more (weight, own) pairs than a byte can name")
    pair_of = {pair: n for n, pair in enumerate(pairs)}
    if kept is None:
        encoded = [_encoded(p, pair_of) for p in every]
    else:
        if pair_of != kept.table:
            kept.encoded, kept.table = {}, pair_of
        encoded, kept.encoded = _kept(kept.encoded, every,
                                      functools.partial(_encoded, pair_of=pair_of))
    if kept is None:
        texts = [_json(row) for row in contents.shown]
    else:
        texts, kept.texts = _kept(kept.texts, contents.shown, _json)
    vocabulary = inverted.vocabulary
    figures = next((n for n, word in enumerate(vocabulary) if not _figure(word)),
                   len(vocabulary))
    searched = sum(map(len, encoded)) + sum(len(t.encode()) + 1 for t in texts)
    eager = searched <= eager_bytes
    postings = []
    for start, end in _split([len(e) for e in encoded], postings_bytes):
        content = b"".join(encoded[start:end])
        name = _named(content, "bin")
        out[name] = content
        postings.append([start, name])
        # An index fetched whole needs no preview. Nor do the words a rep rarely types and
        # that would each cost a row of preview: those that begin with a figure (reference
        # numbers) and those held by one row only, half a big handbook's vocabulary (at
        # 100,000 synthetic phrases, 40,000 of 40,115 words: 7.6 MB of previews, against
        # 0.5 MB for the others). Their query fetches its row's shard after the postings.
        shown = sorted({r for i in range(max(start, figures), min(end, len(vocabulary)))
                        if len(inverted.postings[i].rows) > 1
                        for r in first_rows(inverted.postings[i], contents)}) if not eager else []
        if shown:
            text = "[" + ",".join(f"[{r},{texts[r]}]" for r in shown) + "]"
            preview = _named(text.encode(), "json")
            out[preview] = text
            postings[-1].append(preview)
    shards = []
    for start, end in _split([len(t.encode()) for t in texts], shard_bytes):
        text = "[" + ",".join(texts[start:end]) + "]"
        name = _named(text.encode(), "json")
        out[name] = text
        shards.append([start, name])

    total = sum(len(k) + len(v) + 6 for k, v in ids.items())
    count = max(1, -(-total // bucket_bytes))
    buckets: list[dict[str, str]] = [{} for _ in range(count)]
    hashes = kept.hashes if kept is not None else {}
    for key in sorted(ids):
        found = hashes.get(key)
        if found is None:
            found = hashes[key] = fnv1a(key)
        buckets[found % count][key] = ids[key]
    if kept is not None and len(hashes) > 2 * len(ids):
        kept.hashes = {key: hashes[key] for key in ids}
    names = []
    for bucket in buckets:
        text = _json(bucket)
        name = _named(text.encode(), "json")
        out[name] = text
        names.append(name)

    # Words that begin with a figure sort first; a query word that does not begin with one
    # never matches them (not even as a typo), so they wait in a part of their own.
    head: dict[str, Any] = {"eager": eager}
    if figures:
        text = _json(vocabulary[:figures])
        name = _named(text.encode(), "json")
        out[name] = text
        head["figures"] = [figures, name]
    out[HEAD] = _json({
        **contents.head,
        **head,
        "vocabulary": vocabulary[figures:],
        "stems": {stem: list(group) for stem, group in inverted.stems.items()},
        "pairs": [list(p) for p in pairs],
        "postings": postings,
        "shards": shards,
        "ids": names,
    })
    return out


def first_rows(posting: Posting, contents: Contents) -> Iterator[int]:
    """The rows a word shows first when it is a query's only word: of the phrases, the
    situations and the other entries, those where it weighs most, the earlier first (the
    worker's order for rows that score alike). A query word that stands for several words
    (its forms, the words it begins) scores each row by the best of them, each a multiple of
    its weight there, so its first rows are among theirs."""
    rows, weights = posting.rows, posting.weights
    phrases = bisect.bisect_left(rows, contents.phrases)
    low, high = (max(phrases, bisect.bisect_left(rows, bound)) for bound in contents.situations)
    for indexes, most in ((range(phrases), PHRASES_SHOWN), (range(low, high), ENTRIES_SHOWN),
                          ([*range(phrases, low), *range(high, len(rows))], ENTRIES_SHOWN)):
        # Sorted by weight alone: a sort with reverse keeps equal weights in row order.
        for n in sorted(indexes, key=weights.__getitem__, reverse=True)[:most]:
            yield rows[n]


# --- Reading the files back, as the worker does (for tests and benchmarks) -------------------


@dataclass(frozen=True, slots=True)
class Index:
    head: dict[str, Any]
    read: Callable[[str], bytes]  # a part's content by its name

    @classmethod
    def of(cls, made: Mapping[str, str | bytes]) -> Index:
        """The index in the files that `files` made."""
        def read(name: str) -> bytes:
            data = made[name]
            return data.encode() if isinstance(data, str) else data
        return cls(json.loads(read(HEAD)), read)

    @classmethod
    def in_folder(cls, folder: Path) -> Index:
        """The index written into a site's folder (its `assets/phrasebook/`)."""
        return cls(json.loads((folder / HEAD).read_bytes()),
                   lambda name: (folder / name).read_bytes())

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every row's display data, phrases first, in row order."""
        for _, name in self.head["shards"]:
            yield from json.loads(self.read(name))

    def previews(self) -> dict[int, dict[str, Any]]:
        """The rows the postings parts' previews hold, with their display data."""
        return {row: shown for _, _, *preview in self.head["postings"] for name in preview
                for row, shown in json.loads(self.read(name))}

    def postings(self) -> Iterator[tuple[str, Posting]]:
        """Each word of the vocabulary with its posting, decoded from the binary parts."""
        vocabulary = self.vocabulary()
        return zip(vocabulary, self._postings(), strict=False)

    def members(self) -> list[tuple[int, ...]]:
        """Each situation's phrases (rows), in the situations' order."""
        every = list(self._postings())
        return [p.rows for p in every[len(every) - len(self.head.get("members", ())):]]

    def _postings(self) -> Iterator[Posting]:
        """Every posting of the binary parts: the vocabulary's, then the situations'."""
        pairs = self.head["pairs"]
        for _, name, *_preview in self.head["postings"]:
            data, at = self.read(name), 0
            while at < len(data):
                rows: list[int] = []
                count, at = _read_varint(data, at)
                row = 0
                for _ in range(count):
                    gap, at = _read_varint(data, at)
                    row += gap
                    rows.append(row)
                chosen = [pairs[b] for b in data[at:at + count]]
                at += count
                yield Posting(tuple(rows), tuple(p[0] for p in chosen),
                              tuple(p[1] for p in chosen))

    def vocabulary(self) -> list[str]:
        """Every word, those that begin with a figure first."""
        figures = self.head.get("figures")
        words: list[str] = json.loads(self.read(figures[1])) if figures else []
        return words + list(self.head["vocabulary"])

    def rows_with(self, word: str) -> tuple[int, ...]:
        """The rows holding a word of the vocabulary (folded, as the worker reads it)."""
        return next((p.rows for w, p in self.postings() if w == word), ())

    def ids(self) -> dict[str, str]:
        """Each phrase's id and old ids, with the URL it opens."""
        return {k: v for name in self.head["ids"] for k, v in json.loads(self.read(name)).items()}


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7
