"""Quizzes: the answer key is checked against the handbook (the rule a counterexample's
dialogue breaks, the phrase its avoid list puts in place of an avoided one, the step of the
next line), and in the browser the quiz holds no answer until a trainee asks, by mouse or
keyboard, with no server but the static site; the printed quiz shows no key."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_project, phrasebook, serve
from service_phrasebook import check
from service_phrasebook.load import load
from service_phrasebook.settings import Settings
from test_desk import pages_of

HANDBOOK = """\
    phrases:
      - id: sorry-line
        step: apologize
        situations: [s]
        say: I apologize for the trouble.
        avoid: [I'm sorry]
      - id: also-instead
        step: apologize
        situations: [s]
        say: Please accept my apology.
        avoid: ["I'm sorry"]
      - id: sorry-again
        step: apologize
        situations: [s]
        say: I'm sorry, I apologize.
        avoid: [sorry about that]
        suppress: [{rule: avoided-phrase, reason: the quiz tests need a phrase that says it}]
      - {id: go-on, step: listen, situations: [s], say: Go on.}
      - {id: put-right, step: fix, situations: [s], say: Let me put it right.}
      - {id: on-us, step: extra, situations: [s], say: Dessert is on us.}
    examples:
      - id: dessert-first
        title: Dessert first
        channel: phone
        setting: A cold meal.
        dialogue:
          - customer: It's cold.
          - rep: Go on.
            step: listen
          - rep: Have a dessert on us.
            step: extra
          - rep: Let me put it right.
            step: fix
        takeaway: The fix first.
        breaks: [extra-after-fix]
      - id: done-right
        title: Done right
        channel: phone
        setting: A cold meal.
        dialogue:
          - customer: It's cold.
          - rep: Go on.
            step: listen
          - customer: And wrong.
          - rep: Let me put it right.
            step: fix
          - rep: Dessert is on us.
            step: extra
        takeaway: The fix first.
    """
MORE_RULES = """\
    method:
      title: M
      steps:
        - {id: listen, title: Listen, goal: Let them finish.}
        - {id: apologize, title: Apologize, goal: Apologize for the trouble.}
        - {id: fix, title: Fix, goal: Put it right.}
        - {id: extra, title: Extra, goal: Add something small.}
      rules:
        - {id: extra-after-fix, title: The extra after the fix, first: fix, then: extra}
        - {id: listen-before-fix, title: Listen first, first: listen, then: fix}
    """


def quiz(*questions: str) -> str:
    body = "".join(textwrap.indent(textwrap.dedent(q), "      ") for q in questions)
    return HANDBOOK.rstrip(" ") + "    quizzes:\n      - id: q\n        title: Q\n" \
        "        questions:\n" + textwrap.indent(body, "    ")


def found(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    """(place, message) of each quiz-key finding in a handbook of MORE_RULES and `text`."""
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "base.yml").write_text(textwrap.dedent(MORE_RULES) + textwrap.dedent("""\
        situations: [{id: s, title: S}]
        """), encoding="utf-8")
    (folder / "case.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    handbook = load([folder], tmp_path)
    settings = Settings(root=tmp_path, content=(folder,), today=dt.date(2026, 11, 23))
    return [(str(d.at), str(d.message)) for d in check.run(handbook, settings).diagnostics
            if d.rule == "quiz-key"]


RIGHT = [
    "- broken_rule: {example: dessert-first, answer: extra-after-fix,"
    " wrong: [listen-before-fix]}\n",
    "- replacement: {avoided: I'm sorry, answer: sorry-line, wrong: [go-on]}\n",
    "- next_step: {example: done-right, after: 3, answer: fix, wrong: [extra, listen]}\n",
]


def test_a_key_that_is_true_of_the_handbook_passes(tmp_path: Path) -> None:
    assert found(tmp_path, quiz(*RIGHT)) == []


def test_a_rule_the_counterexample_keeps_is_a_wrong_key_at_the_answer(tmp_path: Path) -> None:
    text = quiz("- broken_rule: {example: dessert-first, answer: listen-before-fix, "
                "wrong: [extra-after-fix]}\n")
    assert found(tmp_path, text) == [
        ("content/case.yml:54:55", "`dessert-first` does not break `listen-before-fix`; it "
         "breaks `extra-after-fix`"),
        ("content/case.yml:54:82", "`extra-after-fix` is offered as wrong, but "
         "`dessert-first` breaks it too: the question has two right answers")]


def test_a_model_example_has_no_broken_rule_to_ask_about(tmp_path: Path) -> None:
    text = quiz("- broken_rule: {example: done-right, answer: extra-after-fix, "
                "wrong: [listen-before-fix]}\n")
    assert found(tmp_path, text) == [
        ("content/case.yml:54:32", "`done-right` breaks no ordering rule: there is no rule to "
         "find")]


def test_a_replacement_must_list_the_avoided_phrase_and_avoid_nothing_itself(
        tmp_path: Path) -> None:
    assert found(tmp_path, quiz("- replacement: {avoided: I'm sorry, answer: go-on, "
                                "wrong: [put-right]}\n")) == [
        ("content/case.yml:54:51", "phrase `go-on` is not what the handbook says instead of "
         "“I'm sorry”; these are: `sorry-line`, `also-instead`")]
    assert found(tmp_path, quiz("- replacement: {avoided: sorry about that, "
                                "answer: sorry-again, wrong: [go-on]}\n")) == [
        ("content/case.yml:54:58", "phrase `sorry-again` says “I'm sorry”, which the "
         "handbook avoids (under `sorry-line`)")]


def test_a_second_phrase_that_also_replaces_it_makes_two_right_answers(tmp_path: Path) -> None:
    assert found(tmp_path, quiz("- replacement: {avoided: I’M SORRY, answer: sorry-line, "
                                "wrong: [also-instead]}\n")) == [
        ("content/case.yml:54:71", "`also-instead` is offered as wrong, but it lists “I’M "
         "SORRY” under `avoid` too: the question has two right answers")]


def test_an_avoided_phrase_nobody_avoids_is_an_error_at_the_question(tmp_path: Path) -> None:
    assert found(tmp_path, quiz("- replacement: {avoided: calm down, answer: go-on, "
                                "wrong: [put-right]}\n")) == [
        ("content/case.yml:54:32", "no phrase lists “calm down” under `avoid`")]


def test_the_next_step_is_read_from_the_dialogue(tmp_path: Path) -> None:
    assert found(tmp_path, quiz("- next_step: {example: done-right, after: 4, answer: fix, "
                                "wrong: [extra]}\n")) == [
        ("content/case.yml:54:60", "after line 4 of `done-right`, the next step is `extra` "
         "(line 5), not `fix`"),
        ("content/case.yml:54:73", "`extra` is offered as wrong, but line 5 serves it: the "
         "question has two right answers")]
    assert found(tmp_path, quiz("- next_step: {example: done-right, after: 5, answer: fix, "
                                "wrong: [extra]}\n")) == [
        ("content/case.yml:54:49", "`done-right` has 5 lines: nothing comes after line 5")]


# --- The site -----------------------------------------------------------------------------


@pytest.fixture
def tab(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    yield page
    page.close()


def quiz_site(tmp_path: Path) -> Path:
    text = textwrap.dedent(MORE_RULES) + "situations: [{id: s, title: S}]\n" + textwrap.dedent(
        quiz(*RIGHT).replace("I'm sorry, I apologize.", "I apologize, truly."))
    project = make_project(tmp_path, {"content/all.yml": text})
    phrasebook("build", "-d", str(project / "site"), cwd=project, check=True)
    return project / "site"


@pytest.mark.browser
def test_the_quiz_holds_no_answer_until_asked_and_works_from_the_keyboard(
        tab: Any, tmp_path: Path) -> None:
    site = quiz_site(tmp_path)
    quiz_html = (site / "quizzes" / "q" / "index.html").read_text("utf-8")
    assert "data-pb-answer" not in quiz_html and "pb-key__" not in quiz_html
    assert "I apologize for the trouble." in quiz_html, "the choices are there, not the key"
    asked: list[str] = []
    tab.on("request", lambda request: asked.append(request.url))
    for root in serve(site):
        tab.goto(f"{root}quizzes/q/")
        first = tab.locator("fieldset").first
        assert first.locator(".pb-quiz__result").inner_text() == ""
        assert not [url for url in asked if "quiz-keys" in url], "the key waits to be asked"
        first.locator("input").first.focus()
        tab.keyboard.press("ArrowDown")  # radios: the arrows move and choose
        tab.keyboard.press("ArrowUp")
        tab.keyboard.press("Tab")
        tab.keyboard.press("Enter")
        result = first.locator(".pb-quiz__result[role=status]")
        result.locator(".pb-quiz__verdict").wait_for()
        assert result.inner_text().startswith("Right.")
        assert [url for url in asked if "quiz-keys/q/" in url], "fetched from the static site"
        assert first.get_attribute("data-pb-state") == "right"
        second = tab.locator("fieldset").nth(1)
        second.locator("input").nth(1).check()
        second.locator(".pb-quiz__check").click()
        second.locator(".pb-quiz__verdict").wait_for()
        assert "the answer is (a) I apologize for the trouble." in second.inner_text()


@pytest.mark.browser
def test_the_printed_quiz_shows_no_key_and_the_printed_key_shows_every_answer(
        tab: Any, tmp_path: Path) -> None:
    site = quiz_site(tmp_path)
    for root in serve(site):
        tab.goto(f"{root}quizzes/q/")
        printed = " ".join(" ".join(pages_of(tab.pdf(format="A4"))).split())
        assert "Which rule does this counterexample break?" in printed
        assert "Name:" in printed
        assert "Answer" not in printed and "Check my answer" not in printed
        assert "Dessert first" not in printed, "no title that names the mistake"
        tab.goto(f"{root}quiz-keys/q/")
        key = " ".join(" ".join(pages_of(tab.pdf(format="A4"))).split())
        assert key.count("Answer:") == 3
        assert "(a) The extra after the fix" in key
        assert "(b) Fix" in key


def test_a_handbook_without_quizzes_has_no_quiz_page(tmp_path: Path) -> None:
    text = textwrap.dedent(MORE_RULES) + "situations: [{id: s, title: S}]\n" \
        + textwrap.dedent(HANDBOOK.replace("I'm sorry, I apologize.", "I apologize."))
    project = make_project(tmp_path, {"content/all.yml": text})
    phrasebook("build", "-d", str(project / "site"), cwd=project, check=True)
    assert not (project / "site" / "quizzes").exists()
    assert not (project / "site" / "quiz-keys").exists()
    assert "quizzes/" not in (project / "site" / "index.html").read_text("utf-8")
