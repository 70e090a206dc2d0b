"""`phrasebook serve` rebuilds when a YAML file changes, and survives a bad edit.

After its first build, a save puts only the pages it changed through the theme
(generator/serve/differential.py). What a reader sees must not depend on that: after any sequence
of edits, good or broken, the served site is the site a full build of the same content
gives, file for file, byte for byte.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXED_DAY, make_project, phrasebook
from service_phrasebook.outdir import MARKER

PHRASE = "phrasebook/p.yml"
FILES = {
    "content/method.yml": """\
        method:
          title: M
          steps:
            - id: listen
              title: Listen
              goal: Listen.
        """,
    PHRASE: """\
        situations:
          - id: shouting
            title: Shouting
        phrases:
          - id: first
            step: listen
            situations: [shouting]
            say: Take your time.
        """,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    """Poll until the page holds `text`. A generous bound: this is not a speed test."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if text in fetch(url):
            return True
        time.sleep(0.1)
    return False


@contextlib.contextmanager
def serving(tmp_path: Path, files: dict[str, str]) -> Iterator[tuple[Path, str]]:
    """A real `phrasebook serve` of a project made of `files`; yields (project, site root
    URL). Its temporary site folder is made under tmp_path/tmp, so a test can read it."""
    project = make_project(tmp_path, files)
    port = free_port()
    (tmp_path / "tmp").mkdir()
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "SOURCE_DATE_EPOCH": FIXED_DAY}
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "service_phrasebook.cli", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env,
        )
        try:
            yield project, f"http://127.0.0.1:{port}/"
        finally:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=30)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    with serving(tmp_path, FILES) as (project, root):
        yield project, root + "phrasebook/shouting/"


def test_an_edited_phrase_appears_without_a_restart(served: tuple[Path, str]) -> None:
    project, url = served
    assert wait_for(url, "Take your time.")
    path = project / PHRASE
    path.write_text(path.read_text().replace("Take your time.", "Take all the time you need."))
    assert wait_for(url, "Take all the time you need.")


BROKEN = """\
situations:
  - id: shouting
    title: Shouting
phrases:
  - id: first
    step: listen
    situations: [shouting]
    say: [unclosed
  - id: second
    step: listen
    situations: [shouting]
    say: Go on.
    "<b>bold</b>": x
"""


@pytest.mark.browser
def test_broken_content_gives_the_browser_a_page_of_problems_and_a_fix_reloads_the_site(
    served: tuple[Path, str], browser: Any,
) -> None:
    """MkDocs holds every request while the last build failed, so after a bad save the
    browser hung with no word of why (issue 11, point 3). The open page must reload to a
    page naming each problem, escaped, and back to the site once the file is fixed."""
    project, url = served
    assert wait_for(url, "Take your time.")
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(url)
    assert "Take your time." in tab.content()
    path = project / PHRASE
    good = path.read_text()
    path.write_text(BROKEN)
    problem = tab.locator("ol.problems > li").first
    problem.wait_for(timeout=60_000)  # the open page reloads by itself
    assert "phrasebook/p.yml:8:10" in problem.inner_text()
    assert "hint: this is never closed: add the closing bracket" in problem.inner_text()
    assert tab.title() == "The handbook has 1 problem"
    other = context.new_page()  # a new request is answered, not held as MkDocs' server did
    response = other.goto(url.replace("shouting/", "any/page/"), timeout=10_000)
    assert response is not None and response.status == 500
    assert "phrasebook/p.yml:8:10" in other.locator("ol.problems").inner_text()

    path.write_text(BROKEN.replace("say: [unclosed", "say: Closed."))
    tab.locator("text=not a field of a phrase").wait_for(timeout=60_000)
    item = tab.locator("ol.problems > li").first.inner_text()
    assert "`<b>bold</b>` is not a field of a phrase" in item  # shown as text, not markup
    assert tab.locator("ol.problems b").count() == 0

    path.write_text(good.replace("Take your time.", "Fixed again."))
    tab.locator("text=Fixed again.").first.wait_for(timeout=60_000)
    assert tab.locator("ol.problems").count() == 0
    context.close()


# --- The differential rebuild gives what a full build gives ----------------------------------

HANDBOOK = {
    "content/method.yml": """\
        method:
          title: M
          steps:
            - id: listen
              title: Listen
              goal: Let them finish.
            - id: fix
              title: Fix
              goal: Put it right.
        """,
    "content/examples.yml": """\
        examples:
          - id: late-parcel
            title: The late parcel
            situations: [shouting]
            channel: phone
            setting: A parcel is a week late.
            dialogue:
              - customer: Where is my parcel?
              - rep: I hear you, tell me more.
                step: listen
              - customer: It is a week late.
              - rep: I will send a new one today.
                step: fix
            takeaway: Listen before you fix.
        """,
    "phrasebook/p.yml": """\
        situations:
          - id: shouting
            title: Shouting
          - id: waiting
            title: Waiting
        phrases:
          - id: first
            step: listen
            situations: [shouting]
            say: Take your time.
        """,
    "phrasebook/q.yml": """\
        phrases:
          - id: second
            step: fix
            situations: [waiting, shouting]
            say: I will put it right today.
        """,
}


def builds(log: Path) -> int:
    """How many builds the server has finished: MkDocs says so after each, failed or not."""
    return log.read_text().count("Reloading browsers") if log.exists() else 0


def settled(log: Path, before: int, seconds: float = 120) -> None:
    """Wait until a build has finished since `before`, then until none follows for a
    moment (two saves in a row may make two builds)."""
    end = time.monotonic() + seconds
    while builds(log) <= before:
        assert time.monotonic() < end, "serve never rebuilt"
        time.sleep(0.05)
    count = builds(log)
    while True:
        time.sleep(1.0)
        if builds(log) == count:
            return
        count = builds(log)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def full_build(project: Path, root: str, out: Path) -> dict[str, bytes]:
    """The site a full `phrasebook build` makes of the project as it is now, at the address
    serve gives it (MkDocs writes the site's address into the sitemap). Without the mark
    `phrasebook build` leaves in a folder it wrote (outdir.MARKER), which says the folder may
    be replaced: serve writes into a folder of its own, and no page is in it."""
    (project / "reference.yml").write_text(
        (project / "mkdocs.yml").read_text() + f"site_url: {root}\n")
    shutil.rmtree(out, ignore_errors=True)
    phrasebook("build", "-f", "reference.yml", "--site-dir", str(out), cwd=project,
               check=True)
    built = tree(out)
    assert built.pop(MARKER).startswith(b"Written by phrasebook build")
    return built


def differences(served: dict[str, bytes], full: dict[str, bytes]) -> list[str]:
    return sorted(name for name in served.keys() | full.keys()
                  if served.get(name) != full.get(name))


def reword(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


def rewrite(path: Path, pattern: str, new: str) -> None:
    """The first group of the first match of `pattern` in the file becomes `new`."""
    text = path.read_text()
    found = re.search(pattern, text)
    assert found is not None, f"{pattern!r} is not in {path}"
    path.write_text(text[:found.start(1)] + new + text[found.end(1):])


Edit = Callable[[Path, random.Random], str]  # makes an edit; says what it did


def phrase_said(project: Path, rng: random.Random) -> str:
    path = project / "phrasebook/p.yml"
    rewrite(path, r"say: (.*)", f"Take your time, {rng.randrange(10**6)}.")
    return "a phrase reworded"


def example_line(project: Path, rng: random.Random) -> str:
    path = project / "content/examples.yml"
    rewrite(path, r"takeaway: (.*)", f"Listen first {rng.randrange(99)}.")
    return "a worked example's takeaway reworded"


def method_goal(project: Path, rng: random.Random) -> str:
    path = project / "content/method.yml"
    rewrite(path, r"goal: (Let .*)", f"Let them finish {rng.randrange(99)}.")
    return "a step's goal reworded"


def step_title(project: Path, rng: random.Random) -> str:
    path = project / "content/method.yml"
    rewrite(path, r"title: (Fix.*)", f"Fix {rng.randrange(99)}")
    return "a step renamed (the navigation changes: a full build)"


def phrase_moved(project: Path, rng: random.Random) -> str:
    old = next(project.glob("phrasebook/q*.yml"))
    old.rename(old.with_name(f"q{rng.randrange(10**6)}.yml"))
    return "a phrase file renamed"


def two_saves_in_a_second(project: Path, rng: random.Random) -> str:
    path = project / "phrasebook/p.yml"
    rewrite(path, r"say: (.*)", "First save.")
    rewrite(path, r"say: (First save\.)", "Other save.")  # same length, same second
    return "two saves of one file within a second"


def foreign_cache(project: Path, rng: random.Random) -> str:
    """A cache folder another version wrote (here: bytes no version writes), read and
    rewritten by a `phrasebook check` run beside serve, then a phrase reworded."""
    cache = project / ".phrasebook_cache"
    cache.mkdir(exist_ok=True)
    (cache / "key").write_bytes(rng.randbytes(32))
    (cache / "entries").write_bytes(rng.randbytes(32) + b"written by another version")
    assert phrasebook("check", cwd=project).returncode == 0
    phrase_said(project, rng)
    return "a cache of another version, a check beside serve, a phrase reworded"


EDITS: tuple[Edit, ...] = (phrase_said, example_line, method_goal, step_title, phrase_moved,
                           two_saves_in_a_second, foreign_cache)


def problem_page(url: str) -> bool:
    """Whether serve answers `url` with its page of problems (status 500)."""
    try:
        urllib.request.urlopen(url, timeout=10)
    except urllib.error.HTTPError as error:
        return error.code == 500 and b"problem" in error.read()
    return False


def test_after_any_sequence_of_edits_the_served_site_is_the_full_builds(
    tmp_path: Path,
) -> None:
    """The property: whatever was saved, in whatever order, the site on serve's disk is
    byte for byte the one a full build of the same content makes, and a broken save leaves
    the last good site as it was. The order is random (seeded, so a failure repeats); every
    kind of edit comes at least once."""
    rng = random.Random(15)
    sequence = [*rng.sample(EDITS, len(EDITS)), rng.choice(EDITS)]
    sequence.insert(rng.randrange(1, len(sequence)), broken_then_fixed)
    sequence.append(phrase_deleted)
    log = tmp_path / "serve.log"
    with serving(tmp_path, HANDBOOK) as (project, root):
        assert wait_for(root + "phrasebook/shouting/", "Take your time.")
        served_dir = next((tmp_path / "tmp").glob("mkdocs_*"))
        done: list[str] = []
        for edit in sequence:
            last_good = tree(served_dir)
            before = builds(log)
            done.append(edit(project, rng))
            settled(log, before)
            if done[-1] == BROKEN_SAVE:
                good = tree(served_dir)
                assert good == last_good  # nothing written: the last good pages stay
                assert problem_page(root + "phrasebook/shouting/")
                before = builds(log)
                fix(project)
                settled(log, before)
                assert good != tree(served_dir)
            full = full_build(project, root, tmp_path / "full")
            assert differences(tree(served_dir), full) == [], done
        log_text = log.read_text()
        assert "rebuilt" in log_text  # some edits were differential ones
        assert "a full build" in log_text  # and a renamed step was not


BROKEN_SAVE = "a phrase file broken (the last good site stays)"


def broken_then_fixed(project: Path, rng: random.Random) -> str:
    path = project / "phrasebook/p.yml"
    (project / "good.txt").write_text(path.read_text())
    reword(path, "say: ", "say: [unclosed ")
    return BROKEN_SAVE


def fix(project: Path) -> None:
    path = project / "phrasebook/p.yml"
    path.write_text((project / "good.txt").read_text().replace("say: ", "say: Fixed, ", 1))


def phrase_deleted(project: Path, rng: random.Random) -> str:
    next(project.glob("phrasebook/q*.yml")).unlink()
    return "a phrase file deleted"


@pytest.mark.browser
def test_an_open_tab_shows_the_truth_after_a_rename_a_delete_and_two_saves_in_a_second(
    tmp_path: Path, browser: Any,
) -> None:
    """Issue 15's bad input, as an author meets it with the page open: a content file
    renamed (its new name is read), then deleted (its phrase leaves the page), then another
    file saved twice within the same second with texts of the same length (what the page
    shows is the second, however the watcher grouped the saves)."""
    with serving(tmp_path, HANDBOOK) as (project, root):
        url = root + "phrasebook/shouting/"
        assert wait_for(url, "I will put it right today.")
        tab = browser.new_page()
        tab.goto(url)
        renamed = project / "phrasebook/renamed.yml"
        (project / "phrasebook/q.yml").rename(renamed)
        time.sleep(1)
        reword(renamed, "I will put it right today.", "Renamed and reworded.")
        tab.locator("text=Renamed and reworded.").first.wait_for(timeout=60_000)

        renamed.unlink()
        tab.wait_for_function("() => document.body.innerText.includes('Take your time.')"
                              " && !document.body.innerText.includes('Renamed and reworded.')",
                              timeout=60_000)

        path = project / "phrasebook/p.yml"
        reword(path, "say: Take your time.", "say: First save one.")
        reword(path, "say: First save one.", "say: Other save two.")
        tab.locator("text=Other save two.").first.wait_for(timeout=60_000)
        time.sleep(2)  # any build still to come would reload the tab again
        assert "First save one." not in tab.content()
        assert "Other save two." in tab.content()
        tab.close()
