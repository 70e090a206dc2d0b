"""A German, a French and a Spanish handbook, each taken through everything a team does in its
first week, and nothing the tool says to them is English (issue 21).

Each handbook is made by `phrasebook init --language`, broken in `serve` (the problem page,
read in Chromium), checked with errors and with warnings (text, JSON, SARIF), asked about a
draft reply, and built with `author_pages: true`; then every page of the site is read in
Chromium. Every text the tool printed or showed is searched for the English catalog: each
text of messages.pot, cut at its `{values}`, not a hand-kept list. A text the language writes
the same way (a name, "Chat", "docs_dir"), or that the language's own catalog or the team's
content uses, is not counted as English.

To add another output to the scan (an export, a new command), add a function to OUTPUTS: it
gets the handbook's folder and language and yields (a name for the report, the text).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXED_DAY, serve
from service_phrasebook import labels as L

LANGUAGES = ("de", "fr", "es")
# A fill-in: ours (`{count}`), or argparse's (`%(prog)s`, `%s`: its texts are in the catalog)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%(?:\([a-z_]+\))?[a-z]")
_SPACES = re.compile(r"\s+")  # Python's: no-break and narrow no-break spaces too
_EDGES = " .,;:!?()[]“”«»„\"'`*-—–/"


def _flat(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class English:
    """The English catalog as fragments to look for, less what `language` writes alike."""

    phrases: tuple[tuple[str, str], ...]  # (key, fragment of two words or more)
    # (key, a capitalised word alone: a label like "Copy"). A lower-case word alone is not
    # looked for: words passed through as they are (YAML's own messages) use them too.
    words: tuple[tuple[str, str], ...]


def machine_words() -> set[str]:
    """Words the tool writes for machines, the same in every language: field names, rule
    ids, kinds of entries, channel ids. An English label that is one of them is not looked
    for alone (`step` is a field; "Step" is still looked for)."""
    from service_phrasebook import check
    from service_phrasebook import model as m
    from service_phrasebook.load import fields_of
    from service_phrasebook.reference import _records

    found: dict[str, type] = {}
    _records(m.Document, found)
    words = {f.name for cls in found.values() for f in fields_of(cls)}
    words |= {part for r in check.RULES for part in r.id.split("-")}
    words |= set(m.KINDS) | set(m.CHANNELS) | {"phrasebook", "mkdocs", "yaml", "true", "false"}
    return words


def english_for(language: str, content: str) -> English:
    translated = L.translated(language)[0]
    own = _flat(_PLACEHOLDER.sub(" ", " ".join(t for forms in translated.values()
                                               for t in forms)) + " " + content)
    machine = machine_words()
    phrases, words = [], []
    for key, forms in L.english().items():
        theirs = translated.get(key, ())
        for form in forms:
            if form in theirs and len(_PLACEHOLDER.sub("", form).split()) <= 1:
                continue  # a name or a word the language writes the same way ("Chat")
            for piece in _PLACEHOLDER.split(form):
                piece = _flat(piece).strip(_EDGES)
                letters = sum(c.isalpha() for c in piece)
                if letters < 4 or (form not in theirs and _found(piece, own)):
                    continue
                if " " in piece and letters >= 8:
                    phrases.append((key, piece))
                elif (" " not in piece and piece.isalpha() and piece[0].isupper()
                      and piece.lower() not in machine):
                    words.append((key, piece))
    return English(tuple(phrases), tuple(words))


def _found(piece: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text) is not None


def english_in(text: str, english: English) -> list[str]:
    """The English catalog's fragments found in `text`."""
    flat = _flat(text)
    return [f"{key}: {piece!r}" for key, piece in (*english.phrases, *english.words)
            if _found(piece, flat)]


def test_the_scan_finds_english_and_lets_names_and_the_language_s_own_words_be() -> None:
    german = english_for("de", "Der Kunde schreibt im Chat.")
    assert english_in("Fehler: no phrase serves step `x`", german)
    assert english_in("Klicken Sie auf Copy", german)
    assert not english_in("Klicken Sie auf Kopieren; Chat, SMS, E-Mail; step, title", german)
    assert not any(piece == "Chat" for _, piece in german.words), "a name in every language"
    french = english_for("fr", "")
    assert not any(piece == "source" for _, piece in french.words), "a French word too"


# --- Running the tool as a team would -------------------------------------------------------


@dataclass
class Handbook:
    language: str
    folder: Path
    outputs: dict[str, str] = field(default_factory=dict)  # what the tool printed, by step
    pages: dict[str, str] = field(default_factory=dict)  # what a reader sees, by page


def _env(**more: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return {**clean, "SOURCE_DATE_EPOCH": FIXED_DAY, "LANG": "C.UTF-8", **more}


def run(handbook: Handbook, name: str, *args: str, expect: int | None = 0,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line; its standard output and error are kept for the scan."""
    result = subprocess.run([sys.executable, "-m", "service_phrasebook.cli", *args],
                            cwd=cwd or handbook.folder, env=_env(), capture_output=True,
                            text=True, timeout=600)
    if expect is not None:
        assert result.returncode == expect, f"{name}: {result.stdout}{result.stderr}"
    handbook.outputs[name] = result.stdout + "\n" + result.stderr
    return result


def _starter(folder: Path) -> dict[str, Any]:
    """What the init'd content holds: its steps, situations, phrases and avoided phrases."""
    merged: dict[str, Any] = {}
    for path in sorted((folder / "handbook").glob("*.yml")):
        for section, items in (yaml.safe_load(path.read_text("utf-8")) or {}).items():
            merged.setdefault(section, items)
    return merged


def broken_files(content: dict[str, Any]) -> tuple[str, str]:
    """Content that does not load (an unknown step, an unknown field, a YAML error), and
    content that loads but breaks rules: an avoided phrase said (an error), a situation with
    no phrase and a source nobody cites (warnings)."""
    step = content["method"]["steps"][0]["id"]
    situation = content["situations"][0]["id"]
    avoided = next(a if isinstance(a, str) else a["text"]
                   for p in content["phrases"] for a in p.get("avoid", ()))
    unloadable = (f"phrases:\n  - id: probe\n    step: no-such-step\n"
                  f"    situations: [{situation}]\n    say: Ok.\n    bogus: 1\n")
    unruly = (f"situations:\n  - id: probe-situation\n    title: Probe\n"
              f"sources:\n  - id: probe-source\n    title: Probe\n"
              f"phrases:\n  - id: probe\n    step: {step}\n    situations: [{situation}]\n"
              f"    say: \"Gut, {avoided}, und weiter.\"\n")
    return unloadable, unruly


@contextlib.contextmanager
def serving(handbook: Handbook, port: int) -> Iterator[str]:
    log = (handbook.folder.parent / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "service_phrasebook.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=handbook.folder, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env=_env())
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)
        log.close()
        handbook.outputs["serve"] = (handbook.folder.parent / "serve.log").read_text("utf-8")


def _answered(url: str, text: str, seconds: float = 120) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return True
        except OSError as error:  # the problem page answers 500 with its body
            body = getattr(error, "read", lambda: b"")()
            if text in body.decode("utf-8", "replace"):
                return True
        time.sleep(0.2)
    return False


_VISIBLE = """() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll('code, pre, script, style, svg').forEach((n) => n.remove());
    document.body.append(copy);
    copy.hidden = false;
    const shown = copy.innerText;
    copy.remove();
    const labels = [...document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')]
        .flatMap((n) => ['title', 'aria-label', 'placeholder', 'alt']
        .map((a) => n.getAttribute(a) || ''));
    return [document.title, shown, ...labels].join('\\n');
}"""


def read_in_chromium(tab: Any, url: str) -> str:
    tab.goto(url)
    return str(tab.evaluate(_VISIBLE))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def take_through_the_week(language: str, tmp: Path, browser: Any) -> Handbook:
    handbook = Handbook(language, tmp / "handbook")
    run(handbook, "init", "init", "handbook", "--language", language, cwd=tmp)
    config = handbook.folder / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "# author_pages: true" in text
    config.write_text(text.replace("# author_pages: true", "author_pages: true"), "utf-8")
    content = _starter(handbook.folder)
    unloadable, unruly = broken_files(content)
    probe = handbook.folder / "handbook" / "probe.yml"

    # serve, and a save that breaks the content: the problem page, read in Chromium
    tab = browser.new_page()
    with serving(handbook, free_port()) as root:
        assert _answered(root, "<html"), "serve answers"
        probe.write_text(unloadable, "utf-8")
        assert _answered(root, 'class="problems"'), "the problem page"
        page = read_in_chromium(tab, root)
        assert tab.evaluate("document.documentElement.lang") == language
        handbook.pages["serve: the problem page"] = page
        probe.unlink()
        assert _answered(root, "md-content"), "the site again once fixed"

    # check, with errors and with warnings, as text, JSON and SARIF
    probe.write_text(unloadable, "utf-8")
    unclosed = handbook.folder / "handbook" / "unclosed.yml"
    unclosed.write_text("sources:\n  - [probe\n", "utf-8")
    run(handbook, "check: load errors", "check", expect=1)
    unclosed.unlink()
    probe.write_text(unruly, "utf-8")
    run(handbook, "check: rule errors and warnings", "check", "--strict", expect=1)
    found = json.loads(run(handbook, "check --format json", "check", "--format", "json",
                           expect=1).stdout)
    assert {d["severity"] for d in found} == {"error", "warning"}
    handbook.outputs["check --format json"] = "\n".join(
        f"{d['message']}\n{d['hint']}" for d in found)
    sarif = json.loads(run(handbook, "check --format sarif", "check", "--format", "sarif",
                           expect=1).stdout)["runs"][0]
    handbook.outputs["check --format sarif"] = "\n".join(
        [r["message"]["text"] for r in sarif["results"]]
        + [r["shortDescription"]["text"] for r in sarif["tool"]["driver"]["rules"]])
    probe.unlink()
    run(handbook, "check: clean", "check", "--strict")

    # a draft reply with an avoided phrase in it, for every channel's wording
    avoided = next(a if isinstance(a, str) else a["text"]
                   for p in content["phrases"] for a in p.get("avoid", ()))
    (handbook.folder / "draft.txt").write_text(f"Hallo,\n{avoided}.\n", "utf-8")
    run(handbook, "reply", "reply", "draft.txt", expect=1)
    run(handbook, "reply --channel email", "reply", "--channel", "email", "draft.txt",
        expect=1)
    run(handbook, "reply: an unknown channel", "reply", "--channel", "fax", "draft.txt",
        expect=2)

    # build, author pages included, and every page read in Chromium
    run(handbook, "build", "build", "--strict")
    site = handbook.folder / "site"
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert {"writing-content", "reference", "checks"} <= {p.parent.name for p in pages}
    for root in serve(site):
        for page_path in pages:
            handbook.pages[str(page_path)] = read_in_chromium(tab, root + page_path.as_posix())
    tab.close()
    for more in OUTPUTS:
        handbook.outputs.update(more(handbook.folder, language))
    return handbook


# The extension point: each function gets the init'd handbook's folder (checked clean, built)
# and its language, and yields (a name for the report, a text the tool wrote) for the scan.
# The exports add theirs here: run `phrasebook export --format X DIR` and yield the command's
# output and the files' texts a reader sees.
OUTPUTS: list[Callable[[Path, str], Iterable[tuple[str, str]]]] = []


@pytest.mark.browser
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_handbook_in_its_language_hears_no_english_from_the_tool(
        language: str, tmp_path: Path, browser: Any) -> None:
    handbook = take_through_the_week(language, tmp_path, browser)
    content = " ".join(p.read_text("utf-8")
                       for p in sorted((handbook.folder / "handbook").glob("*.yml")))
    english = english_for(language, content)
    assert len(english.phrases) > 300, "the scan looks for the catalog, not a few strings"
    found = {name: hits for name, text in [*handbook.outputs.items(), *handbook.pages.items()]
             if (hits := english_in(text, english))}
    assert found == {}
    said = "\n".join(handbook.outputs.values())
    assert "phrasebook" in said and len(handbook.pages) > 10, "the scan read what it should"
