"""Accessibility: axe-core finds no serious or critical violation on any kind of page, and
the phrasebook works by keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

Page = Any

PAGES = {
    "home": "./",
    "phrasebook index": "phrasebook/",
    "situation": "phrasebook/shouting/",
    "method": "method/",
    "step": "method/apologize/",
    "crosswalk": "method/crosswalk/",
    "examples index": "examples/",
    "worked example": "examples/warm-handoff/",
    "counterexample": "examples/dessert-first/",
    "lessons index": "lessons/",
    "lesson": "lessons/day-3-solve/",
    "sources": "sources/",
    "statistics": "sources/statistics/",
    "decisions": "sources/decisions/",
    "checker rules": "checks/",
    "field reference": "reference/",
    "hand-written page": "writing-content/",
    "reply checker": "reply/",
    "desk cards index": "cards/",
    "desk card": "cards/thank-you/",
    "role-play card": "roleplays/shouting-wrong-size/",
    "quiz": "quizzes/week-one-rules/",
    "quiz key": "quiz-keys/week-one-rules/",
    "scorecard": "scorecards/first-week/",
    "goodwill limits": "goodwill/",
    "templates": "forms/",
}


def serious(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in violations if v["impact"] in ("serious", "critical")
    ]


SCHEMES = {"light": "default", "dark": "slate"}  # the reader's system setting -> Material's


@pytest.fixture(params=list(SCHEMES))
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def schemed(browser: object, site_url: str, scheme: str) -> Iterator[Page]:
    """A tab whose system colour setting is `scheme`, as a reader's operating system sets
    it: the site must choose its palette from it (mkdocs.yml's `media` palettes)."""
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=site_url, color_scheme=scheme, reduced_motion="reduce")
    yield context.new_page()
    context.close()


def open_the_finder(page: Page) -> None:
    """The finder with results listed and one selected: its popup is part of every page."""
    page.locator("#pb-finder-input").click()
    page.keyboard.type("refund", delay=10)
    page.locator("#pb-finder-results [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")


@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_nothing_serious_in_either_scheme_with_the_finder_open(
    schemed: Page, scheme: str, kind: str,
) -> None:
    schemed.goto(PAGES[kind])
    schemed.wait_for_load_state("networkidle")
    chosen = schemed.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert chosen == SCHEMES[scheme], "the palette follows the reader's system setting"
    assert serious(schemed) == []
    open_the_finder(schemed)
    assert serious(schemed) == []


def test_copy_works_by_keyboard_alone(page: Page) -> None:
    page.goto("phrasebook/hung-up/")
    first_copy = page.locator(".pb-copy").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pb-copy')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('pb-copy')")
    page.keyboard.press("Enter")
    assert page.evaluate("navigator.clipboard.readText()") == \
        first_copy.get_attribute("data-clipboard-text")


def test_the_search_box_works_by_keyboard_alone(page: Page) -> None:
    page.goto("method/")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "pb-finder-input"
    page.keyboard.insert_text("refund")
    first = page.locator("#pb-finder-results [role=option]").first
    first.wait_for()
    target = str(first.get_attribute("data-url"))
    assert "phrasebook/" in target, target
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/phrasebook/**")


def test_navigation_works_by_keyboard_alone(page: Page) -> None:
    page.goto("./")
    page.keyboard.press("Tab")
    for _ in range(80):
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused.startswith("Shouting"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/phrasebook/shouting/")
