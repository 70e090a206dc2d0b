"""Hostile content: whatever an author writes in any text field is shown as text.

A project puts script tags, event handlers, `javascript:` links, raw HTML, attribute
break-outs and template syntax into every text field of every kind of entry. The site must
build, hold every payload escaped, and in a real browser run none of them and fetch nothing
from outside the site.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, phrasebook, serve

PAYLOADS = (
    '<script>window.__pwned="{n}"</script>',
    '<img src="https://evil.example/{n}.png" onerror="window.__pwned=\'{n}\'">',
    '"><svg onload="window.__pwned=\'{n}\'">',
    "'><iframe src=\"https://evil.example/{n}\"></iframe>",
    "[click](javascript:window.__pwned={n})",
    '<a href="https://evil.example/{n}" onclick="window.__pwned={n}">x</a>',
    "{{{{ 7*7 }}}} {{% raw %}} ${{7*7}}",
    "![x](https://evil.example/{n}.gif)",
)


class Payloads:
    """Hands out a different payload, numbered, for each field, round and round."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, before: str = "") -> str:
        self.count += 1
        payload = PAYLOADS[self.count % len(PAYLOADS)].format(n=self.count)
        return f"{before} {payload}".strip()


def hostile_content() -> dict[str, Any]:
    p = Payloads()
    return {
        "method": {
            "title": p("Method"), "summary": p("Summary"),
            "steps": [
                {"id": "listen", "title": p("Listen"), "goal": p("Goal"), "do": [p("Do")],
                 "dont": [p("Dont")], "why": p("Why"), "sources": ["src"]},
                {"id": "fix", "title": p("Fix"), "goal": p("Goal"), "do": [p("Do")],
                 "sources": ["src"]},
            ],
            "rules": [{"id": "listen-first", "title": p("Rule"), "first": "listen",
                       "then": "fix", "why": p("Why")}],
        },
        "situations": [{"id": "shouting", "title": p("Shouting"), "summary": p("Summary"),
                        "keywords": [p("loud")]}],
        "phrases": [
            {"id": "go-on", "title": p("Title"), "step": "listen", "situations": ["shouting"],
             "say": p("Go on {name}"), "variants": {"chat": p("Chat"), "email": p("Email")},
             "avoid": [{"text": p("calm"), "why": p("Why")}], "why": p("Why"),
             "variables": {"name": p("Name")}, "tags": [p("tag")], "sources": ["src"],
             "owner": p("Owner"), "reviewed": "2026-10-01"},
            {"id": "fixing", "step": "fix", "situations": ["shouting"], "say": p("Fixed")},
        ],
        "examples": [{
            "id": "e", "title": p("Example"), "situations": ["shouting"], "channel": "chat",
            "setting": p("Setting"), "outcome": p("Outcome"), "takeaway": p("Takeaway"),
            "dialogue": [{"customer": p("Hi")}, {"rep": p("Hello"), "step": "listen"},
                         {"note": p("Note")}, {"rep": p("Done"), "step": "fix"}],
            "sources": ["src"],
        }],
        "lessons": [{
            "id": "l", "title": p("Lesson"), "summary": p("Summary"), "duration": p("1 h"),
            "objectives": [p("Objective")], "practice": [p("Practice")],
            "plan": [{"step": "listen", "note": p("Note")}, {"phrase": "go-on"},
                     {"example": "e"}, {"situation": "shouting"}, {"text": p("Text")}],
        }],
        "sources": [{"id": "src", "title": p("Source"), "author": p("Author"),
                     "publisher": p("Publisher"), "date": p("May"),
                     "url": "https://example.org/a?b=1&c=2#x", "note": p("Note")}],
        "statistics": [{"id": "st", "figure": p("86 %"), "claim": p("Claim"),
                        "source": "src", "caveat": p("Caveat")}],
        "decisions": [{"id": "d", "title": p("Decision"), "question": p("Question"),
                       "sides": [{"position": p("Side"), "sources": ["src"]}],
                       "decision": p("Decided"), "reasons": [p("Reason")]}],
        "frameworks": [{"id": "f", "title": p("Framework"), "source": "src",
                        "summary": p("Summary"),
                        "parts": [{"name": p("Part"), "steps": ["listen"], "note": p("Note")}]}],
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile")
    (project / "content").mkdir()
    (project / "content" / "all.yml").write_text(
        yaml.safe_dump(hostile_content(), allow_unicode=True, sort_keys=False), "utf-8")
    (project / "mkdocs.yml").write_text(
        (ROOT / "mkdocs.yml").read_text().replace("content: [content, phrasebook]",
                                                   "content: [content]")
        .replace("custom_dir: site_overrides", f"custom_dir: {ROOT / 'site_overrides'}"),
        "utf-8")
    result = phrasebook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


class Live(HTMLParser):
    """Markup a payload would need to do harm: its elements, handlers and addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            fetches = name in ("src", "srcset", "srcdoc", "data", "poster", "background")
            if name.startswith("on") or (fetches and "evil.example" in value) or \
                    value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")

    def handle_data(self, data: str) -> None:
        if self.in_script and "pwned" in data:
            self.found.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


def test_no_payload_reaches_a_page_as_markup(hostile_site: Path) -> None:
    checked = 0
    for page in pages(hostile_site):
        parser = Live()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], f"{page.relative_to(hostile_site)}: {parser.found}"
        checked += 1
    assert checked >= 15


def test_template_syntax_is_shown_as_written(hostile_site: Path) -> None:
    texts = [page.read_text(encoding="utf-8") for page in pages(hostile_site)]
    shown = [text for text in texts if "{% raw %}" in text]
    assert shown, "template syntax reaches the pages as text"
    assert all("{{ 7" in text for text in shown), "and is not evaluated by any template"


def test_in_a_browser_no_payload_runs_and_nothing_is_fetched_from_outside(
    browser: Any, hostile_site: Path,
) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    outside: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for site_url in serve(hostile_site):
        origin = site_url.rstrip("/")

        def record(request: Any, origin: str = origin) -> None:
            if not request.url.startswith((origin, "data:", "blob:")):
                outside.append(request.url)

        page.on("request", record)
        visited = 0
        for html in pages(hostile_site):
            relative = html.relative_to(hostile_site).as_posix()
            page.goto(site_url + relative)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__pwned") is None, relative
            visited += 1
        page.goto(site_url)
        page.locator("#pb-finder-input").click()
        page.keyboard.type("go on", delay=10)
        page.locator("#pb-finder-results [role=option]").first.wait_for()
        page.locator(".md-search__input").click()
        page.keyboard.type("script", delay=10)
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
    context.close()
    assert visited >= 15
    assert dialogs == [] and outside == []


@pytest.mark.parametrize("bad_id", ["../escape", "/etc/passwd", "a/../../b", "..", "x\\y"])
def test_ids_that_try_to_leave_the_site_folder_are_refused(tmp_path: Path, bad_id: str) -> None:
    content = hostile_content()
    content["situations"][0]["id"] = bad_id
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "all.yml").write_text(yaml.safe_dump(content), "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: content\nplugins:\n  - phrasebook:\n      content: [content]\n")
    result = phrasebook("build", "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 1
    assert "error id " in result.stderr and "is not a valid id" in result.stderr
    assert not (tmp_path / "site").exists()
