"""Shared fixtures: real builds on disk, a real HTTP server, a real Chromium.

Nothing here is mocked. A build is `phrasebook build` on files in a temporary folder; the
browser is Debian's Chromium driven by Playwright, started with the flags a closed network
and a root user need.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
    "--no-sandbox",  # Chromium refuses to run as root without it
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--metrics-recording-only",
]
FIXED_DAY = "1795392000"  # 2026-11-23: SOURCE_DATE_EPOCH, so "stale" does not depend on today


def phrasebook(
    *args: str, cwd: Path = ROOT, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user would."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_DAY}
    result = subprocess.run(
        [sys.executable, "-m", "service_phrasebook.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"phrasebook {' '.join(args)} failed:\n{result.stderr}")
    return result


MKDOCS_YML = """\
site_name: Test handbook
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - search
  - phrasebook
"""


def make_project(tmp_path: Path, files: dict[str, str], with_bundled: bool = False) -> Path:
    """A site folder with a mkdocs.yml and the given content files (path -> YAML text).

    With `with_bundled`, start from a copy of the bundled handbook and let `files` add to or
    replace its files, the way a test plants one mistake in known-good content.
    """
    project = tmp_path / "project"
    project.mkdir()
    (project / "content").mkdir()
    (project / "phrasebook").mkdir()
    if with_bundled:
        shutil.copytree(ROOT / "content", project / "content", dirs_exist_ok=True)
        shutil.copytree(ROOT / "phrasebook", project / "phrasebook", dirs_exist_ok=True)
    (project / "mkdocs.yml").write_text(
        MKDOCS_YML, encoding="utf-8"
    )
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled handbook, built once for the whole session with `phrasebook build`."""
    out = tmp_path_factory.mktemp("bundled") / "site"
    phrasebook("build", "--strict", "--site-dir", str(out), check=True)
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that stops reading (a page left mid-load) is not the server's error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(folder: Path) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(bundled_site: Path) -> Iterator[str]:
    yield from serve(bundled_site)


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is not installed: run `sh tests/install-browser.sh` "
                    "(the README's test command does it for you)")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


class Requests:
    """Every request a page makes, so a test can prove none leaves the site."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.urls: list[str] = []

    def record(self, request: object) -> None:
        self.urls.append(request.url)  # type: ignore[attr-defined]

    @property
    def outside(self) -> list[str]:
        return [u for u in self.urls
                if not u.startswith((self.origin, "data:", "blob:", "about:"))]


@pytest.fixture
def page(browser: object, site_url: str) -> Iterator[object]:
    """A fresh tab on the bundled site, allowed to use the clipboard, recording requests."""
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=site_url, permissions=["clipboard-read", "clipboard-write"]
    )
    tab = context.new_page()
    tab.requests = Requests(site_url.rstrip("/"))
    tab.on("request", tab.requests.record)
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def finder_answered(page: Any, query: str) -> None:
    """Wait until the phrase finder's list holds the results of `query`, typed already.

    Typed key by key, each prefix is searched, and the answer to one may be on screen when
    typing ends: waiting for "a result" can read, select or copy another query's, and a list
    re-rendered between ArrowDown and Enter loses the choice (issue 19, point 12). The list
    says which query it answers (`data-query`); only the last one typed is ever shown after
    it, so this is the end of the wait."""
    page.wait_for_function(
        "(q) => document.querySelector('#pb-finder-results')?.dataset.query === q", arg=query)
