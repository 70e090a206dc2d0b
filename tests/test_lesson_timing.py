"""A lesson a trainer can run against the clock: each activity has its minutes, they fill the
session exactly, and every step the lesson says it teaches has an activity. Each case is a
small handbook loaded and checked for real; assertions name the rule and the exact place."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import make_project, phrasebook
from service_phrasebook import model as m
from service_phrasebook.diagnostic import ContentError
from service_phrasebook.load import load
from test_check_rules import BASE, diagnostics

PHRASES = """\
    phrases:
      - {id: go-on, step: listen, situations: [s], say: "Go on, I'm listening."}
      - {id: put-right, step: fix, situations: [s], say: Let me put this right now.}
      - {id: on-us, step: extra, situations: [s], say: Dessert is on us tonight.}
      - {id: apologize, step: apologize, situations: [s], say: I apologize for the trouble.}
    """


def lesson(head: str, plan: str, practice: str = "") -> str:
    """PHRASES and one lesson, `head` its extra fields, `plan` and `practice` its lists."""
    def block(text: str, indent: int) -> str:
        return textwrap.indent(textwrap.dedent(text), " " * indent)

    return PHRASES.rstrip(" ") + "    lessons:\n      - id: day-one\n        title: Day one\n" \
        "        objectives: [Listen.]\n" + block(head + "\n", 8) + "        plan:\n" \
        + block(plan, 10) + ("        practice:\n" + block(practice, 10) if practice else "")


def found(tmp_path: Path, rule: str, text: str) -> list[tuple[str, str]]:
    return [(place, message) for r, place, message in diagnostics(tmp_path, text) if r == rule]


TIMED_PLAN = """\
    - step: listen
      minutes: 10
    - phrase: go-on
      minutes: 5
    """


def test_activities_that_fill_the_session_pass(tmp_path: Path) -> None:
    text = lesson("minutes: 25\nteaches: [listen]", TIMED_PLAN,
                  "- {text: Listen in pairs., minutes: 10, steps: [listen]}\n")
    assert found(tmp_path, "lesson-minutes", text) == []
    assert found(tmp_path, "lesson-teaches", text) == []


def test_activities_that_do_not_add_up_are_an_error_at_the_lesson_minutes(
        tmp_path: Path) -> None:
    text = lesson("minutes: 30", TIMED_PLAN, "- {text: Listen in pairs., minutes: 10}\n")
    assert found(tmp_path, "lesson-minutes", text) == [(
        "content/case.yml:10:14",
        "the activities of `day-one` add up to 25 minutes, but the lesson is 30 minutes")]


def test_an_untimed_activity_of_a_timed_lesson_is_an_error_at_the_activity(
        tmp_path: Path) -> None:
    text = lesson("minutes: 15", TIMED_PLAN, "- Listen in pairs.\n")
    assert found(tmp_path, "lesson-minutes", text) == [(
        "content/case.yml:17:9",
        "this activity of `day-one` has no minutes; the lesson is timed (15 minutes)")]


def test_timed_activities_in_a_lesson_of_no_length_are_an_error_at_the_first(
        tmp_path: Path) -> None:
    text = lesson("duration: half an hour", TIMED_PLAN)
    assert found(tmp_path, "lesson-minutes", text) == [(
        "content/case.yml:13:18",
        "lesson `day-one` times its activities but does not say how long it is")]


def test_an_untimed_lesson_has_nothing_to_add_up(tmp_path: Path) -> None:
    assert found(tmp_path, "lesson-minutes", lesson("duration: 1 hour", "- step: listen\n")) \
        == []


@pytest.mark.parametrize("plan, practice", [
    ("- step: fix\n", ""),
    ("- phrase: put-right\n", ""),
    ("- step: listen\n", "- {text: Fix a late order., steps: [fix]}\n"),
])
def test_a_step_is_taught_by_its_own_item_one_of_its_phrases_or_a_drill(
        tmp_path: Path, plan: str, practice: str) -> None:
    assert found(tmp_path, "lesson-teaches", lesson("teaches: [fix]", plan, practice)) == []


def test_a_step_the_lesson_claims_without_an_activity_is_an_error_at_the_claim(
        tmp_path: Path) -> None:
    # A worked example shows every step: it teaches none in particular.
    text = lesson("teaches: [listen, extra]", "- step: listen\n- phrase: put-right\n")
    assert found(tmp_path, "lesson-teaches", text) == [(
        "content/case.yml:10:23",
        "lesson `day-one` says it teaches `extra`, but no activity does")]


def load_case(tmp_path: Path, text: str) -> m.Handbook:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "base.yml").write_text(textwrap.dedent(BASE), encoding="utf-8")
    (folder / "case.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return load([folder], tmp_path)


@pytest.mark.parametrize("written", ["ten", "1.5", "0", "-3", "10 min", "[10]"])
def test_minutes_are_a_whole_number_of_one_or_more(tmp_path: Path, written: str) -> None:
    with pytest.raises(ContentError) as raised:
        load_case(tmp_path, lesson(f"minutes: {written}", "- step: listen\n"))
    (problem,) = raised.value.diagnostics
    assert str(problem.at) == "content/case.yml:10:14"
    assert problem.rule in ("number", "type")


def test_a_drill_may_be_bare_text_or_timed_with_the_steps_it_practises(tmp_path: Path) -> None:
    handbook = load_case(tmp_path, lesson("minutes: 20", "- {step: listen, minutes: 10}\n",
                                          "- Say it back.\n- {text: Fix it., minutes: 10, "
                                          "steps: [fix]}\n"))
    (day,) = handbook.lessons
    assert [(d.text, d.minutes, d.steps) for d in day.practice] == [
        ("Say it back.", None, ()), ("Fix it.", 10, ("fix",))]
    assert day.minutes == 20 and day.plan[0].minutes == 10


def test_a_timed_lesson_page_shows_when_each_activity_starts_and_ends(tmp_path: Path) -> None:
    text = textwrap.dedent(BASE) + textwrap.dedent(lesson(
        "minutes: 25\nteaches: [listen]", TIMED_PLAN,
        "- {text: Listen in pairs., minutes: 10, steps: [listen]}\n"))
    project = make_project(tmp_path, {"content/all.yml": text})
    phrasebook("build", "-d", str(project / "site"), cwd=project, check=True)
    page = (project / "site" / "lessons" / "day-one" / "index.html").read_text("utf-8")
    assert "25 minutes" in page
    assert [c.split("</span>")[0] for c in page.split('class="pb-time__span">')[1:]] == [
        "0:00–0:10", "0:10–0:15", "0:15–0:25"]
    assert page.count('class="pb-time__minutes">10 min<') == 2
