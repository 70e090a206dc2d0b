"""The README's Publish section, tried: a handbook built for a sub-path and served under it
has no broken link, and a reader's browser on an intranet asks for nothing outside the site.

The handbook is what `phrasebook init` writes, in git (so the What changed page is there),
with the `site_url` the README shows; it is served at http://127.0.0.1:PORT/handbook/ as a
plain web server would serve the copied folder.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ROOT, phrasebook
from test_export import crawl, under_sub_path


def readme_site_url() -> str:
    """The `site_url` of the README's sub-path recipe, so the test tries what it says."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### A web server, under a sub-path", 1)[1].split("\n### ", 1)[0]
    found = re.search(r"^site_url: (\S+)$", section, re.M)
    assert found, "the README's sub-path recipe sets site_url"
    return found[1]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("publish") / "handbook"
    phrasebook("init", str(project), check=True)
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text("utf-8"))
    config["site_url"] = readme_site_url()
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    when = "2026-11-20T10:00:00Z"
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com",
           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "First"]):
        subprocess.run(["git", "-C", str(project), *command], env=env, check=True,
                       capture_output=True)
    built = phrasebook("build", "--strict", cwd=project)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    assert (site / "changes" / "index.html").is_file(), "What changed is published too"
    return site


def test_a_site_built_for_a_sub_path_has_no_broken_link_served_there(
        published: Path, tmp_path: Path) -> None:
    with under_sub_path(published, tmp_path) as base:
        checked, broken = crawl(base)
    pages = len(list(published.rglob("*.html")))
    assert checked > 20 * pages, f"only {checked} links on {pages} pages: the crawl stopped"
    assert broken == [], f"{len(broken)} of {checked} links break:\n" + "\n".join(broken[:20])
    sitemap = (published / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{readme_site_url()}phrasebook/</loc>" in sitemap, "absolute from site_url"


@pytest.mark.browser
def test_an_intranet_reader_s_browser_asks_for_nothing_outside_the_site(
        published: Path, tmp_path: Path, browser: Any) -> None:
    """Every page, loaded in Chromium with its scripts, styles, fonts and the finder's
    index and worker, and the finder used: every request stays on the site's origin."""
    with under_sub_path(published, tmp_path) as base:
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base))
        page = browser.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.context.on("request", lambda request: asked.append(request.url))  # workers
        pages = sorted(p.relative_to(published).as_posix() for p in published.rglob("*.html")
                       if p.name != "404.html")
        for path in pages:
            page.goto(base + path.removesuffix("index.html"), wait_until="networkidle")
        page.goto(base)
        page.fill("#pb-finder-input", "shouting")
        page.locator("#pb-finder-results [role=option]").first.wait_for(timeout=10_000)
        page.wait_for_load_state("networkidle")
        page.close()
    outside = sorted({url for url in asked
                      if not url.startswith((origin, "data:", "blob:", "about:"))})
    assert len(pages) > 10 and len(asked) > len(pages)
    assert outside == [], f"requests outside {origin}: {outside}"
