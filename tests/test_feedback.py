"""Feedback links: with `feedback_url` set, every phrase, example and lesson has a "Report a
problem" link filled in for it; unset, none; written wrong, a config error at its place."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from conftest import MKDOCS_YML, make_project, phrasebook, serve
from service_phrasebook.settings import feedback_link, feedback_template

WEB = "https://feedback.example/new?entry={id}&title={title}&page={url}"
MAIL = "mailto:handbook@example.com?subject=Problem%20with%20{title}&body={url}"


def with_feedback(project: Path, value: str, site_url: str = "") -> None:
    text = MKDOCS_YML.replace("  - phrasebook\n",
                              f"  - phrasebook:\n      feedback_url: '{value}'\n")
    if site_url:
        text = f"site_url: {site_url}\n" + text
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")


def test_each_value_is_url_encoded_so_mailto_works() -> None:
    link = feedback_link(MAIL, {"id": "x", "title": "Sorry & “thanks”?", "url": "https://h/a b/#x"})
    assert link == ("mailto:handbook@example.com?subject=Problem%20with%20Sorry%20%26%20"
                    "%E2%80%9Cthanks%E2%80%9D%3F&body=https%3A%2F%2Fh%2Fa%20b%2F%23x")
    assert feedback_link("https://x.test/{{id}}/{id}", {"id": "a/b"}) == "https://x.test/{id}/a%2Fb"


@pytest.mark.parametrize(("value", "message"), [
    ("https://x.test/report", "has no placeholder: add {id} or {title} or {url}"),
    ("https://x.test/?e={entry}", "unknown placeholder {entry}: use {id}, {title}, {url}"),
    ("https://x.test/?e={id!r}", "unknown placeholder {id!r}"),
    ("https://x.test/?e={id", "has a lone { or }"),
    ("javascript:alert({id})", "must start with https:, http: or mailto:"),
    ("", "must be an address"),
])
def test_a_template_written_wrong_says_what_to_write(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        feedback_template(value)


@pytest.mark.parametrize("command", [("build", "-d", "out"), ("check",)])
def test_a_wrong_template_is_a_config_error_at_its_place(tmp_path: Path,
                                                        command: tuple[str, ...]) -> None:
    project = make_project(tmp_path, {})
    with_feedback(project, "https://x.test/?e={entry}")
    result = phrasebook(*command, cwd=project)
    assert result.returncode == 2, result.stderr
    assert "mkdocs.yml:9:7: phrasebook `feedback_url` has an unknown placeholder {entry}" \
        in result.stderr
    assert not (project / "out").exists()


@pytest.fixture(scope="module")
def feedback_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("feedback"), {}, with_bundled=True)
    with_feedback(project, WEB, site_url="https://help.example.com/handbook/")
    phrasebook("build", "-d", "site", cwd=project, check=True)
    return project / "site"


@pytest.mark.browser
@pytest.mark.parametrize(("path", "kind"), [
    ("phrasebook/shouting/", "phrase"), ("examples/", "example"), ("lessons/", "lesson")])
def test_every_entry_links_a_report_filled_in_for_it(
        browser: Any, feedback_site: Path, path: str, kind: str) -> None:
    opened: list[str] = []

    def report(route: Any) -> None:  # the form the link opens, answered without a network
        opened.append(route.request.url)
        route.fulfill(body="thanks")

    for root in serve(feedback_site):
        tab = browser.new_page()
        tab.route("https://feedback.example/**", report)
        tab.goto(root + path)
        if kind != "phrase":  # the index lists them; open the first
            tab.locator("article ol a, article ul a").first.click()
        title = (tab.locator("section.pb-phrase h2").first if kind == "phrase"
                 else tab.locator("h1")).inner_text()
        links = tab.locator("a.pb-feedback")
        assert links.count() == (tab.locator("section.pb-phrase").count() if kind == "phrase"
                                 else 1)
        entry = tab.url.rstrip("/").rsplit("/", 1)[-1] if kind != "phrase" else \
            tab.locator("section.pb-phrase").first.get_attribute("data-phrase")
        links.first.click()
        tab.wait_for_url("https://feedback.example/**")
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(opened[0]).query)
        assert query["entry"] == [entry] and query["title"] == [title]
        assert query["page"][0].startswith(f"https://help.example.com/handbook/{path}")
        assert entry in query["page"][0]
        tab.close()


def test_without_a_template_there_is_no_link(bundled_site: Path) -> None:
    for page in ("phrasebook/shouting/index.html", "lessons/index.html"):
        assert "pb-feedback" not in (bundled_site / page).read_text(encoding="utf-8")
    for page in bundled_site.glob("examples/*/index.html"):
        assert "pb-feedback" not in page.read_text(encoding="utf-8")
