"""Every export of a German, French and Spanish handbook is in that language: no text of the
English catalog (messages.pot) is left in what the tool writes for people.

Each handbook is the one `phrasebook init --language xx` writes, with a team channel whose
variant has a fill-in (so the Zendesk, espanso and CSV exports have every shape of line). The
scan reads what a person reads in every file of every export: in pages, the text and the
attributes a browser shows or speaks (not class names or ids, which are code); elsewhere the
whole file. It passes over the theme's code (scripts and templates copied as they are), the
finder's index (data) and the JSON Schema `init` put in the team's folder (the authoring
side's, in English until the catalogs reach it). It looks for each English catalog text the
language translates otherwise, as whole words.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import phrasebook
from service_phrasebook import labels as L

FORMATS = ("markdown", "csv", "zendesk", "espanso", "vale")
# The theme's code, copied as it is: not words the tool writes.
CODE = (".css", ".woff2", ".json.gz", "phrasebook.js", "finder-worker.js", "reply.js")
DATA = ("docs/assets/phrasebook/", "docs/schema.json")  # the finder's index; the team's schema
SHOWN = ("aria-label", "title", "placeholder", "alt", "value", "content")
# Keys whose values are a tool's own words: Vale's `level: warning` is Vale's, not ours.
FORMAT = ("extends", "level")


class _Shown(HTMLParser):
    """The text of a page and the attributes a browser shows or speaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts += [v for k, v in attrs if k in SHOWN and v]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _strings(data: object, titles: bool = False) -> list[str]:
    """A YAML document's text values; keys only where they are titles (mkdocs.yml's nav),
    since the others are the tool's format (espanso's `trigger:`)."""
    if isinstance(data, dict):
        return [s for k, v in data.items() if k not in FORMAT for s in
                [*([str(k)] if titles else []), *_strings(v, titles or k == "nav")]]
    if isinstance(data, list):
        return [s for item in data for s in _strings(item, titles)]
    return [str(data)]


def shown(path: Path) -> str:
    text = path.read_text("utf-8")
    if path.suffix == ".ini":
        return ""  # Vale's settings: the style's name and paths, for Vale
    if path.suffix == ".yml":
        return "\n".join(_strings(yaml.safe_load(text)))
    if path.suffix not in (".md", ".html"):
        return text
    parser = _Shown()
    parser.feed(text)
    return "\n".join(parser.parts)
VARIANT = """
  - id: bonjour-sms
    step: {step}
    situations: [{situation}]
    say: "{{prenom}}, {say}"
    variables:
      prenom: "{prenom}"
"""


def english_texts(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """(key, pattern) of each English label whose every literal stretch of four or more
    letters the language writes otherwise, found as whole words, case kept."""
    labels, problems = L.labels_for(language)
    assert problems == []
    found = []
    for key, forms in L.english().items():
        for english in forms:
            ours = " ".join(labels.forms[key])
            for piece in re.split(r"\{[a-z_]+\}", english):
                piece = piece.strip(" .,:;!?()“”\"'…-")
                if len(re.sub(r"\W", "", piece)) >= 4 and piece not in ours:
                    before = r"(?<!\w)" if piece[0].isalnum() else ""
                    after = r"(?!\w)" if piece[-1].isalnum() else ""
                    found.append((key, re.compile(before + re.escape(piece) + after)))
    return found


def handbook(folder: Path, language: str) -> Path:
    project = folder / language
    phrasebook("init", str(project), "--language", language, check=True)
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    plugin = next(p for p in config["plugins"] if isinstance(p, dict))["phrasebook"]
    plugin["channels"] = [{"id": "sms", "label": "SMS", "spoken": False}]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    phrases = project / "handbook" / "phrases.yml"
    data = yaml.safe_load(phrases.read_text("utf-8"))
    first = data["phrases"][0]
    (project / "handbook" / "sms.yml").write_text("phrases:" + VARIANT.format(
        step=first["step"], situation=first["situations"][0], say=first["say"],
        prenom=first["say"][:12]), encoding="utf-8")
    return project


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_no_export_of_the_handbook_holds_an_english_catalog_text(
        tmp_path: Path, language: str) -> None:
    project = handbook(tmp_path, language)
    english = english_texts(language)
    assert len(english) > 150, "the scan looks for the English catalog"
    left: list[str] = []
    written = 0
    for fmt in FORMATS:
        out = tmp_path / f"out-{fmt}"
        result = phrasebook("export", "--format", fmt, str(out), cwd=project)
        assert result.returncode == 0, result.stderr
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            name = path.relative_to(out).as_posix()
            data = name.startswith(DATA) and path.name != "messages.js"
            theme = "overrides" in path.parts and path.name != "phrase-finder.html"
            if path.name.endswith(CODE) or data or theme:
                continue
            text = re.sub(r"\{[a-z_]+\}", " ", shown(path))  # a label's `{values}` are code
            written += 1
            left += [f"{fmt}: {path.relative_to(out)}: {key}: {pattern.pattern}"
                     for key, pattern in english if pattern.search(text)]
    assert written > 20
    assert left == [], "English left in the exports:\n" + "\n".join(left[:30])
