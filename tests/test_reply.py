"""The reply checker: a rep's draft against the avoid list, on the command line and in the
page, which must agree span for span (the corpus and its handbook: reply_corpus.yml)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, make_project, phrasebook, serve
from service_phrasebook.load import load
from service_phrasebook.render import reply
from service_phrasebook.settings import from_mkdocs_yml

CORPUS = yaml.safe_load((Path(__file__).with_name("reply_corpus.yml")).read_text("utf-8"))
DRAFTS: list[dict[str, Any]] = CORPUS["drafts"]
Page = Any


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = make_project(tmp_path_factory.mktemp("reply"),
                        {"phrasebook/corpus.yml": CORPUS["handbook"]})
    config = made / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "  - phrasebook\n", "  - phrasebook:\n      channels: "
        + json.dumps(CORPUS["channels"]) + "\n"), "utf-8")
    return made


@pytest.fixture(scope="module")
def avoidances(project: Path) -> list[reply.Avoidance]:
    settings = from_mkdocs_yml(project / "mkdocs.yml")
    handbook = load(settings.content, project, settings.channels)
    return reply.from_json(reply.table_json(handbook, lambda p: f"phrasebook/#{p.id}"))


def spans(findings: list[reply.Finding]) -> list[tuple[str, int, int]]:
    return [(f.avoid.text, f.start, f.end) for f in findings]


def test_the_corpus_is_big_and_holds_near_misses() -> None:
    assert len(DRAFTS) >= 50
    clean = {d["draft"] for d in DRAFTS if not d["finds"]}
    assert {"I'm sure it will arrive.", "A sorry-looking parcel."} <= clean


@pytest.mark.parametrize("case", DRAFTS, ids=[repr(d["draft"])[:40] for d in DRAFTS])
def test_python_flags_what_the_corpus_says(case: dict[str, Any],
                                           avoidances: list[reply.Avoidance]) -> None:
    found = reply.check(case["draft"], avoidances, case.get("channel"))
    assert [f.avoid.text for f in found] == case["finds"]
    if "says" in case:
        assert [f.say for f in found] == case["says"]
    for f in found:  # the span is the draft's own words, from the first to the last
        assert " ".join(case["draft"][f.start:f.end].split()) == f.quoted


@pytest.fixture(scope="module")
def corpus_site(project: Path) -> Iterator[str]:
    phrasebook("build", "-d", str(project / "site"), cwd=project, check=True)
    yield from serve(project / "site")


@pytest.mark.browser
def test_the_page_reads_a_draft_of_link_openers_in_linear_time(
        browser: Any, corpus_site: str) -> None:
    tab = browser.new_page()
    tab.goto(corpus_site + "reply/")
    tab.locator("#pb-reply-draft").fill(OPENERS)
    tab.locator(".pb-reply__preview mark", has_text="calm down").wait_for()
    assert tab.locator(".pb-reply__preview mark").all_inner_texts() == ["calm down"]
    tab.close()


@pytest.mark.browser
def test_the_page_finds_the_same_phrases_at_the_same_places(
        browser: Any, corpus_site: str, avoidances: list[reply.Avoidance]) -> None:
    tab = browser.new_page()
    tab.goto(corpus_site + "reply/")
    tab.wait_for_function("window.phrasebookReply")
    rows = tab.evaluate("window.phrasebookReply.rows.map((r) => r.t)")
    assert rows == [a.text for a in avoidances], "one table for both"
    drafts = [[d["draft"], d.get("channel")] for d in DRAFTS]
    found = tab.evaluate("""(ds) => ds.map(([d, channel]) => {
        const r = window.phrasebookReply;
        return r.check(d).map(([n, s, e]) => [n, s, e, r.alternative(n, channel)]);
    })""", drafts)
    tab.close()
    for (draft, channel), js in zip(drafts, found, strict=True):
        python = reply.check(draft, avoidances, channel)
        assert [(rows[n], s, e) for n, s, e, _ in js] == spans(python), repr(draft)
        assert [say for *_, say in js] == [f.say for f in python], (draft, channel)


# --- The command line ------------------------------------------------------------------------


def test_the_command_names_file_line_column_why_and_the_alternative(project: Path) -> None:
    (project / "draft.txt").write_text("Hi Sam,\n\nSo sorry for the\ndelay. Calm down.\n",
                                       encoding="utf-8")
    result = phrasebook("reply", "draft.txt", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("draft.txt:3:4: avoided-phrase “sorry for the delay”")
    assert "The reflex opening of every email." in lines[0]
    assert lines[1] == "    say instead: “I apologize for the trouble, {customer_name}.” " \
                       "(fill in {customer_name}: the name they gave)"
    assert lines[2].startswith("draft.txt:4:8: avoided-phrase “Calm down”")
    assert "It dismisses the feeling." in lines[2], "the why as plain words, not Markdown"


def test_a_clean_draft_exits_0_and_json_lists_findings(project: Path) -> None:
    (project / "clean.txt").write_text("I apologize for the trouble, Sam.", encoding="utf-8")
    assert phrasebook("reply", "clean.txt", cwd=project).returncode == 0
    (project / "bad.txt").write_text("😀 I’m sorry", encoding="utf-8")
    result = phrasebook("reply", "--format", "json", "bad.txt", cwd=project)
    assert result.returncode == 1
    [record] = json.loads(result.stdout)
    assert record | {"path": "bad.txt", "line": 1, "column": 3, "start": 2, "end": 11,
                     "found": "I’m sorry", "avoid": "I'm sorry", "phrase": "apologize",
                     "fill_ins": {"customer_name": "the name they gave"}} == record


@pytest.mark.parametrize("named", [[], ["-"]])
def test_standard_input_is_read_when_no_file_or_a_dash_is_named(
        project: Path, named: list[str]) -> None:
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "service_phrasebook.cli", "reply", *named],
                            input=b"Please calm\ndown.", cwd=project,
                            capture_output=True, timeout=120)
    assert result.returncode == 1
    assert result.stdout.decode().startswith("<stdin>:1:8: avoided-phrase “calm down”")


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "not a text file"),
    ("Café, I'm sorry".encode("latin-1"), "reply.txt:1: not UTF-8 text (byte 0xe9"),
    ("I'm sorry".encode("utf-16"), "UTF-16 text; save it as UTF-8"),
    (b"I'm sorry. " * 1_000_000, "is not a reply; the checker reads up to 1,000,000"),
])
def test_a_draft_that_is_not_a_reply_gets_a_clear_message(
        project: Path, content: bytes, message: str) -> None:
    (project / "reply.txt").write_bytes(content)
    result = phrasebook("reply", "reply.txt", cwd=project)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


# A draft as long as a draft may be, of link openers `"](` whose target never closes, then an
# avoided phrase: the expression that hides link targets scanned the rest of the draft from
# every `](`, quadratic (issue 19, point 7: 80 KB took `phrasebook reply` 103 s, 200 KB froze
# the page for 31 s). Both must still find the phrase, in time linear in the draft.
OPENERS = '"](' * ((reply.MAX_CHARS - 20) // 3) + " calm down"


def test_a_draft_of_link_openers_is_read_in_linear_time(project: Path) -> None:
    import subprocess
    import sys
    (project / "openers.txt").write_text(OPENERS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "service_phrasebook.cli", "reply", "--format", "json",
         "openers.txt"], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    [found] = json.loads(result.stdout)
    assert (found["avoid"], found["end"]) == ("calm down", len(OPENERS))


def test_a_missing_file_is_a_usage_error(project: Path) -> None:
    result = phrasebook("reply", "nowhere.txt", cwd=project)
    assert result.returncode == 2
    assert "nowhere.txt: No such file" in result.stderr


# --- The page, in the bundled handbook -------------------------------------------------------


@pytest.mark.browser
def test_the_page_marks_the_draft_lists_alternatives_and_sends_nothing(page: Page) -> None:
    page.goto("./")
    page.locator(".pb-finder__reply a").click()
    page.wait_for_url("**/reply/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".md-nav__link", has_text="Check a reply").count() >= 1
    loaded = len(page.requests.urls)
    draft = 'Hi <img src=x onerror="window.hacked=1">,\nI’m SORRY, please calm\ndown.'
    page.locator("#pb-reply-draft").fill(draft)
    marks = page.locator(".pb-reply__preview mark")
    marks.first.wait_for()
    assert marks.all_inner_texts() == ["I’m SORRY", "calm\ndown"]
    assert page.locator(".pb-reply__preview img").count() == 0
    assert page.locator(".pb-reply__preview").inner_text() == draft, "the draft, as text"
    assert page.locator(".pb-reply__status").inner_text() == "2 phrases to change"
    first = page.locator(".pb-reply__finding").first
    expected = yaml.safe_load((ROOT / "phrasebook" / "04-apologize.yml").read_text("utf-8"))
    say = next(p["say"] for p in expected["phrases"]
               if any(a["text"] == "I'm sorry" for a in p.get("avoid", [])))
    assert say in first.locator(".pb-text").inner_text()
    first.locator(".pb-copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == say
    page.locator("#pb-reply-draft").fill("I apologize for the trouble.")
    page.locator(".pb-reply__status", has_text="Nothing to change").wait_for()
    assert page.locator(".pb-reply__preview mark").count() == 0
    assert page.requests.urls[loaded:] == [], "nothing typed leaves the page"
    assert page.evaluate("window.hacked") is None and page.errors == []


def test_a_draft_for_a_channel_is_offered_that_channel_s_wording(project: Path) -> None:
    (project / "email.txt").write_text("Sorry for the delay, Sam.", encoding="utf-8")
    result = phrasebook("reply", "--channel", "email", "email.txt", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[1] == (
        "    say instead: “I apologize for the trouble, {customer_name}. Here is what happens "
        "next.” (fill in {customer_name}: the name they gave)")
    own = phrasebook("reply", "--channel", "sms", "--format", "json", "email.txt", cwd=project)
    [record] = json.loads(own.stdout)
    assert (record["say"], record["channel"]) == (
        "Apologies for the trouble, {customer_name}.", "sms"), "a team's own channel too"
    wrong = phrasebook("reply", "--channel", "fax", "email.txt", cwd=project)
    assert wrong.returncode == 2
    assert "`fax` is not a channel of this handbook; channels: phone, chat, email, " \
           "in-person, sms" in wrong.stderr


@pytest.mark.browser
def test_the_page_offers_the_chosen_channel_s_wording(browser: Any, corpus_site: str) -> None:
    tab = browser.new_page()
    tab.goto(corpus_site + "reply/")
    tab.wait_for_function("window.phrasebookReply")
    assert tab.locator("#pb-reply-channel option").all_inner_texts() == [
        "Any channel (the main wording)", "Phone", "Chat", "Email", "In person", "SMS"]
    tab.locator("#pb-reply-draft").fill("Sorry for the delay.")
    said = tab.locator(".pb-reply__finding .pb-text")
    said.first.wait_for()
    assert said.inner_text() == "I apologize for the trouble, {customer_name}."
    tab.locator("#pb-reply-channel").select_option("email")
    tab.wait_for_function("document.querySelector('.pb-reply__finding .pb-text')"
                          ".textContent.includes('happens next')")
    assert tab.locator(".pb-reply__finding .pb-copy").get_attribute("data-clipboard-text") \
        == "I apologize for the trouble, {customer_name}. Here is what happens next."
    tab.locator("#pb-reply-channel").select_option("sms")
    tab.wait_for_function("document.querySelector('.pb-reply__finding .pb-text')"
                          ".textContent.startsWith('Apologies')")
    tab.close()
