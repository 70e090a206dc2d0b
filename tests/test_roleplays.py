"""Role-play cards: Chromium prints each on exactly one sheet of A4 and of US Letter, with the
customer's brief whole and the observer's checklist made from the method and the situation's
avoid list; the "print all" page gives a card a sheet; a handbook without role-plays gets no
such page. Real builds, a real server, Debian's Chromium."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from conftest import ROOT, make_project, phrasebook, serve
from test_desk import PAPER, first_words, pages_of

pytestmark = pytest.mark.browser


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    yield page
    page.close()


def flat(text: str) -> str:
    return " ".join(text.split())


def bundled_roleplays() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted((ROOT / "content").rglob("*.yml")):
        found += yaml.safe_load(path.read_text("utf-8")).get("roleplays") or []
    return found


def test_every_bundled_role_play_prints_on_one_sheet_with_its_brief_whole(
        tab: Any, bundled_site: Path) -> None:
    roleplays = bundled_roleplays()
    assert roleplays, "the bundled handbook has role-plays"
    for root in serve(bundled_site):
        for r in roleplays:
            tab.goto(f"{root}roleplays/{r['id']}/")
            for paper in PAPER:
                sheets = pages_of(tab.pdf(format=paper))
                assert len(sheets) == 1, f"{r['id']} on {paper}: {len(sheets)} sheets"
                sheet = flat(sheets[0])
                assert first_words(r["title"]) in sheet
                assert flat(r["escalates"])[:40] in sheet, "the escalation always prints"
                assert flat(r["customer"])[-30:] in sheet, "the brief prints whole"


def test_print_all_gives_one_role_play_per_sheet(tab: Any, bundled_site: Path) -> None:
    for root in serve(bundled_site):
        tab.goto(f"{root}roleplays/")
        titles = tab.locator(".pb-role__title").all_inner_texts()
        assert len(titles) == len(bundled_roleplays())
        for paper in PAPER:
            pdf = pypdf.PdfReader(io.BytesIO(tab.pdf(format=paper)))
            assert len(pdf.pages) == len(titles), paper


def test_the_observer_checks_every_step_the_facts_and_the_situation_s_avoid_list(
        tab: Any, bundled_site: Path) -> None:
    method = yaml.safe_load((ROOT / "content" / "method.yml").read_text("utf-8"))["method"]
    r = next(r for r in bundled_roleplays() if r["situation"] == "shouting")
    for root in serve(bundled_site):
        tab.goto(f"{root}phrasebook/shouting/")
        tab.locator("a.pb-role-link").first.click()
        tab.wait_for_url(f"**/roleplays/{r['id']}/")
        steps = tab.locator(".pb-role__check th").all_inner_texts()
        assert [s.split(" ", 1)[1].split(" (")[0] for s in steps] == [
            s["title"] for s in method["steps"]]
        facts = tab.locator(".pb-role__check").first.locator("td:not(.pb-role__box)")
        assert facts.all_inner_texts() == r["facts"]
        tab.goto(f"{root}cards/shouting/")
        on_desk_card = tab.locator(".pb-desk__avoid del").all_inner_texts()
        tab.goto(f"{root}roleplays/{r['id']}/")
        assert tab.locator(".pb-role__avoid del").all_inner_texts() == on_desk_card != []


LONG = " ".join(["and then it went wrong again in a new and more annoying way"] * 30)


def test_a_role_play_with_too_much_to_tick_is_clipped_not_spilled(
        tab: Any, tmp_path: Path) -> None:
    steps = [{"id": f"step-{n}", "title": f"Step {n} with a long title", "goal": LONG}
             for n in range(1, 26)]
    files = {
        "content/method.yml": yaml.safe_dump({"method": {"title": "Long", "steps": steps}}),
        "phrasebook/all.yml": yaml.safe_dump({
            "situations": [{"id": "everything", "title": "Everything"}],
            "phrases": [{"id": f"p-{n}", "step": f"step-{n}", "situations": ["everything"],
                         "say": f"Line {n}.", "avoid": [f"never {n} {LONG[:80]}"]}
                        for n in range(1, 26)],
            "roleplays": [{"id": "long", "title": "The longest call", "situation": "everything",
                           "customer": "You are cross. " + LONG[:400],
                           "facts": [f"Fact {n}: {LONG[:200]}" for n in range(1, 15)],
                           "escalates": "The rep interrupts you."}]}),
    }
    project = make_project(tmp_path, files)
    phrasebook("build", "-d", str(project / "site"), cwd=project, check=True)
    for root in serve(project / "site"):
        tab.goto(f"{root}roleplays/long/")
        for paper in PAPER:
            sheets = pages_of(tab.pdf(format=paper))
            assert len(sheets) == 1, paper
            assert "The rep interrupts you." in flat(sheets[0])


def test_a_handbook_without_role_plays_has_no_role_play_page_nor_nav_item(
        tmp_path: Path) -> None:
    project = make_project(tmp_path, {"content/all.yml": textwrap.dedent("""\
        method:
          title: M
          steps: [{id: listen, title: Listen, goal: Listen.}]
        situations: [{id: s, title: S}]
        phrases: [{id: p, step: listen, situations: [s], say: Go on.}]
        lessons:
          - {id: l, title: L, objectives: [O.], plan: [{step: listen}]}
        """)})
    phrasebook("build", "-d", str(project / "site"), cwd=project, check=True)
    assert not (project / "site" / "roleplays").exists()
    lesson = (project / "site" / "lessons" / "l" / "index.html").read_text("utf-8")
    assert "roleplays/" not in lesson and "Role-play" not in lesson
