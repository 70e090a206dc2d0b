"""Desk cards: Chromium prints each situation's card on exactly one sheet of A4 and of US
Letter, for the bundled handbook, a 200-situation synthetic one and one written to overflow;
the "print all" page prints one card per sheet."""

from __future__ import annotations

import io
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from conftest import ROOT, make_project, phrasebook, serve

pytestmark = pytest.mark.browser
PAPER = ("A4", "Letter")

LONG = " ".join(["and then we will look at every part of your order together"] * 25)
OVERFLOWING = {
    "content/method.yml": yaml.safe_dump({"method": {"title": "Long way", "steps": [
        {"id": f"step-{n}", "title": f"Step number {n} of a long method with long titles",
         "goal": "Keep going."} for n in range(1, 26)]}}),
    "phrasebook/all.yml": yaml.safe_dump({
        "situations": [{"id": "everything", "title": "Everything at once " * 8}],
        "phrases": [{"id": f"phrase-{n}", "step": f"step-{n}", "situations": ["everything"],
                     "say": f"Line {n}: {LONG} " + "x" * 400,
                     "avoid": [{"text": f"never say {n} {LONG[:150]}"},
                               {"text": f"nor this {n}"}]}
                    for n in range(1, 26)]}),
}


def pages_of(pdf: bytes) -> list[str]:
    """The text of each sheet, ligatures (ﬁ) undone."""
    return [unicodedata.normalize("NFKC", page.extract_text() or "")
            for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def first_words(title: str) -> str:
    return " ".join(title.split()[:3])


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    yield page
    page.close()


def site_of(project: Path) -> Path:
    phrasebook("build", "-d", str(project / "site"), cwd=project, check=True)
    return project / "site"


def situations(project: Path) -> list[str]:
    """The ids and titles of the situations the site has a card for, in the handbook's order."""
    return sorted(p.name for p in (project / "site" / "cards").iterdir() if p.is_dir())


def assert_each_card_prints_on_one_sheet(tab: Any, root: str, ids: list[str]) -> None:
    for id in ids:
        tab.goto(f"{root}cards/{id}/")
        title = tab.locator(".pb-desk__title").inner_text()
        for paper in PAPER:
            sheets = pages_of(tab.pdf(format=paper))
            assert len(sheets) == 1, f"{id} on {paper}: {len(sheets)} sheets"
            assert first_words(title) in " ".join(sheets[0].split())
            assert f"phrasebook/{id}/" in sheets[0], "the address always prints"


def assert_print_all_gives_one_card_per_sheet(tab: Any, root: str, read: int = 10**6) -> None:
    """As many sheets as cards, each starting with its card's title: a card that spilled
    would push every later one a sheet further. Only the first `read` sheets' text is read
    (the count holds for all)."""
    tab.goto(f"{root}cards/")
    titles = tab.locator(".pb-desk__title").all_inner_texts()
    for paper in PAPER:
        pdf = pypdf.PdfReader(io.BytesIO(tab.pdf(format=paper)))
        assert len(pdf.pages) == len(titles), paper
        for title, sheet in list(zip(titles, pdf.pages, strict=True))[:read]:
            text = " ".join(unicodedata.normalize("NFKC", sheet.extract_text()).split())
            assert text.startswith(first_words(title)), (paper, title)


def test_every_bundled_card_prints_on_one_sheet_and_all_of_them_one_per_sheet(
        tab: Any, bundled_site: Path) -> None:
    for root in serve(bundled_site):
        ids = sorted(p.name for p in (bundled_site / "cards").iterdir() if p.is_dir())
        handbook = yaml.safe_load((ROOT / "phrasebook" / "situations.yml").read_text("utf-8"))
        assert len(ids) == len(handbook["situations"]), "a card for every situation"
        assert_each_card_prints_on_one_sheet(tab, root, ids)
        assert_print_all_gives_one_card_per_sheet(tab, root)


def test_a_card_shows_the_method_the_best_phrase_per_step_and_what_to_avoid(
        tab: Any, bundled_site: Path) -> None:
    for root in serve(bundled_site):
        tab.goto(f"{root}phrasebook/shouting/")
        tab.locator("a.pb-desk-link").click()
        tab.wait_for_url("**/cards/shouting/")
        strip = tab.locator(".pb-desk__strip li").all_inner_texts()
        steps = yaml.safe_load((ROOT / "content" / "method.yml").read_text("utf-8"))
        assert [s.split(" ", 1)[1] for s in strip] == [
            s["title"] for s in steps["method"]["steps"]]
        first_phrase = tab.locator(".pb-desk__say td").first.inner_text()
        situation_page = tab.locator(".pb-desk__address a")
        situation_page.click()
        tab.wait_for_url("**/phrasebook/shouting/")
        assert tab.locator("section.pb-phrase .pb-text").first.inner_text() == first_phrase
        assert tab.locator(".pb-avoid del").count() >= 1


def test_a_synthetic_handbook_of_200_situations_prints_one_card_per_sheet(
        tab: Any, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth
    synth.write_ours(synth.content(400), tmp_path / "synth")
    site = site_of(tmp_path / "synth")
    ids = situations(tmp_path / "synth")
    assert len(ids) == 200
    for root in serve(site):
        assert_print_all_gives_one_card_per_sheet(tab, root, read=20)
        densest = sorted(ids, key=lambda id: -(site / "cards" / id / "index.html").stat().st_size)
        assert_each_card_prints_on_one_sheet(tab, root, densest[:1])


def test_a_card_with_too_much_to_say_is_clipped_not_spilled(tab: Any, tmp_path: Path) -> None:
    project = make_project(tmp_path, OVERFLOWING)
    site = site_of(project)
    for root in serve(site):
        assert_each_card_prints_on_one_sheet(tab, root, ["everything"])
        tab.goto(f"{root}cards/everything/")
        sheet = " ".join(pages_of(tab.pdf(format="Letter"))[0].split())
        assert "Line 1:" in sheet, "the first step's phrase is printed"
        assert "Line 25:" not in sheet, "the rest is clipped to the sheet"
        assert_print_all_gives_one_card_per_sheet(tab, root)
