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


def test_a_broken_edit_is_reported_with_its_place_and_a_fix_recovers(
    served: tuple[Path, str],
) -> None:
    project, url = served
    assert wait_for(url, "Take your time.")
    path = project / PHRASE
    good = path.read_text()
    path.write_text(good.replace("say: Take your time.", "say: [unclosed"))
    log = project.parent / "serve.log"
    end = time.monotonic() + 60
    while "phrasebook/p.yml:" not in log.read_text() and time.monotonic() < end:
        time.sleep(0.1)
    assert "phrasebook/p.yml:8:10: error yaml-syntax" in log.read_text()
    # MkDocs holds page requests while the last build failed; the fix releases them.
    path.write_text(good.replace("Take your time.", "Fixed again."))
    assert wait_for(url, "Fixed again.")
