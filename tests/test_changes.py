"""The changes page: what was added, changed and removed, day by day, from the content's git
history; no page when the content is not in git; a clear message for a shallow clone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXED_DAY, MKDOCS_YML, make_project, phrasebook, serve

METHOD = {"method": {"title": "Acme way", "steps": [
    {"id": "hear", "title": "Hear them out", "goal": "Let the customer finish."}]}}


def phrases(*items: tuple[str, str, str]) -> str:
    return yaml.safe_dump({
        "situations": [{"id": "upset", "title": "The customer is upset"}],
        "phrases": [{"id": id, "title": title, "step": "hear", "situations": ["upset"],
                     "say": say} for id, title, say in items]})


HOSTILE = '<img src=x onerror="window.hacked=1"> Checking in'
# (day, the phrasebook file that day); SOURCE_DATE_EPOCH (conftest) is 2026-11-23.
HISTORY = [
    ("2026-10-01T10:00:00Z", phrases(("thanks", "Thank them", "Thank you for calling."),
                                     ("sorry", "Apologize", "I apologize."))),
    ("2026-11-10T09:00:00Z", phrases(("thanks", "Thank them", "Thank you for your patience."),
                                     ("sorry", "Apologize", "I apologize."),
                                     ("check", "Check in", "Is there anything else?"))),
    ("2026-11-10T17:00:00Z", phrases(("thanks", "Thank them", "Thank you for your patience."),
                                     ("sorry", "Apologize", "I apologize."),
                                     ("check", "Check in", "Is there anything else today?"))),
    ("2026-11-20T08:00:00Z", phrases(("thanks", "Thank them", "Thank you for your patience."),
                                     ("check", HOSTILE, "Is there anything else today?"))),
]


def git(project: Path, *args: str, when: str = "2026-11-01T00:00:00Z") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com",
           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", "-C", str(project), *args], env=env, check=True,
                          capture_output=True, text=True).stdout


def with_history(tmp_path: Path, days: int = 30) -> Path:
    project = make_project(tmp_path, {"content/method.yml": yaml.safe_dump(METHOD)})
    (project / "mkdocs.yml").write_text(MKDOCS_YML.replace(
        "  - phrasebook\n", f"  - phrasebook:\n      changes_days: {days}\n"), "utf-8")
    git(project, "init", "-q", "-b", "main")
    for when, text in HISTORY:
        (project / "phrasebook" / "upset.yml").write_text(text, "utf-8")
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", f"edit {when}", when=when)
    return project


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return phrasebook("build", "-d", str(project / "site"), cwd=project)


@pytest.mark.browser
def test_the_page_lists_each_day_newest_first_by_title_with_links(
        browser: Any, tmp_path: Path) -> None:
    project = with_history(tmp_path)
    assert build(project).returncode == 0
    for root in serve(project / "site"):
        tab = browser.new_page()
        tab.goto(root)
        tab.locator(".md-nav__link", has_text="What changed").first.click()
        tab.wait_for_url("**/changes/")
        days = tab.locator(".pb-changes-day")
        assert tab.locator(".pb-changes-day h2").all_inner_texts() == [
            "Nov 20, 2026", "Nov 10, 2026"], "newest first; 2026-10-01 is older than 30 days"
        newest, older = days.nth(0), days.nth(1)
        title = ".pb-change__title"
        assert newest.locator(f".pb-changes--changed {title}").all_inner_texts() == [HOSTILE]
        assert newest.locator(f".pb-changes--removed {title}").all_inner_texts() == [
            "Apologize"]
        assert newest.locator(".pb-changes--removed a").count() == 0, "gone: no link"
        assert older.locator(f".pb-changes--added {title}").all_inner_texts() == ["Check in"]
        assert older.locator(f".pb-changes--changed {title}").all_inner_texts() == [
            "Thank them"]
        assert tab.locator(".pb-changes-day img").count() == 0, "a title is text"
        older.locator(".pb-changes--changed a").click()
        tab.wait_for_url("**/phrasebook/upset/#thanks")
        assert tab.evaluate("window.hacked") is None
        tab.close()


def test_the_same_history_and_day_give_the_same_page(tmp_path: Path) -> None:
    project = with_history(tmp_path)
    assert build(project).returncode == 0
    first = (project / "site" / "changes" / "index.html").read_text("utf-8")
    assert build(project).returncode == 0
    assert (project / "site" / "changes" / "index.html").read_text("utf-8") == first


def test_content_not_in_git_gets_no_page(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"content/method.yml": yaml.safe_dump(METHOD),
                                      "phrasebook/upset.yml": HISTORY[0][1]})
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert not (project / "site" / "changes").exists()
    assert "changes/" not in (project / "site" / "index.html").read_text("utf-8")


def test_a_shallow_clone_says_how_to_get_the_history_and_builds_without_the_page(
        tmp_path: Path) -> None:
    (tmp_path / "origin").mkdir()
    origin = with_history(tmp_path / "origin")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)],
                   check=True, capture_output=True)
    result = build(clone)
    assert result.returncode == 0, result.stderr
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (clone / "site" / "changes").exists()


def test_a_detached_head_is_read_and_said(tmp_path: Path) -> None:
    project = with_history(tmp_path)
    git(project, "checkout", "-q", "--detach", "HEAD~1")
    assert build(project).returncode == 0
    page = (project / "site" / "changes" / "index.html").read_text("utf-8")
    assert "detached HEAD" in page
    assert "2026-11-20" not in page, "read from the commit checked out, not a later one"


def test_changes_days_0_leaves_the_page_out(tmp_path: Path) -> None:
    project = with_history(tmp_path, days=0)
    assert build(project).returncode == 0
    assert not (project / "site" / "changes").exists()


# --- who, why, what kind, which words (issue 21) ---------------------------------------------

ANA = 'Ana "<i>Bo</i>" & Co'  # git drops < and > from a name; & and quotes it keeps
ANA_SAYS = "<script>window.hacked=1</script> Warmer thanks"


def commit(project: Path, when: str, author: str, subject: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "x@example.com",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "x@example.com",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(project), "add", "-A"], env=env, check=True)
    subprocess.run(["git", "-C", str(project), "commit", "-q", "-m", subject], env=env,
                   check=True)


def two_authors_one_day(tmp_path: Path, language: str = "en") -> Path:
    """One file, two commits on 2026-11-10 by two people, each changing one phrase; a
    source added on the same day."""
    project = make_project(tmp_path, {"content/method.yml": yaml.safe_dump(METHOD)})
    (project / "mkdocs.yml").write_text(MKDOCS_YML.replace(
        "  font: false\n", f"  font: false\n  language: {language}\n").replace(
        "  - phrasebook\n", "  - phrasebook:\n      changes_days: 30\n"), "utf-8")
    upset = project / "phrasebook" / "upset.yml"
    git(project, "init", "-q", "-b", "main")
    upset.write_text(phrases(("thanks", "Thank them", "Thank you for calling."),
                             ("sorry", "Apologize", "I apologize.")), "utf-8")
    commit(project, "2026-11-01T09:00:00Z", "Lee", "Start the handbook")
    upset.write_text(phrases(("thanks", "Thank them", "Thank you for your patience."),
                             ("sorry", "Apologize", "I apologize.")), "utf-8")
    commit(project, "2026-11-10T09:00:00Z", ANA, ANA_SAYS)
    upset.write_text(phrases(("thanks", "Thank them", "Thank you for your patience."),
                             ("sorry", "Apologize", "I apologize for the wait.")), "utf-8")
    (project / "content" / "sources.yml").write_text(yaml.safe_dump({"sources": [
        {"id": "notes", "title": "Team notes"}]}), "utf-8")
    commit(project, "2026-11-10T17:00:00Z", "Camille", "Say what the apology is for")
    return project


def test_a_change_says_what_kind_who_why_and_which_words_went_and_came(tmp_path: Path) -> None:
    project = two_authors_one_day(tmp_path)
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "changes" / "index.html").read_text("utf-8")
    newest = page.split('<section class="pb-changes-day">')[1]  # 2026-11-10
    items = {item.split('class="pb-change__title">', 1)[1].split("<", 2)[1].split(">")[1]: item
             for item in newest.split('<li class="pb-change">')[1:]}
    thanks, sorry, notes = items["Thank them"], items["Apologize"], items["Team notes"]
    assert '<span class="pb-change__kind">Phrase</span>' in thanks
    assert '<span class="pb-change__kind">Source</span>' in notes
    assert ('Thank you for <del><span class="pb-sr">removed: </span>calling.</del> '
            '<ins><span class="pb-sr">added: </span>your patience.</ins>') in thanks
    assert ('I <del><span class="pb-sr">removed: </span>apologize.</del> <ins><span '
            'class="pb-sr">added: </span>apologize for the wait.</ins>') in sorry
    assert "by Camille: Say what the apology is for" in sorry, "the commit that changed it"
    assert "by Camille" in notes
    assert "by Ana &quot;iBo/i&quot; &amp; Co: &lt;script&gt;window.hacked=1&lt;/script&gt; " \
        "Warmer thanks" in thanks
    assert "<script>window" not in page


@pytest.mark.browser
def test_in_chromium_removed_and_added_words_read_without_colour(
        browser: Any, tmp_path: Path) -> None:
    project = two_authors_one_day(tmp_path)
    assert build(project).returncode == 0
    for root in serve(project / "site"):
        tab = browser.new_page()
        tab.goto(root + "changes/")
        assert tab.evaluate("window.hacked") is None
        thanks = tab.locator(".pb-change", has_text="Thank them").first  # newest day first
        assert f'by Ana "iBo/i" & Co: {ANA_SAYS}' in thanks.inner_text(), "shown as text"
        styles = tab.evaluate("""() => ['del', 'ins', '.pb-sr'].map(s => {
            const style = getComputedStyle(document.querySelector('.pb-change__edits ' + s));
            return [style.textDecorationLine, style.width, style.position]; })""")
        assert styles[0][0] == "line-through" and styles[1][0] == "underline"
        assert styles[2][1:] == ["1px", "absolute"], "the spoken words take no room"
        assert thanks.locator("del").text_content() == "removed: calling."
        tab.close()


@pytest.mark.parametrize("language, day", [("de", "10.11.2026"), ("fr", "10 nov. 2026"),
                                           ("es", "10 nov 2026")])
def test_days_are_written_as_the_language_writes_dates(
        tmp_path: Path, language: str, day: str) -> None:
    project = two_authors_one_day(tmp_path, language)
    assert build(project).returncode == 0
    page = (project / "site" / "changes" / "index.html").read_text("utf-8")
    assert f'<time datetime="2026-11-10">{day}</time>' in page


# --- Hostile history (issue 19, point 7) ------------------------------------------------------


def test_a_file_name_holding_the_record_separator_is_read(tmp_path: Path) -> None:
    """git's log was cut into commits at \\x1e, which a file name (and a commit's subject)
    may hold: the build crashed (IndexError) on a name that `check` took without a word."""
    project = with_history(tmp_path)
    (project / "phrasebook" / "odd\x1ename.yml").write_text(yaml.safe_dump({"phrases": [
        {"id": "odd", "title": "An odd file", "step": "hear", "situations": ["upset"],
         "say": "Let me look."}]}), "utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "odd\x1ename", when="2026-11-21T09:00:00Z")
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "changes" / "index.html").read_text("utf-8")
    assert "An odd file" in page


def test_a_title_on_a_very_long_line_is_read_in_linear_time(tmp_path: Path) -> None:
    """A title read from its line looked for the spaces after it at every character of the
    line, quadratic (an 80 KB line took the build a minute). A day's version with a title of
    400,000 characters, put right the next day, builds in bounded time."""
    project = with_history(tmp_path)
    path = project / "phrasebook" / "upset.yml"
    good = path.read_text("utf-8")
    assert "title: Thank them\n" in good
    path.write_text(good.replace("title: Thank them\n", f"title: Thank{' ' * 400_000}them\n"),
                    "utf-8")
    git(project, "commit", "-q", "-am", "a long title", when="2026-11-21T09:00:00Z")
    path.write_text(good, "utf-8")
    git(project, "commit", "-q", "-am", "put right", when="2026-11-22T09:00:00Z")
    result = subprocess.run(
        [sys.executable, "-m", "service_phrasebook.cli", "build", "-d", str(project / "site")],
        cwd=project, env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_DAY}, capture_output=True,
        text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "changes" / "index.html").read_text("utf-8")
    assert "Thank them" in page and f"Thank{' ' * 1000}" in page
