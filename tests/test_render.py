"""Rendering is a pure function of the model: addresses come from ids, never from titles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from conftest import ROOT
from service_phrasebook import model as m
from service_phrasebook.addresses import FINDER, relative, url_of
from service_phrasebook.finder.parts import Index
from service_phrasebook.load import load
from service_phrasebook.render import Options, render

OPTIONS = Options(today=dt.date(2026, 11, 23))


def bundled() -> m.Handbook:
    return load([ROOT / "content", ROOT / "phrasebook"], ROOT)


def test_urls_follow_mkdocs_with_and_without_directory_urls() -> None:
    assert url_of("index.md", True) == ""
    assert url_of("method/index.md", True) == "method/"
    assert url_of("method/listen.md", True) == "method/listen/"
    assert url_of("method/listen.md", False) == "method/listen.html"
    assert relative("method/listen.md", "phrasebook/shouting/", True) == \
        "../../phrasebook/shouting/"
    assert relative("index.md", "method/listen/", True) == "method/listen/"
    assert relative("method/listen.md", "phrasebook/shouting.html", False) == \
        "../phrasebook/shouting.html"


def test_same_model_same_pages() -> None:
    book = bundled()
    assert render(book, OPTIONS) == render(book, OPTIONS)


def test_a_retitle_changes_no_address_and_no_anchor() -> None:
    book = bundled()
    phrase = book.phrases[0]
    retitled = dataclasses.replace(book, phrases=(
        dataclasses.replace(phrase, title="A completely new title"), *book.phrases[1:]))
    before = render(book, OPTIONS)
    after = render(retitled, OPTIONS)
    assert [p.src for p in before.pages] == [p.src for p in after.pages]
    assert {h.id for p in before.pages for h in p.headings} == \
        {h.id for p in after.pages for h in p.headings}


def test_every_phrase_has_exactly_one_anchored_home_and_no_page_of_its_own() -> None:
    book = bundled()
    site = render(book, OPTIONS)
    anchors = [h.id for p in site.pages if p.src.startswith("phrasebook/") for h in p.headings]
    for phrase in book.phrases:
        assert anchors.count(phrase.id) == 1, phrase.id
    assert len(site.pages) < len(book.phrases) + 40, "never a page per phrase"


def test_the_phrase_index_is_built_from_the_model() -> None:
    book = bundled()
    files = render(book, OPTIONS).files
    index = Index.of({path.removeprefix(f"{FINDER}/"): data for path, data in files.items()
                      if path.startswith(f"{FINDER}/")})
    rows = {row["i"]: row for row in index.rows() if "k" not in row}
    assert set(rows) == {p.id for p in book.phrases}
    phrase = book.phrases[0]
    assert rows[phrase.id]["s"] == phrase.say
    assert rows[phrase.id]["u"].endswith(f"/#{phrase.id}")


def test_a_renamed_page_leaves_a_forwarding_page_at_its_old_address(tmp_path: Path) -> None:
    book = bundled()
    step = dataclasses.replace(book.steps[0], aliases=("old-name",))
    moved = dataclasses.replace(book, method=dataclasses.replace(
        book.method, steps=(step, *book.steps[1:])))
    files = render(moved, OPTIONS).files
    forward = files["method/old-name/index.html"]
    assert f'url=../../method/{step.id}/' in forward


def test_stale_entries_are_marked_for_review() -> None:
    book = bundled()
    old = dataclasses.replace(book.steps[0], reviewed=dt.date(2020, 1, 1), owner="Ana")
    stale = dataclasses.replace(book, method=dataclasses.replace(
        book.method, steps=(old, *book.steps[1:])))
    page = next(p for p in render(stale, OPTIONS).pages if p.src == f"method/{old.id}.md")
    assert "Needs review:" in page.html and "by Ana" in page.html


def test_a_situation_page_names_the_steps_its_examples_must_show() -> None:
    """`example_steps` is checked in every model example; trainers and reps reading the
    situation see the same steps, in order, linked to the method."""
    book = bundled()
    pages = {p.src: p for p in render(book, OPTIONS).pages}
    for situation in book.situations:
        body = pages[f"phrasebook/{situation.id}.md"].html
        listed = re.findall(r'<ol class="pb-example-steps"><li><a href="([^"]+)">', body)
        if situation.example_steps and any(situation.id in e.situations for e in book.examples):
            first = situation.example_steps[0]
            assert listed == [f"../../method/{first}/"], situation.id
            steps = re.search(r'<ol class="pb-example-steps">(.*?)</ol>', body)
            assert steps is not None
            assert re.findall(r"<li>", steps.group(1)) == ["<li>"] * len(situation.example_steps)
        else:
            assert not listed, situation.id
