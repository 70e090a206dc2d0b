"""The bundled handbook in headless Chromium, used the way a rep and a trainer use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, finder_answered
from service_phrasebook.finder.parts import Index
from service_phrasebook.load import load

pytestmark = pytest.mark.browser

Page = Any  # Playwright's sync Page, extended by the fixture with .requests and .errors


def phrases(bundled_site: Path) -> list[dict[str, Any]]:
    """The finder's phrases (`i` id, `u` URL, `s` text to say), each with its channels' texts
    (`v`) and the titles of its situations (`situations`) from the handbook."""
    book = load([ROOT / "content", ROOT / "phrasebook"], ROOT)
    titles = {s.id: s.title for s in book.situations}
    by_id = {p.id: p for p in book.phrases}
    index = Index.in_folder(bundled_site / "assets" / "phrasebook")
    return [{**row, "v": dict(by_id[row["i"]].variants),
             "situations": [titles[s] for s in by_id[row["i"]].situations]}
            for row in index.rows() if "k" not in row]


def clipboard(page: Page) -> str:
    return str(page.evaluate("navigator.clipboard.readText()"))


def in_view(page: Page, selector: str) -> bool:
    return bool(page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= 0 && r.top < window.innerHeight; }""", selector))


def test_the_home_page_offers_every_situation_one_click_from_its_phrases(page: Page) -> None:
    page.goto("./")
    cards = page.locator(".pb-situation-card a")
    assert cards.count() >= 12
    first = cards.first
    title = first.locator("strong").inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
    assert page.locator("section.pb-phrase").count() >= 1
    assert page.requests.outside == [] and page.errors == []


def test_the_header_search_is_the_finder_and_finds_a_phrase_by_a_situation_word(
    page: Page,
) -> None:
    """One box: the finder sits where Material's search sat, and Material's is gone."""
    page.goto("./")
    assert page.locator(".md-search").count() == 0
    box = page.locator(".md-header #pb-finder-input")
    box.click()
    page.keyboard.type("screaming", delay=20)
    finder_answered(page, "screaming")  # not "scream", re-rendered before Enter
    first = page.locator("#pb-finder-results [role=option]").first
    href = str(first.get_attribute("data-url"))
    assert href.startswith("phrasebook/") and "#" in href, "a phrase, at its anchor"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{href}")
    assert page.errors == []


def test_copy_puts_exactly_the_text_to_say_on_the_clipboard(page: Page) -> None:
    page.goto("phrasebook/shouting/")
    section = page.locator("section.pb-phrase").first
    expected = section.locator(".pb-copy").first.get_attribute("data-clipboard-text")
    section.locator(".pb-copy").first.click()
    assert clipboard(page) == expected
    assert expected and "&" not in expected, "the attribute holds plain text, not HTML"


def test_copy_takes_the_text_of_the_channel_tab_that_is_shown(page: Page,
                                                              bundled_site: Path) -> None:
    row = next(r for r in phrases(bundled_site) if "chat" in r.get("v", {}))
    page.goto(row["u"])
    section = page.locator(f"section.pb-phrase:has([id='{row['i']}'])")
    section.locator(".tabbed-labels label", has_text="Chat").click()
    section.locator(".tabbed-block:visible .pb-copy").click()
    assert clipboard(page) == row["v"]["chat"]


def test_a_phrase_permalink_opens_at_its_anchor_and_copy_link_gives_it(
    page: Page, bundled_site: Path,
) -> None:
    row = phrases(bundled_site)[-1]
    page.goto(row["u"])
    assert in_view(page, f"[id='{row['i']}']")
    section = page.locator(f"section.pb-phrase:has([id='{row['i']}'])")
    section.locator(".pb-permalink").click()
    assert clipboard(page) == page.url.split("#")[0] + "#" + row["i"]


def test_an_anchor_to_a_phrase_shown_elsewhere_forwards_to_its_home(
    page: Page, bundled_site: Path,
) -> None:
    row = next(r for r in phrases(bundled_site) if "shouting" not in r["u"]
               and any("Shouting" in title for title in r["situations"]))
    page.goto(f"phrasebook/shouting/#{row['i']}")
    page.wait_for_url(f"**/{row['u']}")
    assert in_view(page, f"[id='{row['i']}']")


def test_the_finder_finds_by_situation_and_phrase_words_and_enter_opens_it(page: Page) -> None:
    page.goto("method/listen/")
    page.keyboard.press("p")
    assert page.evaluate("document.activeElement.id") == "pb-finder-input"
    page.keyboard.type("manager supervisor", delay=20)
    finder_answered(page, "manager supervisor")
    options = page.locator("#pb-finder-results [role=option]")
    assert "supervisor" in options.first.inner_text().lower()
    page.keyboard.press("ArrowDown")
    finder = page.locator("#pb-finder-input")
    assert finder.get_attribute("aria-expanded") == "true"
    assert finder.get_attribute("aria-activedescendant") == "pb-option-0"
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url("**/phrasebook/**#*")
    anchor = page.url.split("#")[1]
    assert in_view(page, f"[id='{anchor}']")


def test_shift_enter_in_the_finder_copies_the_chosen_phrase(page: Page,
                                                            bundled_site: Path) -> None:
    page.goto("./")
    page.locator("#pb-finder-input").click()
    page.keyboard.type("refund", delay=20)
    finder_answered(page, "refund")
    page.keyboard.press("ArrowDown")
    text = page.locator("#pb-option-0 .pb-finder__say").inner_text()
    page.keyboard.press("Shift+Enter")
    assert clipboard(page) == text
    assert text in {r["s"] for r in phrases(bundled_site)}
    assert "copied" in page.locator(".pb-finder__status").inner_text().lower()


def type_in_the_finder_until_it_says(page: Page, query: str, status: str) -> None:
    page.goto("./")
    page.locator("#pb-finder-input").click()
    page.keyboard.type(query, delay=10)
    page.wait_for_function(
        "(s) => document.querySelector('.pb-finder__status').textContent.includes(s)",
        arg=status)


def test_a_query_with_a_word_no_phrase_holds_shows_the_closest_and_says_so(page: Page) -> None:
    type_in_the_finder_until_it_says(page, "refund xylophone", "some of these")
    assert "refund" in page.locator("#pb-option-0").inner_text().lower()


def test_the_finder_says_so_when_nothing_matches(page: Page) -> None:
    type_in_the_finder_until_it_says(page, "xylophone", "No phrase")
    assert page.locator("#pb-finder-results").is_hidden()


def test_no_request_leaves_the_site_on_any_kind_of_page(page: Page) -> None:
    for path in ("./", "phrasebook/", "phrasebook/hung-up/", "method/", "method/listen/",
                 "examples/", "examples/cold-meal/", "lessons/day-1-calm-and-listen/",
                 "sources/", "sources/statistics/", "sources/decisions/", "method/crosswalk/",
                 "checks/", "reference/", "writing-content/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert page.requests.outside == []
    assert page.errors == []


def test_a_printed_page_is_a_handout_every_channel_shown_no_controls(
    page: Page, bundled_site: Path,
) -> None:
    row = next(r for r in phrases(bundled_site) if "chat" in r.get("v", {}))
    page.goto(row["u"])
    page.emulate_media(media="print")
    section = page.locator(f"section.pb-phrase:has([id='{row['i']}'])")
    blocks = section.locator(".tabbed-block")
    assert blocks.count() >= 2 and all(blocks.nth(n).is_visible() for n in range(blocks.count())), \
        "every channel's text is on paper, not only the tab that was open"
    assert row["v"]["chat"] in section.inner_text()
    for control in (".pb-finder", ".md-header", ".md-sidebar--primary", ".pb-copy", ".pb-actions"):
        assert not page.locator(control).first.is_visible(), f"{control} is not printed"
    page.goto("lessons/day-1-calm-and-listen/")
    assert page.locator("h1").is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"  # Chromium lays it out on paper without error
