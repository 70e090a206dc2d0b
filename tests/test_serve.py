"""`phrasebook serve` rebuilds when a YAML file changes, and survives a bad edit."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_project

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


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = make_project(tmp_path, FILES)
    port = free_port()
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "service_phrasebook.cli", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            yield project, f"http://127.0.0.1:{port}/phrasebook/shouting/"
        finally:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=30)


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
    assert tab.title() == "The handbook has 1 problem(s)"
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
