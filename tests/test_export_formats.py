"""`phrasebook export --format zendesk|csv|espanso|vale`: each shape as its tool documents it.

Zendesk, espanso and Vale publish no JSON Schema of these files, so the schemas below are
written from their documentation (cited beside each) and every exported file is validated
against them. The Vale binary cannot be installed on these machines: its rules are checked
against Vale's documented rule format, and their regular expressions are run with Python's
`re` (the same syntax for the constructs used) against each avoided phrase's own specs.
"""

from __future__ import annotations

import configparser
import csv
import io
import itertools
import json
import re
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT, make_project, phrasebook
from service_phrasebook import model as m
from service_phrasebook.finder.parts import Index
from service_phrasebook.load import load
from service_phrasebook.settings import from_mkdocs_yml

# https://developer.zendesk.com/api-reference/ticketing/business-rules/macros/ : the body of
# POST /api/v2/macros is {"macro": {...}}; `title` and `actions` are mandatory, each action a
# {field, value}; `comment_value` adds a comment to the ticket.
ZENDESK_MACRO = {
    "type": "object", "required": ["macro"], "additionalProperties": False,
    "properties": {"macro": {
        "type": "object", "required": ["title", "actions"], "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "minLength": 1},
            "description": {"type": ["string", "null"]},
            "active": {"type": "boolean"},
            "actions": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["field", "value"], "additionalProperties": False,
                "properties": {"field": {"const": "comment_value"},
                               "value": {"type": "string", "minLength": 1}}}},
        }}},
}

# https://espanso.org/docs/packages/package-specification/ and espanso's match loader
# (espanso-config/src/matches/group/loader/yaml/parse.rs, YAMLMatch): a match has a trigger
# and either `replace` or `form` (fields written [[name]]); label and search_terms are
# optional. The manifest's five fields are all required; a name is [a-z0-9-].
ESPANSO_PACKAGE = {
    "type": "object", "required": ["matches"], "additionalProperties": False,
    "properties": {"matches": {"type": "array", "items": {
        "type": "object", "required": ["trigger"], "additionalProperties": False,
        "oneOf": [{"required": ["replace"]}, {"required": ["form"]}],
        "properties": {
            "trigger": {"type": "string", "minLength": 2},
            "label": {"type": "string"},
            "replace": {"type": "string"},
            "form": {"type": "string"},
            "form_fields": {"type": "object"},
            "search_terms": {"type": "array", "items": {"type": "string"}},
        }}}},
}
ESPANSO_MANIFEST = {
    "type": "object", "additionalProperties": False,
    "required": ["name", "title", "description", "version", "author"],
    "properties": {"name": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                   "title": {"type": "string"}, "description": {"type": "string"},
                   "version": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
                   "author": {"type": "string"}},
}

# https://vale.sh/docs/topics/styles/ (the header every rule has), .../checks/existence and
# .../checks/substitution: `extends`, `message`, `level`, `ignorecase`, `nonword`, and
# `tokens` (existence) or `swap` (substitution).
VALE_RULE = {
    "type": "object", "additionalProperties": False,
    "required": ["extends", "message", "level", "ignorecase"],
    "properties": {
        "extends": {"enum": ["existence", "substitution"]},
        "message": {"type": "string", "pattern": "%s"},
        "level": {"enum": ["suggestion", "warning", "error"]},
        "ignorecase": {"const": True},
        "nonword": {"type": "boolean"},
        "tokens": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "swap": {"type": "object", "minProperties": 1,
                 "additionalProperties": {"type": "string"}},
    },
    "oneOf": [{"properties": {"extends": {"const": "existence"}}, "required": ["tokens"]},
              {"properties": {"extends": {"const": "substitution"}}, "required": ["swap"]}],
}


def export(fmt: str, out: Path, *args: str, cwd: Path | None = None) -> str:
    result = phrasebook("export", "--format", fmt, str(out), *args,
                        **({"cwd": cwd} if cwd else {}))
    assert result.returncode == 0, result.stderr
    return result.stderr


def bundled() -> m.Handbook:
    settings = from_mkdocs_yml(Path(__file__).resolve().parent.parent / "mkdocs.yml")
    return load(settings.content, settings.root, settings.channels)


def written_lines(handbook: m.Handbook) -> list[tuple[str, str]]:
    return [(p.id, c) for p in handbook.phrases for c in p.channels
            if not handbook.channel(c).spoken]


# --- zendesk ---------------------------------------------------------------------------------


def test_zendesk_writes_one_macro_per_phrase_and_written_channel(tmp_path: Path) -> None:
    export("zendesk", tmp_path / "out")
    files = sorted((tmp_path / "out" / "macros").glob("*.json"))
    handbook = bundled()
    assert sorted(f.name for f in files) == sorted(
        f"{id}.{channel}.json" for id, channel in written_lines(handbook))
    titles = []
    for file in files:
        body = json.loads(file.read_text(encoding="utf-8"))
        jsonschema.validate(body, ZENDESK_MACRO)
        titles.append(body["macro"]["title"])
    assert len(set(titles)) == len(titles), "agents can tell every macro apart"
    shouting = json.loads((tmp_path / "out/macros/here-to-help.chat.json").read_text())
    phrase = handbook.index["phrase"]["here-to-help"]
    situation = handbook.index["situation"][phrase.situations[0]]  # type: ignore[attr-defined]
    step = handbook.steps.index(handbook.index["step"][phrase.step])  # type: ignore[attr-defined]
    assert shouting["macro"]["title"] == (
        f"{situation.title}::{step + 1}. {handbook.steps[step].title}"  # type: ignore[attr-defined]
        f"::{phrase.title or phrase.text_for('chat')} (Chat)")  # type: ignore[attr-defined]
    assert shouting["macro"]["actions"][0]["value"] == \
        handbook.index["phrase"]["here-to-help"].text_for("chat")  # type: ignore[attr-defined]


def test_zendesk_maps_fill_ins_the_team_maps_and_shows_the_others_once_per_phrase(
        tmp_path: Path) -> None:
    project = make_project(tmp_path, {}, with_bundled=True)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - phrasebook\n", "  - phrasebook:\n      zendesk_placeholders:\n"
        "        customer_name: '{{ticket.requester.first_name}}'\n"))
    stderr = export("zendesk", tmp_path / "out", cwd=project)
    macros = {p.name: json.loads(p.read_text())["macro"]["actions"][0]["value"]
              for p in (tmp_path / "out" / "macros").glob("*.json")}
    text = next(v for v in macros.values() if "{{ticket.requester.first_name}}" in v)
    assert "{customer_name}" not in text
    assert not any("{customer_name}" in v for v in macros.values())
    assert any("[rep_name]" in v for v in macros.values()), "unmapped: visible for the agent"
    warned = re.findall(r"warning export-fill-in phrase `([a-z0-9-]+)`", stderr)
    assert warned and len(warned) == len(set(warned)), "said once per phrase, not per channel"
    assert "{rep_name}" in stderr and "{customer_name}" not in stderr


def test_two_phrases_with_the_same_macro_title_stop_the_export_naming_both(
        tmp_path: Path) -> None:
    twin = """\
        phrases:
          - id: twin-{n}
            title: The same title
            step: listen
            situations: [shouting]
            channels: [chat]
            say: Twin number {n} is speaking.
        """
    project = make_project(tmp_path, {"phrasebook/twin-1.yml": twin.replace("{n}", "1"),
                                      "phrasebook/twin-2.yml": twin.replace("{n}", "2")},
                           with_bundled=True)
    out = tmp_path / "out"
    result = phrasebook("export", "--format", "zendesk", str(out), cwd=project)
    assert result.returncode == 1
    assert re.search(r"phrasebook/twin-2\.yml:2:\d+: error export-clash phrase `twin-2` and "
                     r"phrase `twin-1` get the same Zendesk macro title", result.stderr)
    assert "see phrasebook/twin-1.yml:2:" in result.stderr
    assert not out.exists(), "nothing is written"


# --- csv -------------------------------------------------------------------------------------


def test_csv_has_one_row_per_phrase_and_channel_in_utf8(tmp_path: Path) -> None:
    export("csv", tmp_path / "out")
    raw = (tmp_path / "out" / "phrases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so Excel reads UTF-8"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    handbook = bundled()
    assert list(rows[0]) == ["ID", "Step", "Situations", "Channel", "Text", "Avoid", "Why",
                             "Link", "Channel ID"]
    assert [(r["ID"], r["Channel ID"]) for r in rows] == [
        (p.id, c) for p in handbook.phrases for c in p.channels]
    first = rows[0]
    phrase = handbook.phrases[0]
    assert first["Text"] == phrase.text_for(first["Channel ID"])  # type: ignore[arg-type]
    assert first["Channel"] == {"phone": "Phone", "chat": "Chat", "email": "Email",
                                "in-person": "In person"}[first["Channel ID"]]
    assert first["Situations"] == " | ".join(
        handbook.index["situation"][s].title for s in phrase.situations)  # type: ignore[attr-defined]
    assert first["Link"].endswith(f"#{phrase.id}")


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(
        tmp_path: Path) -> None:
    project = make_project(tmp_path, {"phrasebook/formula.yml": """\
        phrases:
          - id: formula
            step: listen
            situations: [shouting]
            channels: [chat]
            say: =HYPERLINK("http://evil.example", "Click me") is not what we say.
            avoid:
              - text: '@xyzzy plugh'
            why: +1 is not a reason.
        """}, with_bundled=True)
    export("csv", tmp_path / "out", cwd=project)
    text = (tmp_path / "out" / "phrases.csv").read_text(encoding="utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["ID"] == "formula")
    assert row["Text"] == "'=HYPERLINK(\"http://evil.example\", \"Click me\") is not what we say."
    assert row["Avoid"] == "'@xyzzy plugh"
    assert row["Why"] == "'+1 is not a reason."
    assert not any(v.startswith(("=", "+", "-", "@")) for r in csv.reader(io.StringIO(text))
                   for v in r)


# --- espanso ---------------------------------------------------------------------------------


def test_espanso_package_has_a_unique_trigger_per_phrase_and_written_channel(
        tmp_path: Path) -> None:
    export("espanso", tmp_path / "out")
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == [
        ".phrasebook-output", "README.md", "_manifest.yml", "package.yml"]  # see outdir.py
    package = yaml.safe_load((out / "package.yml").read_text(encoding="utf-8"))
    jsonschema.validate(package, ESPANSO_PACKAGE)
    jsonschema.validate(yaml.safe_load((out / "_manifest.yml").read_text()), ESPANSO_MANIFEST)
    triggers = [match["trigger"] for match in package["matches"]]
    assert triggers == [f":{id}/{channel}" for id, channel in written_lines(bundled())]
    ordered = sorted(triggers)
    assert not any(b.startswith(a) for a, b in itertools.pairwise(ordered)), \
        "no trigger begins another (espanso would fire the shorter one first)"
    assert "`:here-to-help/chat`" in (out / "README.md").read_text()


def test_espanso_turns_fill_ins_into_form_fields(tmp_path: Path) -> None:
    export("espanso", tmp_path / "out")
    package = yaml.safe_load((tmp_path / "out" / "package.yml").read_text(encoding="utf-8"))
    phrase = bundled().index["phrase"]["chat-queue-greeting"]
    match = next(x for x in package["matches"] if x["trigger"] == ":chat-queue-greeting/chat")
    assert match["form"] == phrase.say.replace("{rep_name}", "[[rep_name]]")  # type: ignore
    assert not any("{" in x.get("replace", "") for x in package["matches"])


def test_a_text_espanso_would_read_as_its_own_fields_is_left_out_and_said_once(
        tmp_path: Path) -> None:
    project = make_project(tmp_path, {"phrasebook/braces.yml": """\
        phrases:
          - id: braces
            step: listen
            situations: [shouting]
            say: Type [[this]] exactly.
        """}, with_bundled=True)
    stderr = export("espanso", tmp_path / "out", cwd=project)
    assert stderr.count("warning export-literal phrase `braces`") == 1
    assert ":braces/" not in (tmp_path / "out" / "package.yml").read_text()


# --- vale ------------------------------------------------------------------------------------


def _rules(out: Path) -> dict[str, dict[str, object]]:
    return {p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            for p in sorted((out / "styles" / "Phrasebook").glob("*.yml"))}


def _matches(rule: dict[str, object], line: str) -> bool:
    """How Vale applies a rule: `\\b` around each pattern unless `nonword`, ignoring case."""
    patterns = list(rule.get("tokens") or rule.get("swap") or [])  # type: ignore[call-overload]
    edge = "" if rule.get("nonword") else r"\b"
    return any(re.search(edge + p + edge, line, re.IGNORECASE) for p in patterns)


def test_vale_style_has_a_rule_per_avoided_phrase_in_vale_s_rule_format(
        tmp_path: Path) -> None:
    export("vale", tmp_path / "out")
    ini = configparser.ConfigParser()
    ini.read_string("[top]\n" + (tmp_path / "out" / ".vale.ini").read_text())
    assert ini["top"]["StylesPath"] == "styles"
    assert ini["*"]["BasedOnStyles"] == "Phrasebook"
    rules = _rules(tmp_path / "out")
    avoids = [(p, a) for p in bundled().phrases for a in p.avoid]
    assert len(rules) == len(avoids)
    for rule in rules.values():
        jsonschema.validate(rule, VALE_RULE)
    kinds = {str(rule["extends"]) for rule in rules.values()}
    assert kinds == {"existence", "substitution"}, "short alternatives are substitutions"


def test_each_vale_rule_fires_on_its_avoided_phrase_s_specs_and_not_on_its_silent_ones(
        tmp_path: Path) -> None:
    export("vale", tmp_path / "out")
    rules = list(_rules(tmp_path / "out").values())
    for phrase in bundled().phrases:
        for avoid in phrase.avoid:
            rule = next(r for r in rules if _matches(r, avoid.text))
            for line in avoid.fires:
                assert _matches(rule, line), (avoid.text, line)
                assert _matches(rule, line.replace("'", "\u2019")), "curly apostrophes too"
            for line in avoid.silent:
                assert not _matches(rule, line), (avoid.text, line)


def test_vale_rules_say_why_and_offer_the_house_alternative(tmp_path: Path) -> None:
    export("vale", tmp_path / "out")
    rules = _rules(tmp_path / "out")
    calm = rules["calm-down"]
    assert "dismisses the feeling" in str(calm["message"])
    sub = next(r for r in rules.values() if r["extends"] == "substitution")
    assert str(sub["message"]).startswith("Say '%s' instead of '%s'.")


# --- all formats -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "zendesk", "csv", "espanso", "vale"])
def test_the_same_input_exports_the_same_bytes(fmt: str, tmp_path: Path) -> None:
    export(fmt, tmp_path / "a")
    export(fmt, tmp_path / "b")
    a = {p.relative_to(tmp_path / "a"): p.read_bytes()
         for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes()
         for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a == b and a


# --- a 10,000-phrase handbook ----------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """benchmarks/synth.py's 10,000-phrase handbook, as the benchmark exports it."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    folder = tmp_path_factory.mktemp("synthetic") / "ours"
    synth.write_ours(synth.content(10_000), folder)
    return folder


@pytest.fixture(scope="module")
def synthetic_handbook(synthetic: Path) -> m.Handbook:
    settings = from_mkdocs_yml(synthetic / "mkdocs.yml")
    return load(settings.content, settings.root, settings.channels)


@pytest.mark.parametrize("fmt", ["markdown", "zendesk", "csv", "espanso", "vale"])
def test_every_format_exports_a_10000_phrase_handbook_in_its_shape(
        fmt: str, synthetic: Path, synthetic_handbook: m.Handbook, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(fmt, out, "-f", str(synthetic / "mkdocs.yml"))
    handbook = synthetic_handbook
    assert len(handbook.phrases) == 10_000
    if fmt == "markdown":
        config = yaml.safe_load((out / "mkdocs.yml").read_text())
        assert all((out / "docs" / t).is_file() for t in _nav_targets(config["nav"]))
        index = Index.in_folder(out / "docs/assets/phrasebook")
        rows = [row for row in index.rows() if "k" not in row]
        assert len(rows) == 10_000
        for row in rows[::500]:
            page, anchor = row["u"].split("#")
            assert f'id="{anchor}"' in (out / "docs" / page.replace(".html", ".md")).read_text()
    elif fmt == "zendesk":
        files = list((out / "macros").glob("*.json"))
        assert len(files) == len(written_lines(handbook))
        for file in files[::50]:
            jsonschema.validate(json.loads(file.read_text(encoding="utf-8")), ZENDESK_MACRO)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(
            (out / "phrases.csv").read_text(encoding="utf-8-sig"))))
        assert len(rows) == sum(len(p.channels) for p in handbook.phrases)
    elif fmt == "espanso":
        package = yaml.load((out / "package.yml").read_text(encoding="utf-8"),
                            Loader=yaml.CSafeLoader)
        assert len(package["matches"]) == len(written_lines(handbook))
        # The schema's checks are per match: every 20th stands for the rest.
        jsonschema.validate({**package, "matches": package["matches"][::20]}, ESPANSO_PACKAGE)
    else:
        rules = _rules(out)
        assert len(rules) == sum(len(p.avoid) for p in handbook.phrases)
        for rule in list(rules.values())[::20]:
            jsonschema.validate(rule, VALE_RULE)


def _nav_targets(nav: list[object]) -> list[str]:
    found: list[str] = []
    for item in nav:
        for value in (item.values() if isinstance(item, dict) else [item]):
            found += _nav_targets(value) if isinstance(value, list) else [str(value)]
    return found


def test_a_trigger_that_begins_another_is_a_clash_naming_both_phrases() -> None:
    """espanso fires a trigger as soon as it is typed: `:a/chat` would fire before
    `:a/chat-vip` could be finished. Ids cannot collide, but a team's channel names can."""
    from service_phrasebook.diagnostic import ContentError
    from service_phrasebook.export.common import unique

    first, second = bundled().phrases[:2]
    with pytest.raises(ContentError) as raised:
        unique([(f":{first.id}/chat", first), (f":{first.id}/chat-vip", second)],
               "espanso trigger", "rename one", clash=lambda a, b: b.startswith(a))
    (error,) = raised.value.diagnostics
    assert error.rule == "export-clash" and error.severity == "error"
    assert f"`{second.id}`" in str(error.message) and f"`{first.id}`" in str(error.message)
    assert error.at == second.at and error.related == (first.at,)
    unique([(f":{first.id}/chat", first), (f":{second.id}/chat", second)], "espanso trigger",
           "rename one", clash=lambda a, b: b.startswith(a))  # no clash, no error
