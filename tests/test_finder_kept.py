"""The finder's index that serve keeps from one build to the next is the one a build makes.

`phrasebook serve` keeps each entry's row by its record, the postings (patched for the rows a
save changed), what the files were made of, and the sections of each page searched as a page
while what the page read is unchanged (finder/index.py `Kept`, postings.Inversion,
parts.Kept, render/assets.py `Sections`). A kept value that should have been worked out
again is a stale index: a phrase found by words it no longer says, or by a stem or a
spelling it lost. So after any sequence of edits the kept index's files are, byte for byte,
those of an index made from nothing. Records come through serve's in-memory content cache,
as in serve: an unchanged file's records are the very same objects, which is what the kept
rows are found by.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from edits import drop_item, edit_then, on_a_file, shift_lines, swap_items
from service_phrasebook.check import documentation
from service_phrasebook.labels import labels_for
from service_phrasebook.load import Cache, load
from service_phrasebook.render import Options, render
from service_phrasebook.settings import from_mkdocs_yml

SAY = re.compile(r"(?m)^(\s*(?:- )?(?:say|title|summary|text|keywords|rep|customer|goal|"
                 r"why|setting): )([A-Za-zÄÖÜäöüß][^:#'\"\n\[\]]*)$")
WORDS = ["again", "now", "Verspätung", "café", "Straße", "naïve", "refunds", "refunding",
         "parcel", "package", "the", "Schlüssel", "Übergabe", "1234", "déjà"]


def reword(files: list[Path], rng: random.Random) -> None:
    """A text gains or loses words: new words, words of other rows, accented spellings,
    forms that share a stem, a synonym's member."""
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    found = list(SAY.finditer(text))
    if not found:
        return
    hit = rng.choice(found)
    words = hit.group(2).split()
    if rng.random() < 0.3 and len(words) > 1:
        del words[rng.randrange(len(words))]
    else:
        words.insert(rng.randrange(len(words) + 1), rng.choice(WORDS))
    path.write_text(text[:hit.start(2)] + " ".join(words) + text[hit.end(2):],
                    encoding="utf-8")








CHECKS = documentation()  # the author pages' rules page: one of the pages cut into sections
EDITS: list[Callable[[list[Path], random.Random], None]] = [
    reword, reword, reword, reword, on_a_file(swap_items), on_a_file(drop_item),
    on_a_file(shift_lines)]


@pytest.mark.parametrize("handbook", ["bundled", "german"])
def test_the_index_serve_keeps_is_the_index_a_build_makes(tmp_path: Path, handbook: str
                                                         ) -> None:
    source = ROOT if handbook == "bundled" else ROOT / "tests" / "handbook_de"
    project = tmp_path / "project"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns(
        "site", "tests", "generator", "benchmarks", ".*", "*.egg-info"))
    settings = from_mkdocs_yml(project / "mkdocs.yml")
    files = sorted(p for folder in settings.content for p in folder.rglob("*.yml"))
    options = Options(today=dt.date(2026, 11, 23), labels=labels_for(settings.language)[0],
                      author_pages=True)
    cache = Cache()
    resident: dict[Any, Any] = {}
    rng = random.Random(2023)
    compared = patched = 0
    last = None
    for _ in range(40):
        handbook_now = edit_then(
            files, rng, EDITS,
            lambda: load(settings.content, settings.root, settings.channels, cache))
        cache.save()
        if handbook_now is None:
            continue
        kept = render(handbook_now, options, CHECKS, resident=resident).files
        inversion = next(v for k, v in resident.items() if k[0] == "finder").inversion
        fresh = render(load(settings.content, settings.root, settings.channels), options,
                       CHECKS).files
        assert kept.keys() == fresh.keys()
        assert [name for name in kept if kept[name] != fresh[name]] == []
        compared += 1
        patched += inversion is last  # the same postings, patched
        last = inversion
    # Not vacuous: most builds patched the kept postings instead of starting afresh.
    assert compared > 25 and patched > compared // 2, (compared, patched)
