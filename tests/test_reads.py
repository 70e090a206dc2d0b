"""A page that read nothing an edit changed is the page it was (generator/render/reads.py).

`phrasebook serve` does not make such a page again after a save, so a read the page forgot
to note would leave a stale page on screen. Here the bundled handbook is edited at random,
as an author would (a reworded text, a reordered list, a phrase moved to another situation,
lines that shift everything below them), and after each edit every page is made again: each
one whose noted reads and inputs are unchanged must come out byte for byte as before.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT
from edits import shift_lines, swap_items
from service_phrasebook import model as m
from service_phrasebook.diagnostic import ContentError
from service_phrasebook.load import load
from service_phrasebook.render import Options, Site, reads, render
from service_phrasebook.settings import from_mkdocs_yml

OPTIONS = Options(today=dt.date(2026, 11, 23), author_pages=True)
TEXT = re.compile(r"(?m)^(\s*(?:- )?(?:title|say|summary|goal|why|text|figure|note): )"
                  r"([A-Za-z][^:#'\"\n]*)$")
ITEMS = re.compile(r"(?m)^(\s*situations: \[)([^\]\n]+,[^\]\n]+)(\]\s*)$")


def reword(text: str, rng: random.Random) -> str | None:
    found = list(TEXT.finditer(text))
    if not found:
        return None
    hit = rng.choice(found)
    return text[:hit.end(2)] + rng.choice([" again", " now", " today"]) + text[hit.end(2):]


def rotate_situations(text: str, rng: random.Random) -> str | None:
    """A phrase's first situation is its home page: rotating the list moves it."""
    found = list(ITEMS.finditer(text))
    if not found:
        return None
    hit = rng.choice(found)
    items = [i.strip() for i in hit.group(2).split(",")]
    return text[:hit.start(2)] + ", ".join(items[1:] + items[:1]) + text[hit.end(2):]






EDITS: list[Callable[[str, random.Random], str | None]] = [
    reword, reword, rotate_situations, shift_lines, swap_items]


def made(site: Site) -> dict[str, tuple[str, frozenset[reads.Key]]]:
    out = {}
    for page in site.pages:
        assert page.tracked is not None or not page.inputs, page.src
        if page.tracked is not None:
            noted: reads.Reads = set()
            out[page.src] = (page.tracked(noted), frozenset(noted))
    return out


def test_a_page_whose_reads_did_not_change_is_unchanged(tmp_path: Path) -> None:
    for folder in ("content", "phrasebook"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    settings = from_mkdocs_yml(tmp_path / "mkdocs.yml")
    files = sorted(p for p in tmp_path.rglob("*.yml") if p.name != "mkdocs.yml")
    rng = random.Random(20261206)

    def state() -> tuple[m.Handbook, Site]:
        handbook = load(settings.content, settings.root, settings.channels)
        return handbook, render(handbook, OPTIONS)

    _, site = state()
    before = made(site)
    kept = remade = 0
    for _ in range(30):
        path = rng.choice(files)
        text = path.read_text(encoding="utf-8")
        edited = rng.choice(EDITS)(text, rng)
        if edited is None:
            continue
        path.write_text(edited, encoding="utf-8")
        try:
            _, new_site = state()
        except ContentError:  # an edit the loader refuses: undo it, as an author would
            path.write_text(text, encoding="utf-8")
            continue
        assert site.world is not None and new_site.world is not None
        differs = reads.comparer(site.world, new_site.world)
        old_pages = {p.src: p for p in site.pages}
        after = made(new_site)
        for page in new_site.pages:
            old = old_pages.get(page.src)
            if old is None or page.src not in before or page.tracked is None:
                continue
            html, noted = before[page.src]
            if page.inputs == old.inputs and not differs(noted):
                assert after[page.src][0] == html, (
                    f"{page.src} changed after editing {path.name} although nothing it "
                    "noted reading did")
                kept += 1
            else:
                remade += 1
        site, before = new_site, after
    # Not vacuous: most pages were found unchanged, and edits did reach some pages.
    assert kept > 5 * remade > 0, (kept, remade)
