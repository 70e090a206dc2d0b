"""A check that kept what it worked out from the last one finds what a fresh check finds.

`phrasebook serve` checks the handbook again after every save, keeping between checks what
the rules worked out of each text and entry, and the near-duplicate rule's comparisons
(check/core.py `Kept`, check/duplicates.py `Nearness`), so that a save costs what it
changed. A kept value that should have been worked out again is a finding lost or a finding
about text that is gone. So: after any sequence of edits, the warm check's report is the
cold check's, diagnostic for diagnostic.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import ROOT
from edits import edit_then, on_a_file, shift_lines, swap_items
from hypothesis import given, settings
from hypothesis import strategies as st
from service_phrasebook import check
from service_phrasebook.check.duplicates import near_pairs
from service_phrasebook.load import Cache, load
from service_phrasebook.settings import from_mkdocs_yml

# Few words, so that word pairs are common and their counts cross the rule's thresholds.
WORDS = ["i", "can", "see", "the", "order", "refund", "today", "let", "me"]
sentence = st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(tuple)


@st.composite
def edits(draw: st.DrawFn) -> tuple[list[tuple[str, ...]], list[list[tuple[str, ...]]]]:
    """Sentences, then the sentences after each of a series of edits: a word changed, added
    or dropped, a sentence added, removed or copied, the order shuffled, all replaced."""
    words = draw(st.sampled_from([WORDS, WORDS[:5], WORDS[:3]]))
    first = draw(st.lists(st.lists(st.sampled_from(words), max_size=7).map(tuple),
                          min_size=1, max_size=80))
    states, now = [], list(first)
    for _ in range(draw(st.integers(1, 25))):
        now = list(now)
        kind = draw(st.sampled_from(["word", "word", "add", "remove", "copy", "shuffle",
                                     "replace"]))
        at = draw(st.integers(0, max(len(now) - 1, 0)))
        if kind == "word" and now:
            text = list(now[at])
            where = draw(st.integers(0, len(text)))
            how = draw(st.sampled_from(["change", "add", "drop"]))
            if how == "add" or not text:
                text.insert(where, draw(st.sampled_from(words)))
            elif how == "change":
                text[min(where, len(text) - 1)] = draw(st.sampled_from(words))
            else:
                del text[min(where, len(text) - 1)]
            now[at] = tuple(text)
        elif kind == "add":
            now.insert(at, draw(st.lists(st.sampled_from(words), max_size=7).map(tuple)))
        elif kind == "remove" and len(now) > 1:
            del now[at]
        elif kind == "copy" and now:
            now.insert(draw(st.integers(0, len(now))), now[at])
        elif kind == "shuffle":
            draw(st.randoms()).shuffle(now)
        elif kind == "replace":
            now = draw(st.lists(st.lists(st.sampled_from(words), max_size=7).map(tuple),
                                min_size=1, max_size=80))
        states.append(now)
    return first, states


@settings(max_examples=150, deadline=None)
@given(edits())
def test_near_duplicates_kept_between_checks_are_those_a_fresh_check_finds(
        case: tuple[list[tuple[str, ...]], list[list[tuple[str, ...]]]]) -> None:
    first, states = case
    resident: dict[str, Any] = {}
    assert list(near_pairs(first, resident)) == list(near_pairs(first))
    for keys in states:
        assert list(near_pairs(keys, resident)) == list(near_pairs(keys))


# --- The whole check, on the bundled handbook edited at random -------------------------------

SAY = re.compile(r"(?m)^(    say: )(.+)$")
AVOIDED = re.compile(r"(?m)^(      - text: )(.+)$")
TEXT = re.compile(r"(?m)^(\s*(?:- )?(?:title|say|summary|goal|why|text|rep|figure|note): )"
                  r"([A-Za-z][^:#'\"\n]*)$")


def _replace(text: str, hit: re.Match[str], value: str) -> str:
    return text[:hit.start(2)] + value + text[hit.end(2):]


def reword(files: list[Path], rng: random.Random) -> None:
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    found = list(TEXT.finditer(text))
    if found:
        hit = rng.choice(found)
        path.write_text(_replace(text, hit, hit.group(2) + rng.choice([" again", " now"])),
                        encoding="utf-8")


def echo(files: list[Path], rng: random.Random) -> None:
    """One phrase says what another says, the same or a word apart: a (near) duplicate."""
    said = [(path, hit) for path in files
            for hit in SAY.finditer(path.read_text(encoding="utf-8"))]
    if len(said) < 2:
        return
    (_, source), (path, target) = rng.sample(said, 2)
    words = source.group(2).split()
    if len(words) > 2 and rng.random() < 0.7:
        words[rng.randrange(len(words))] = rng.choice(["kindly", "now", "really"])
    text = path.read_text(encoding="utf-8")
    hit = next(h for h in SAY.finditer(text) if h.start() == target.start())
    path.write_text(_replace(text, hit, " ".join(words)), encoding="utf-8")


def avoid_what_is_said(files: list[Path], rng: random.Random) -> None:
    """An avoided phrase becomes words another phrase says: avoided-phrase, substitution,
    contradiction and overlap findings, near and far from the edit."""
    said = [hit.group(2) for path in files for hit in SAY.finditer(path.read_text("utf-8"))]
    avoided = [(path, hit) for path in files
               for hit in AVOIDED.finditer(path.read_text(encoding="utf-8"))]
    if not said or not avoided:
        return
    words = re.findall(r"[A-Za-z]+", rng.choice(said))
    if len(words) < 2:
        return
    start = rng.randrange(len(words) - 1)
    path, target = rng.choice(avoided)
    text = path.read_text(encoding="utf-8")
    hit = next(h for h in AVOIDED.finditer(text) if h.start() == target.start())
    path.write_text(_replace(text, hit, " ".join(words[start:start + rng.choice([2, 3])])),
                    encoding="utf-8")






EDITS: list[Callable[[list[Path], random.Random], None]] = [
    reword, echo, echo, avoid_what_is_said, avoid_what_is_said, on_a_file(swap_items),
    on_a_file(shift_lines)]


def test_a_warm_check_after_any_edits_reports_what_a_cold_check_does(tmp_path: Path) -> None:
    for folder in ("content", "phrasebook"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    config = from_mkdocs_yml(tmp_path / "mkdocs.yml")
    files = sorted(p for p in tmp_path.rglob("*.yml") if p.name != "mkdocs.yml")
    cache = Cache()  # in memory, as `phrasebook serve` keeps it
    rng = random.Random(23)
    checked = rules = 0
    for _ in range(40):
        handbook = edit_then(files, rng, EDITS,
                             lambda: load(config.content, config.root, config.channels, cache))
        cache.save()
        if handbook is None:
            continue
        warm = check.run(handbook, config, cache).diagnostics
        cold = check.run(load(config.content, config.root, config.channels), config)
        assert warm == cold.diagnostics
        checked += 1
        rules = max(rules, len({d.rule for d in warm}))
    # Not vacuous: the edits made the rules that keep state find things.
    assert checked > 25 and rules >= 5, (checked, rules)
