"""The phrase finder forgives how reps type, in headless Chromium: typos, other spellings,
other forms of a word, whole sentences, and worked examples remembered by name, on the bundled
handbook and on German, French and Spanish handbooks (tests/finder_de/, finder_fr/,
finder_es/) it has never seen."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import finder_answered, phrasebook, serve
from service_phrasebook.finder import parts
from service_phrasebook.finder.parts import Index
from service_phrasebook.finder.postings import Inverted

pytestmark = pytest.mark.browser

Page = Any  # Playwright's sync Page, extended by the fixture with .requests and .errors
HERE = Path(__file__).parent


def first_three(page: Page, query: str) -> list[str]:
    """The ids of the first three options for a query typed into the finder of the open page."""
    box = page.locator("#pb-finder-input")
    box.fill("")  # empties the list, so the next results shown are this query's
    box.evaluate("(box, value) => { box.value = value; }", query[:-1])
    box.press_sequentially(query[-1])  # one search, on the last key, typed for real ("é" too)
    page.locator("#pb-finder-results [role=option]").first.wait_for()
    ids = page.locator("#pb-finder-results [role=option]").evaluate_all(
        "items => items.slice(0, 3).map(i => i.dataset.id)")
    return [str(i) for i in ids]


def misses(page: Page, spec: Path) -> list[str]:
    out = []
    for case in yaml.safe_load(spec.read_text("utf-8")):
        ids = first_three(page, case["query"])
        if not set(ids) & set(case["top3"]):
            out.append(f"{case['query']!r} gave {ids}, wanted one of {case['top3']}")
    return out


def test_the_words_a_rep_types_mid_call_bring_the_right_answer_into_the_first_three(
    page: Page,
) -> None:
    page.goto("./")
    assert misses(page, HERE / "finder_queries.yml") == []
    assert page.errors == []


@pytest.fixture(scope="module", params=["de", "fr", "es"])
def language_site(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A small handbook in another language (tests/finder_<language>/, theme.language set,
    a team channel WhatsApp), built with `phrasebook build`."""
    language = str(request.param)
    project = tmp_path_factory.mktemp(language) / "project"
    shutil.copytree(HERE / f"finder_{language}", project)
    (project / "pages").mkdir()
    phrasebook("build", "-f", str(project / "mkdocs.yml"), "--site-dir",
               str(project / "site"), cwd=project, check=True)
    for url in serve(project / "site"):
        yield language, url


def test_in_german_french_and_spanish_what_reps_type_finds_its_answer(
    browser: Any, language_site: tuple[str, str],
) -> None:
    """Without accents or umlauts, misspelt, in another form, abbreviated (rdv, dto), in the
    customer's own words, through the team's synonyms and its channel's name (whatsap)."""
    language, url = language_site
    context = browser.new_context(base_url=url)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("./")
        assert misses(page, HERE / f"finder_{language}" / "queries.yml") == []
        assert errors == []
    finally:
        context.close()


def test_a_corrected_word_is_named_in_the_status_line(page: Page) -> None:
    page.goto("./")
    page.locator("#pb-finder-input").click()
    page.keyboard.type("refnud", delay=10)
    status = page.locator(".pb-finder__status")
    page.wait_for_function(
        "() => document.querySelector('.pb-finder__status').textContent.includes('Results for')")
    assert "Results for refund" in status.inner_text()
    assert status.get_attribute("aria-live") == "polite"
    assert "refund" in page.locator("#pb-option-0").inner_text().lower()


def test_a_worked_example_named_by_the_rep_is_reached_with_the_arrow_keys_and_opens(
    page: Page,
) -> None:
    page.goto("./")
    page.locator("#pb-finder-input").click()
    page.keyboard.type("the shoe return", delay=10)
    finder_answered(page, "the shoe return")  # not "the shoe", re-rendered under the arrows
    example = page.locator("#pb-finder-results [role=group] [role=option][data-id=shoe-return]")
    group = page.locator("#pb-finder-results [role=group]")
    assert group.get_attribute("aria-labelledby")
    options = page.locator("#pb-finder-results [role=option]")
    position = options.evaluate_all(
        "items => items.findIndex(i => i.dataset.id === 'shoe-return')")
    assert 0 <= position < 3
    for _ in range(position + 1):
        page.keyboard.press("ArrowDown")
    finder = page.locator("#pb-finder-input")
    assert finder.get_attribute("aria-activedescendant") == example.get_attribute("id")
    assert example.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url("**/examples/shoe-return/")
    assert page.locator("h1").inner_text() != ""
    assert page.errors == []


def test_a_part_of_the_index_that_cannot_be_fetched_is_said_in_the_status_line_and_tried_again(
    browser: Any, bundled_site: Path, tmp_path: Path,
) -> None:
    """The index's postings are fetched when a query needs them; a server that has lost one
    answers 404, which the rep reads in the status line, and the next query asks again."""
    site = tmp_path / "site"
    shutil.copytree(bundled_site, site)
    postings = list((site / "assets" / "phrasebook" / "finder").glob("*.bin"))
    assert postings
    for part in postings:
        part.rename(part.with_suffix(".lost"))
    for url in serve(site):
        context = browser.new_context(base_url=url)
        try:
            page = context.new_page()
            page.goto("./")
            page.locator("#pb-finder-input").click()
            page.keyboard.type("refund", delay=10)
            status = page.locator(".pb-finder__status")
            page.wait_for_function("() => document.querySelector('.pb-finder__status')"
                                   ".textContent.includes('could not load')")
            assert page.locator("#pb-finder-results [role=option]").count() == 0
            for part in postings:
                part.with_suffix(".lost").rename(part)
            page.keyboard.press("Backspace")
            page.locator("#pb-finder-results [role=option]").first.wait_for()
            assert "could not" not in status.inner_text()
            assert "refun" in page.locator("#pb-option-0").inner_text().lower()
        finally:
            context.close()


def test_slash_s_and_p_focus_the_one_search_box_on_every_kind_of_page(page: Page) -> None:
    """Material's keys for its search (`/`, `s`) and the finder's (`p`) reach the same box,
    in the header, from the home page, a method step, a worked example and an author page."""
    for address in ("./", "method/listen/", "examples/shoe-return/", "writing-content/"):
        page.goto(address)
        for key in ("/", "s", "p"):
            page.locator("h1").click()  # focus on the page, not in a box
            page.keyboard.press(key)
            focused = page.evaluate(
                "() => [document.activeElement.id,"
                " !!document.activeElement.closest('.md-header')]")
            assert focused == ["pb-finder-input", True], (address, key)
            assert page.locator("#pb-finder-input").input_value() == ""
    assert page.errors == []


def test_what_a_customer_says_finds_its_situation(page: Page) -> None:
    """A rep types what they just heard; the situation whose customers say it answers."""
    page.goto("./")
    ids = first_three(page, "you people are useless")
    assert "shouting" in ids


def cut_small(site: Path) -> dict[str, Any]:
    """The site's index written again as a big handbook's is: not fetched whole, in parts of
    a few kilobytes, each postings part with its preview. Returns the new head."""
    folder = site / "assets" / "phrasebook"
    index = Index.in_folder(folder)
    head = index.head
    every = list(index._postings())
    vocabulary = index.vocabulary()
    situations = next((first, first + count) for kind, first, count in head["groups"]
                      if kind == "situation")
    files = parts.files(parts.Contents(
        {k: v for k, v in head.items() if k not in GENERATED},
        Inverted(tuple(vocabulary), tuple(every[:len(vocabulary)]),
                 {stem: tuple(group) for stem, group in head["stems"].items()},
                 head["spelled"], tuple(every[len(vocabulary):])),
        list(index.rows()), index.ids(), head["phrases"], situations),
        postings_bytes=2_000, shard_bytes=1_000, bucket_bytes=500, eager_bytes=0)
    made = Index.of(files)
    assert list(made.postings()) == list(index.postings())
    assert list(made.rows()) == list(index.rows())
    shutil.rmtree(folder / parts.FOLDER)
    (folder / parts.FOLDER).mkdir()
    for name, data in files.items():
        if isinstance(data, bytes):
            (folder / name).write_bytes(data)
        else:
            (folder / name).write_text(data, encoding="utf-8")
    return made.head


GENERATED = {"eager", "figures", "vocabulary", "stems", "pairs", "postings", "shards", "ids"}


def every_option(page: Page, query: str) -> list[str]:
    box = page.locator("#pb-finder-input")
    box.fill("")
    box.evaluate("(box, value) => { box.value = value; }", query[:-1])
    box.press_sequentially(query[-1])
    finder_answered(page, query)
    return [str(i) for i in page.locator("#pb-finder-results [role=option]").evaluate_all(
        "items => items.map(i => i.dataset.id)")]


def test_a_big_handbooks_index_in_parts_answers_as_the_whole_and_a_word_in_one_round_of_fetches(
    browser: Any, bundled_site: Path, site_url: str, tmp_path: Path,
) -> None:
    """An index too big to fetch whole is fetched a part at a time; each postings part
    brings the display data of the rows its words show first (its preview), so a later
    query of one word fetches its postings and their previews, and no display shard after.
    Every option of every query of the spec is the whole index's, in the same order."""
    site = tmp_path / "site"
    shutil.copytree(bundled_site, site)
    head = cut_small(site)
    shards = {name for _, name in head["shards"]}
    queries = [case["query"] for case in yaml.safe_load(
        (HERE / "finder_queries.yml").read_text("utf-8"))]
    fetched: list[str] = []
    for url in serve(site):
        whole, cut = browser.new_page(base_url=site_url), browser.new_page(base_url=url)
        try:
            cut.goto("./")
            cut.on("request", lambda request: fetched.append(
                "finder/" + request.url.rsplit("/", 1)[-1]))
            every_option(cut, "refund")
            for word in ("apologise", "engineer", "delay", "voucher", "manager"):
                fetched.clear()
                every_option(cut, word)
                assert fetched, f"{word!r}: its postings were fetched"
                assert not set(fetched) & shards, f"{word!r}: a display shard after its postings"
            whole.goto("./")
            for query in queries:
                assert every_option(cut, query) == every_option(whole, query), query
        finally:
            whole.close()
            cut.close()
