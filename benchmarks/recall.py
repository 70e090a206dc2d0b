"""Recall: the same queries, typed as reps type them, through our phrase finder and through
Material's search on the hand-written baseline, on the synthetic handbooks.

Each query is written with the words it means (`means`): a query is answered when one of its
first three results is a phrase whose text to say, channel variants or situations hold every
one of those words. The words come from the synthetic vocabulary (synth.py), so every query
has answers at every size; how it is typed (a typo, another form, a British spelling, a
sentence, a word half typed) is what is measured.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# (kind, typed, the words it means)
QUERIES: list[tuple[str, str, tuple[str, ...]]] = [
    ("as written", "refund", ("refund",)),
    ("as written", "furious parcel", ("furious", "parcel")),
    ("as written", "invoice", ("invoice",)),
    ("as written", "worried engineer", ("worried", "engineer")),
    ("as written", "router", ("router",)),
    ("typo", "refnud", ("refund",)),
    ("typo", "delviery", ("delivery",)),
    ("typo", "recepit", ("receipt",)),
    ("typo", "invocie", ("invoice",)),
    ("typo", "enginer", ("engineer",)),
    ("typo", "paymnet", ("payment",)),
    ("typo", "discuont", ("discount",)),
    ("typo", "colleage", ("colleague",)),
    ("typo", "furous parcle", ("furious", "parcel")),
    ("other form", "refunds", ("refund",)),
    ("other form", "invoices", ("invoice",)),
    ("other form", "replaced", ("replace",)),
    ("other form", "arrived", ("arrive",)),
    ("other form", "engineers", ("engineer",)),
    ("other form", "checking the receipts", ("check", "receipt")),
    ("British spelling", "apologise", ("apologize",)),
    ("British spelling", "apologising for the delivery", ("apologize", "delivery")),
    ("sentence", "the customer is furious about the parcel", ("furious", "parcel")),
    ("sentence", "she wants a refund for the router", ("refund", "router")),
    ("sentence", "he is worried about his invoice", ("worried", "invoice")),
    ("sentence", "the engineer did not arrive", ("engineer", "arrive")),
    ("half typed", "replacem", ("replacement",)),
    ("half typed", "invo", ("invoice",)),
    ("half typed", "furious eng", ("furious", "engineer")),
]

WORD = re.compile(r"[a-z]+")


def answers(data: dict[str, Any], means: tuple[str, ...]) -> set[str]:
    """The ids of the phrases that answer a query meaning these words."""
    situations = {s["id"]: f"{s['title']} {' '.join(s['keywords'])}" for s in data["situations"]}
    out = set()
    for phrase in data["phrases"]:
        text = " ".join((phrase["say"], *phrase.get("variants", {}).values(),
                         *(situations[s] for s in phrase["situations"])))
        if set(means) <= set(WORD.findall(text.lower())):
            out.add(phrase["id"])
    return out


# What each engine shows, read from the page: the first three phrases it offers.
FIRST_THREE = {
    "phrase finder": """() => [...document.querySelectorAll('#pb-finder-results [role=option]')]
        .slice(0, 3).map(o => o.dataset.id)""",
    # Material lists pages, each with its matching sections; a phrase is a section whose
    # anchor is its id. Its first three phrase links, in the order shown.
    "Material search": """() => [...document.querySelectorAll('.md-search-result__list a')]
        .map(a => (a.getAttribute('href') || '').split('#')[1])
        .filter(id => /^phrase-/.test(id || ''))
        .filter((id, n, all) => all.indexOf(id) === n).slice(0, 3)""",
}
# The engine has finished with a query: its status line names a result, or none.
SETTLED = {
    "phrase finder": """() =>
        document.querySelector('.pb-finder__status').textContent.trim() !== ''""",
    "Material search": """() => !/^$|Type to start/i.test(
        (document.querySelector('.md-search-result__meta') || {}).textContent || '')""",
}
BOX = {"phrase finder": "#pb-finder-input", "Material search": ".md-search__input"}


def first_three(page: Any, engine: str, query: str) -> list[str]:
    box = BOX[engine]
    page.locator(box).click()
    page.locator(box).fill("")
    page.wait_for_timeout(50)
    page.evaluate("([box, value]) => { document.querySelector(box).value = value; }",
                  [box, query[:-1]])
    page.keyboard.press(query[-1])
    page.wait_for_function(SETTLED[engine], timeout=30000)
    page.wait_for_timeout(400)  # Material renders its list in batches after the count
    return [str(i) for i in page.evaluate(FIRST_THREE[engine])]


def recall(site: Path, engine: str, data: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Per kind of query: (answered in the first three, queries)."""
    from conftest import CHROMIUM_FLAGS, chromium_path, serve
    from playwright.sync_api import sync_playwright

    out: dict[str, tuple[int, int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        for url in serve(site):
            page = browser.new_page()
            page.goto(url, wait_until="load")
            for kind, typed, means in QUERIES:
                right = answers(data, means)
                hit = bool(set(first_three(page, engine, typed)) & right)
                done, total = out.get(kind, (0, 0))
                out[kind] = (done + hit, total + 1)
            page.close()
        browser.close()
    return out


def rows(results: dict[int, dict[str, dict[str, tuple[int, int]]]]) -> Iterator[str]:
    """The recall table: a row per kind of query, a column per engine and size."""
    sizes = sorted(results)
    engines = ("phrase finder", "Material search")
    yield ("| typed queries | " + " | ".join(f"{e}, {n:,}" for n in sizes for e in engines)
           + " |")
    yield "| --- |" + " --- |" * (len(sizes) * len(engines))
    kinds = list(dict.fromkeys(kind for kind, _, _ in QUERIES))
    for kind in [*kinds, "all"]:
        cells = []
        for n in sizes:
            for engine in engines:
                counts = results[n][engine]
                done, total = (counts[kind] if kind != "all" else
                               tuple(map(sum, zip(*counts.values(), strict=True))))
                cells.append(f"{done}/{total}")
        yield f"| {kind} | " + " | ".join(cells) + " |"
