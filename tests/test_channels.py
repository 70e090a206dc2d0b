"""Channels are the team's: the four built-in ones plus those declared in mkdocs.yml, each
with its label and whether it is spoken. Variants, checker rules, pages, the schema and the
finder follow; a mistake is reported at its place."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import phrasebook, serve
from service_phrasebook.finder.parts import Index

TELECOM_YML = """\
site_name: Telco support
docs_dir: pages
theme:
  name: material
  font: false
plugins:
  - search
  - phrasebook:
      content: [handbook]
      channels:
        - id: sms
          label: SMS
          spoken: false
        - {id: video, label: Video call, spoken: true}
"""

TELECOM = """\
method:
  title: Our way
  steps:
    - id: hear
      title: Hear them out
      goal: Let the customer finish.
    - id: solve
      title: Solve it
      goal: Put it right.
situations:
  - id: no-signal
    title: No signal
    keywords: [network, outage, bars]
phrases:
  - id: go-on
    step: hear
    situations: [no-signal]
    say: Go on, I'm listening.
  - id: restart
    step: solve
    situations: [no-signal]
    say: Let's restart your phone together; I'll stay with you.
    variants:
      sms: Pls restart your phone, then reply OK.
examples:
  - id: texted-outage
    title: An outage, by text
    channel: sms
    setting: A customer texts that their phone has no bars.
    dialogue:
      - customer: no signal since 8am
      - rep: Pls restart your phone, then reply OK.
        step: solve
    takeaway: Short and one action at a time.
"""


def telecom(tmp_path: Path, content: str = TELECOM, config: str = TELECOM_YML) -> Path:
    project = tmp_path / "telco"
    (project / "handbook").mkdir(parents=True)
    (project / "pages").mkdir()
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "handbook" / "all.yml").write_text(content, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def telecom_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = telecom(tmp_path_factory.mktemp("channels"))
    phrasebook("build", "--strict", cwd=project, check=True)
    return project / "site"


def test_a_declared_channel_gets_its_tab_label_and_place_in_the_finder(
        telecom_site: Path) -> None:
    page = (telecom_site / "phrasebook" / "no-signal" / "index.html").read_text()
    assert '<label for="__tabbed_' in page and ">SMS</label>" in page
    assert "Phone, Chat, Email, In person, Video call" in page, \
        "a phrase that lists no channels is for every channel, the team's too"
    example = (telecom_site / "examples" / "texted-outage" / "index.html").read_text()
    assert "SMS" in example
    index = Index.in_folder(telecom_site / "assets" / "phrasebook")
    restart = next(n for n, row in enumerate(index.rows()) if row["i"] == "restart")
    assert restart in index.rows_with("pls"), "its SMS text finds it"


def test_a_variant_for_an_undeclared_channel_is_an_error_at_its_place(tmp_path: Path) -> None:
    project = telecom(tmp_path, TELECOM.replace("      sms: Pls", "      whatsapp: Pls"))
    result = phrasebook("check", cwd=project)
    assert result.returncode == 1
    assert "handbook/all.yml:24:7: error unknown-reference no channel has the id `whatsapp`" \
        in result.stdout
    assert "declare a new one under the phrasebook plugin's `channels:` in mkdocs.yml" \
        in result.stdout
    assert "phone, chat, email, in-person, sms, video" in result.stdout


def test_an_example_for_an_undeclared_channel_is_an_error_at_its_place(tmp_path: Path) -> None:
    project = telecom(tmp_path, TELECOM.replace("channel: sms", "channel: sns"))
    result = phrasebook("check", cwd=project)
    assert result.returncode == 1
    assert "handbook/all.yml:28:14: error unknown-reference no channel has the id `sns`" \
        in result.stdout and "did you mean `sms`?" in result.stdout


@pytest.mark.parametrize(("declared", "place", "message"), [
    ("{id: chat, label: Live chat, spoken: false}", "mkdocs.yml:11:12",
     "`chat` is a built-in channel"),
    ("{id: SMS, label: Text, spoken: false}", "mkdocs.yml:11:12", "try `sms`"),
    ("{id: social, label: Social}", "mkdocs.yml:11:11", "`spoken: true`"),
    ("{id: social, label: Social, spoken: false, voice: no}", "mkdocs.yml:11:54",
     "`voice` is not a channel setting"),
    ("sms", "mkdocs.yml:11:11", "a channel is a mapping"),
])
def test_a_wrong_channel_declaration_is_a_usage_error_at_its_place_in_mkdocs_yml(
        tmp_path: Path, declared: str, place: str, message: str) -> None:
    sms = "        - id: sms\n          label: SMS\n          spoken: false\n"
    config = TELECOM_YML.replace(sms, f"        - {declared}\n")
    project = telecom(tmp_path, TELECOM.replace("      sms: Pls", "      video: Pls").replace(
        "channel: sms", "channel: video"), config)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the old site")
    for command in (("check",), ("build",)):
        result = phrasebook(*command, cwd=project)
        assert result.returncode == 2, result.stderr
        assert f"{place}: " in result.stderr and message in result.stderr, result.stderr
    assert (project / "site" / "index.html").read_text() == "the old site"


def test_the_checker_treats_a_team_channel_as_spoken_or_written(tmp_path: Path) -> None:
    long = " ".join(["word"] * 40)
    content = TELECOM.replace(
        "      sms: Pls restart your phone, then reply OK.",
        "      sms: Please hold the line while I check.\n"
        f"      video: {long}.\n"
        "      phone: Let's restart it together.\n"
        "      in-person: Let's restart it together.")
    result = phrasebook("check", cwd=telecom(tmp_path, content))
    assert "warning channel the sms text refers to voice" in result.stdout, result.stdout
    assert "warning say-ability the video text has 40 words" in result.stdout
    assert "variants: {video: ...}" in result.stdout


def test_the_schema_lists_the_team_s_channels(tmp_path: Path) -> None:
    result = phrasebook("schema", cwd=telecom(tmp_path))
    schema = json.loads(result.stdout)
    channels = schema["$defs"]["Phrase"]["properties"]["channels"]["items"]["enum"]
    assert channels == ["phone", "chat", "email", "in-person", "sms", "video"]


# --- In the browser --------------------------------------------------------------------------

Page = Any


@pytest.fixture(scope="module")
def telecom_url(telecom_site: Path) -> Iterator[str]:
    yield from serve(telecom_site)


@pytest.mark.browser
def test_in_chromium_the_team_s_channel_is_a_tab_and_empty_sections_are_absent(
        browser: Any, telecom_url: str) -> None:
    context = browser.new_context(base_url=telecom_url,
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto("phrasebook/no-signal/")
        section = page.locator("section.pb-phrase:has([id='restart'])")
        section.locator(".tabbed-labels label", has_text="SMS").click()
        shown = section.locator(".tabbed-block:visible .pb-text")
        assert shown.inner_text().strip() == "Pls restart your phone, then reply OK."
        section.locator(".tabbed-block:visible .pb-copy").click()
        assert page.evaluate("navigator.clipboard.readText()") == \
            "Pls restart your phone, then reply OK."
        nav = page.locator("nav.md-nav--primary").inner_text()
        for absent in ("Crosswalk", "Decisions", "Lessons", "Statistics", "Sources",
                       "Field reference", "Checker rules", "Writing content"):
            assert absent not in nav, absent
        assert "Worked examples" in nav, "the team wrote one"
    finally:
        context.close()


def test_plain_mkdocs_build_stops_at_a_wrong_channel_with_its_place(tmp_path: Path) -> None:
    config = TELECOM_YML.replace("        - id: sms\n", "        - id: email\n")
    project = telecom(tmp_path, config=config)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "mkdocs.yml:11:11: `email` is a built-in channel" in result.stderr, result.stderr
