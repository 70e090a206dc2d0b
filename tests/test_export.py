"""`phrasebook export DIR` (`--format markdown`, the default) writes a ready Markdown project.

It builds with plain MkDocs and with Zensical, neither with our plugin, and the site works
when it is served under a sub-path: every link, stylesheet, script and the finder's index
resolve at http://host/handbook/, and the phrase finder answers there in Chromium.
"""

from __future__ import annotations

import functools
import http.server
import os
import socketserver
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

import pytest
import yaml
from conftest import ROOT, make_project, phrasebook


def test_export_writes_a_project_with_pages_assets_hand_written_pages_and_configs(
        tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = phrasebook("export", str(out))
    assert result.returncode == 0, result.stderr
    docs = out / "docs"
    page = (docs / "examples" / "cold-meal.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: The cold meal, fixed before the free dessert\n---\n")
    assert '<h1 id="pb-top">' in page
    assert "<h1" in (docs / "writing-content.md").read_text(), "the site asks for author pages"
    for asset in ("phrases.json", "phrasebook.css", "phrasebook.js", "finder-worker.js"):
        assert (docs / "assets" / "phrasebook" / asset).is_file(), asset
    assert (out / "overrides" / "partials" / "phrase-finder.html").is_file()
    assert not list(docs.rglob("*.yml")), "content YAML is not exported"
    config = yaml.safe_load((out / "mkdocs.yml").read_text())
    assert config["nav"][0] == {"Home": "index.md"}
    assert "phrasebook" not in str(config["plugins"]), "the export needs no plugin of ours"
    assert all((docs / target).is_file() for target in _targets(config["nav"]))
    assert (out / "zensical.toml").read_text().startswith("# Zensical")


def test_export_copies_the_team_s_hand_written_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"content/about.md": "# About us\n\nWritten by hand.\n"},
                           with_bundled=True)
    out = tmp_path / "export"
    result = phrasebook("export", str(out), "-f", str(project / "mkdocs.yml"))
    assert result.returncode == 0, result.stderr
    assert (out / "docs" / "about.md").read_text() == "# About us\n\nWritten by hand.\n"
    assert not (out / "docs" / "reference.md").exists(), "no author page unless the site asks"


def _targets(nav: list[object]) -> list[str]:
    found: list[str] = []
    for item in nav:
        for value in (item.values() if isinstance(item, dict) else [item]):
            found += _targets(value) if isinstance(value, list) else [str(value)]
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled handbook exported once, then built by MkDocs and by Zensical."""
    out = tmp_path_factory.mktemp("export") / "project"
    phrasebook("export", str(out), check=True)
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                             "site-mkdocs"], cwd=out, capture_output=True, text=True,
                            timeout=300)
    assert mkdocs.returncode == 0, mkdocs.stderr
    zensical = subprocess.run([str(Path(sys.executable).with_name("zensical")), "build"],
                              cwd=out, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert zensical.returncode == 0, zensical.stdout + zensical.stderr
    return {"mkdocs": out / "site-mkdocs", "zensical": out / "site"}


class _Links(HTMLParser):
    """Every address a page asks for: links, stylesheets, scripts, and the finder's files."""

    ATTRIBUTES = ("href", "src", "data-pb-index", "data-pb-worker", "data-pb-base")

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "link" and values.get("rel") == "canonical":
            return  # canonical is absolute by definition (from site_url), never followed
        self.links += [(tag, values[a]) for a in self.ATTRIBUTES if values.get(a)]


@contextmanager
def under_sub_path(site: Path, tmp_path: Path) -> Iterator[str]:
    """The site served at http://127.0.0.1:PORT/handbook/, as an intranet might host it."""
    root = tmp_path / "www"
    root.mkdir()
    (root / "handbook").symlink_to(site, target_is_directory=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/handbook/"
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def crawl(base: str) -> tuple[int, list[str]]:
    """Follow every page from the home page; return links checked and those that break."""
    pages: dict[str, _Links | None] = {}
    status: dict[str, int] = {}
    todo, checked, broken = [base], 0, []
    while todo:
        url = todo.pop()
        if url in pages:
            continue
        code, body, kind = _get(url)
        status[url], pages[url] = code, None
        if code == 200 and kind == "text/html":
            pages[url] = parser = _Links()
            parser.feed(body.decode("utf-8"))
            for tag, link in parser.links:
                if link.startswith(("mailto:", "tel:", "data:")):
                    continue
                target, _ = urldefrag(urljoin(url, link))
                if not target.startswith(base.split("/handbook/")[0]):
                    continue  # another site: not ours to check
                checked += 1
                if not target.startswith(base):
                    broken.append(f"{url}: {link} leaves /handbook/")
                elif tag == "a":
                    todo.append(target)
                elif target not in status:
                    status[target] = _get(target)[0]
    for url, parser in pages.items():
        for tag, link in parser.links if parser else ():
            target, anchor = urldefrag(urljoin(url, link))
            if target.startswith(base) and status.get(target, 200) != 200:
                broken.append(f"{url}: {link} -> {status[target]}")
            found = pages.get(target)
            if tag == "a" and anchor and found and anchor not in found.ids:
                broken.append(f"{url}: {link} has no anchor #{anchor}")
    return checked, broken


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_every_link_resolves_when_the_export_is_served_under_a_sub_path(
        built: dict[str, Path], builder: str, tmp_path: Path) -> None:
    with under_sub_path(built[builder], tmp_path) as base:
        checked, broken = crawl(base)
    assert checked > 3000, f"only {checked} links were found: the crawl did not get around"
    assert broken == [], f"{len(broken)} of {checked} links break:\n" + "\n".join(broken[:20])


@pytest.mark.browser
@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_the_finder_and_copy_buttons_work_in_the_export_under_a_sub_path(
        built: dict[str, Path], builder: str, tmp_path: Path, browser: Any) -> None:
    with under_sub_path(built[builder], tmp_path) as base:
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "method/listen.html")
        page.fill("#pb-finder-input", "shouting")
        page.locator("#pb-finder-results [role=option]").first.wait_for(timeout=10_000)
        page.keyboard.press("Enter")
        page.wait_for_url(base + "phrasebook/**")
        button = page.locator("section.pb-phrase .pb-copy:visible").first
        expected = button.get_attribute("data-clipboard-text")
        button.click()
        assert expected and page.evaluate("navigator.clipboard.readText()") == expected
        assert errors == []
        context.close()


def test_an_export_replaces_an_earlier_export_only_when_forced(tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert phrasebook("export", str(out)).returncode == 0
    (out / "stale.md").write_text("from before", encoding="utf-8")
    result = phrasebook("export", str(out))
    assert result.returncode == 2
    assert "not empty; pass --force" in result.stderr
    assert (out / "stale.md").is_file(), "nothing was touched"
    assert phrasebook("export", str(out), "--force").returncode == 0
    assert not (out / "stale.md").exists() and (out / "mkdocs.yml").is_file()


def test_an_export_never_replaces_a_folder_it_did_not_write(tmp_path: Path) -> None:
    """Even with --force (see test_hostile.py for links and the handbook's own folders)."""
    out = tmp_path / "export"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = phrasebook("export", str(out), "--force")
    assert result.returncode == 2
    assert "holds files that no phrasebook export wrote" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"], "nothing was touched"


def test_a_failed_export_leaves_the_previous_export_in_place(tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert phrasebook("export", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    project = tmp_path / "broken"
    project.mkdir()
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(), encoding="utf-8")
    (project / "content").mkdir()
    (project / "phrasebook").mkdir()
    (project / "content" / "bad.yml").write_text("method: [\n", encoding="utf-8")
    result = phrasebook("export", str(out), "--force", "-f", str(project / "mkdocs.yml"))
    assert result.returncode == 1
    assert "content/bad.yml:1:10: error yaml-syntax" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
