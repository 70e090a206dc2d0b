"""The rest of the trainer's kit: a scorecard scores every step once (checked), and the
scorecard, goodwill table and templates are pages only when the handbook has them, print
as tables with room to write (Chromium's PDF), and a template copies as plain text."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_project, phrasebook, serve
from test_check_rules import fired
from test_desk import pages_of


def scorecard(*steps: str) -> str:
    rows = "".join(f"          - {{step: {s}, observe: O {s}., pass_if: P {s}.}}\n"
                   for s in steps)
    return ("    scorecards:\n      - id: week\n        title: Week\n        rows:\n"
            + rows)


def test_a_scorecard_with_a_row_per_step_passes(tmp_path: Path) -> None:
    assert fired(tmp_path, "scorecard-steps",
                 scorecard("listen", "apologize", "fix", "extra")) == []


def test_a_step_without_a_row_or_with_two_is_a_warning_at_the_scorecard(
        tmp_path: Path) -> None:
    assert fired(tmp_path, "scorecard-steps",
                 scorecard("listen", "apologize", "fix", "listen")) == [
        "content/case.yml:5:7",  # the rows: no `extra`
        "content/case.yml:8:9"]  # `listen` again


KIT = """\
    method:
      title: M
      steps:
        - {id: listen, title: Listen, goal: Let them finish.}
        - {id: fix, title: Fix, goal: Put it right.}
    situations: [{id: s, title: S}]
    phrases:
      - {id: p, step: listen, situations: [s], say: Go on.}
      - {id: q, step: fix, situations: [s], say: Let me fix it.}
    scorecards:
      - id: week
        title: The week's scorecard
        sessions: 3
        rows:
          - {step: listen, observe: Who talks first., pass_if: The customer finishes.}
          - {step: fix, observe: What is done., pass_if: It is done or dated.}
    goodwill:
      - id: rep
        title: Rep
        may_give: [A small gesture after the fix.]
        limit: Your team's amount.
      - id: lead
        title: Team lead
        may_give: [A second exception.]
        limit: The lead's amount.
        record: The [exception record](template:exception).
    templates:
      - id: exception
        title: Exception record
        purpose: One per exception.
        step: fix
        fields:
          - Case number
          - {label: Why this case is different, hint: one sentence}
      - id: gap
        title: Process gap report
        purpose: One per gap.
        fields: [What happened, The cause]
    """


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.browser
def test_the_kit_prints_its_tables_and_a_template_a_sheet(tab: Any, tmp_path: Path) -> None:
    project = make_project(tmp_path, {"content/kit.yml": textwrap.dedent(KIT)})
    phrasebook("build", "-d", str(project / "site"), cwd=project, check=True)
    site = project / "site"
    card = (site / "scorecards" / "week" / "index.html").read_text("utf-8")
    assert card.count('class="pb-score__day">Day') == 3
    templates = (site / "forms" / "index.html").read_text("utf-8")
    assert 'data-clipboard-text="Exception record\nCase number: \nWhy this case is different: "' \
        in templates
    for root in serve(site):
        tab.goto(f"{root}forms/")
        sheets = pages_of(tab.pdf(format="A4"))
        assert len(sheets) == 2, "a template a sheet"
        assert "Why this case is different" in sheets[0] and "The cause" in sheets[1]
        assert "Copy as text" not in " ".join(sheets)
        tab.goto(f"{root}goodwill/")
        table = " ".join(" ".join(pages_of(tab.pdf(format="A4"))).split())
        assert "Rep A small gesture after the fix. Your team's amount." in table
        tab.locator("a", has_text="exception record").click()
        tab.wait_for_url("**/forms/#exception")
        tab.goto(f"{root}scorecards/week/")
        printed = " ".join(" ".join(pages_of(tab.pdf(format="A4"))).split())
        assert "Name:" in printed and "1. Listen Who talks first." in printed


def test_a_handbook_without_them_has_no_kit_pages(tmp_path: Path) -> None:
    text = textwrap.dedent(KIT).split("scorecards:")[0]
    project = make_project(tmp_path, {"content/kit.yml": text})
    phrasebook("build", "-d", str(project / "site"), cwd=project, check=True)
    site = project / "site"
    for folder in ("scorecards", "goodwill", "forms"):
        assert not (site / folder).exists(), folder
    home = (site / "index.html").read_text("utf-8")
    assert "goodwill/" not in home and "forms/" not in home
