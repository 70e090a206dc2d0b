"""A site shows only what the team wrote: no page, nav entry or home-page link for a kind of
content it has none of, and no author page unless the site asks for them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import textwrap
from pathlib import Path

from conftest import ROOT
from service_phrasebook import check
from service_phrasebook import model as m
from service_phrasebook.load import load
from service_phrasebook.render import Options, nav_sources, render

OPTIONS = Options(today=dt.date(2026, 11, 23))
AUTHOR_PAGES = {"writing-content.md", "reference.md", "checks.md"}
OPTIONAL = {"method/crosswalk.md": "frameworks", "examples/index.md": "examples",
            "lessons/index.md": "lessons", "sources/index.md": "sources",
            "sources/statistics.md": "statistics", "sources/decisions.md": "decisions",
            "roleplays/index.md": "roleplays", "quizzes/index.md": "quizzes",
            "scorecards/first-week.md": "scorecards", "goodwill/index.md": "goodwill",
            "forms/index.md": "templates"}
# What an entry of a section names, so it comes along: a lesson's plan names worked
# examples, a quiz asks about examples and belongs to a lesson.
NEEDS = {"lessons": ["examples"], "quizzes": ["examples", "lessons"],
         "goodwill": ["templates"]}

SMALL = """\
    method:
      title: Our way
      steps:
        - id: hear
          title: Hear them out
          goal: Let the customer finish.
        - id: solve
          title: Solve it
          goal: Put it right.
    situations:
      - id: no-signal
        title: No signal
    phrases:
      - id: go-on
        step: hear
        situations: [no-signal]
        say: Go on, I'm listening.
      - id: reset
        step: solve
        situations: [no-signal]
        say: Let's restart the router together.
    """


def small(tmp_path: Path) -> m.Handbook:
    (tmp_path / "handbook").mkdir()
    (tmp_path / "handbook" / "all.yml").write_text(textwrap.dedent(SMALL), encoding="utf-8")
    return load([tmp_path / "handbook"], tmp_path)


def titles(nav: object) -> list[str]:
    found: list[str] = []
    for title, target in nav:  # type: ignore[attr-defined]
        found.append(title)
        if not isinstance(target, str):
            found += titles(target)
    return found


def test_a_handbook_of_phrases_only_gets_no_empty_page(tmp_path: Path) -> None:
    site = render(small(tmp_path), OPTIONS)
    made = {p.src for p in site.pages}
    assert made == {"index.md", "phrasebook/index.md", "method/index.md",
                    "phrasebook/no-signal.md", "method/hear.md", "method/solve.md",
                    "cards/index.md", "cards/no-signal.md"}, "desk cards print its phrases"
    assert nav_sources(site.nav) <= made, "the navigation names no page that is not there"
    assert titles(site.nav) == ["Home", "Phrasebook", "Our way", "Overview", "1. Hear them out",
                                "2. Solve it", "Desk cards"]
    home = next(p.html for p in site.pages if p.src == "index.md")
    assert 'id="learn"' not in home, "no 'Learn and train' with nothing to learn from"
    method = next(p.html for p in site.pages if p.src == "method/index.md")
    assert "crosswalk" not in method and "decisions" not in method


def test_each_kind_of_content_brings_its_own_page_and_nothing_else() -> None:
    bundled = load([ROOT / "content", ROOT / "phrasebook"], ROOT)
    # The bundled steps and phrases cite sources, so sources stay (a handbook without any
    # is the test above); what a section's entries name comes with them (NEEDS).
    others = {k: v for k, v in OPTIONAL.items() if v != "sources"}
    without_any = dataclasses.replace(bundled, **dict.fromkeys(others.values(), ()))
    for _page, section in others.items():
        kept = [section, *NEEDS.get(section, [])]
        book = dataclasses.replace(without_any, **{k: getattr(bundled, k) for k in kept})
        made = {p.src for p in render(book, OPTIONS).pages} & set(others)
        assert made == {p for p, s in others.items() if s in kept}, section


def test_author_pages_only_when_asked_and_apart_from_the_reps_sections(tmp_path: Path) -> None:
    book = small(tmp_path)
    plain = render(book, OPTIONS, check.documentation())
    assert not AUTHOR_PAGES & {p.src for p in plain.pages}
    assert "For authors" not in titles(plain.nav)
    asked = render(book, dataclasses.replace(OPTIONS, author_pages=True), check.documentation())
    assert {p.src for p in asked.pages} >= AUTHOR_PAGES
    *reps, (last_title, last) = asked.nav
    assert last_title == "For authors"
    assert nav_sources([(last_title, last)]) == AUTHOR_PAGES
    assert not AUTHOR_PAGES & nav_sources(reps), "never inside the reps' sections"


def test_author_pages_explain_with_neutral_examples_not_the_bundled_handbook(
        tmp_path: Path) -> None:
    """Every team's site may show them: no restaurant, no bundled source."""
    site = render(small(tmp_path), dataclasses.replace(OPTIONS, author_pages=True),
                  check.documentation())
    bundled_words = re.compile(r"dessert|cold meal|salmon|guest|restaurant|morris|cutting|"
                               r"irate|harris", re.I)
    for page in site.pages:
        if page.src in AUTHOR_PAGES:
            assert not bundled_words.search(page.html), (page.src, bundled_words.findall(
                page.html))
    guide = next(p for p in site.pages if p.src == "writing-content.md")
    assert [h.id for h in guide.headings][:2] == ["the-rules-of-the-format", "the-method"]
    assert 'href="../reference/"' in guide.html and 'href="../checks/"' in guide.html
