"""Accessibility: axe-core finds no serious or critical violation on any kind of page, and
the phrasebook works by keyboard alone."""

from __future__ import annotations

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
}


def serious(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in violations if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_nothing_serious(page: Page, kind: str) -> None:
    page.goto(PAGES[kind])
    page.wait_for_load_state("networkidle")
    assert serious(page) == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_both_palettes_pass_with_the_finder_open(page: Page, scheme: str) -> None:
    page.goto("phrasebook/")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.locator("#pb-finder-input").click()
    page.keyboard.type("refund", delay=10)
    page.locator("#pb-finder-results [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert serious(page) == []


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


def test_material_search_works_by_keyboard_alone(page: Page) -> None:
    page.goto("method/")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("refund", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
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
