"""The YAML parser's own words inside a `yaml-syntax` error are in the handbook's language
(issue 21): "fin de archivo inesperado (al leer un texto entre comillas)", not "found
unexpected end of stream (while scanning a quoted scalar)".

The loader is libyaml (PyYAML's C parser) where PyYAML has it, else PyYAML's pure-Python
parser; each text of theirs is a `yaml_says_*` catalog key whose msgid is that text, a value
written `{name}` (generator/yaml_words.py). These tests break files the way authors do, run
`phrasebook check` in handbooks made by `init --language` and read what it prints; load the
same files with the Python parser; and hold the catalog to every text either parser can give.
"""

from __future__ import annotations

import ast
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from service_phrasebook import labels as L
from service_phrasebook import source, yaml_words
from service_phrasebook.messages import Message

LANGUAGES = ("de", "fr", "es")
_FILL_IN = re.compile(r"\{[a-z_]+\}")

# Every problem and context text the loader can be given, from libyaml 0.2.5's src/scanner.c,
# src/parser.c and src/reader.c (the version PyYAML's wheels link) and PyYAML's
# yaml/_yaml.pyx (CParser's composer). Left out, as they cannot reach the loader: reader.c's
# UTF-16 and UTF-8 decoding texts and "input is too long" / "input error" (the loader hands
# libyaml a Python str, encoded to valid UTF-8, of at most 2 MB), and the emitter's texts.
LIBYAML_TEXTS = {
    # scanner.c: problems
    "block sequence entries are not allowed in this context",
    "could not find expected ':'", "could not find expected directive name",
    "did not find URI escaped octet", "did not find expected '!'",
    "did not find expected alphabetic or numeric character",
    "did not find expected comment or line break",
    "did not find expected digit or '.' character", "did not find expected hexdecimal number",
    "did not find expected tag URI", "did not find expected version number",
    "did not find expected whitespace or line break", "did not find expected whitespace",
    "did not find the expected '>'", "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected",
    "found an incorrect leading UTF-8 octet", "found an incorrect trailing UTF-8 octet",
    "found an indentation indicator equal to 0", "found character that cannot start any token",
    "found extremely long version number", "found invalid Unicode character escape code",
    "found unexpected ':'", "found unexpected document indicator",
    "found unexpected end of stream", "found unexpected non-alphabetical character",
    "found unknown directive name", "found unknown escape character",
    "mapping keys are not allowed in this context",
    "mapping values are not allowed in this context",
    # scanner.c: contexts
    "while parsing a %TAG directive", "while parsing a quoted scalar",
    "while parsing a tag directive", "while parsing a tag", "while scanning a %TAG directive",
    "while scanning a %YAML directive", "while scanning a block scalar",
    "while scanning a directive", "while scanning a plain scalar",
    "while scanning a quoted scalar", "while scanning a simple key",
    "while scanning a tag directive", "while scanning a tag", "while scanning an alias",
    "while scanning an anchor", "while scanning for the next token",
    # parser.c
    "did not find expected ',' or ']'", "did not find expected ',' or '}'",
    "did not find expected '-' indicator", "did not find expected <document start>",
    "did not find expected <stream-start>", "did not find expected key",
    "did not find expected node content", "found duplicate %TAG directive",
    "found duplicate %YAML directive", "found incompatible YAML document",
    "found undefined tag handle", "while parsing a block collection",
    "while parsing a block mapping", "while parsing a block node",
    "while parsing a flow mapping", "while parsing a flow node",
    "while parsing a flow sequence", "while parsing a node",
    # _yaml.pyx: CParser's composer
    "found undefined alias", "found duplicate anchor; first occurrence", "second occurrence",
    "expected a single document in the stream", "but found another document",
    "exceeded maximum nesting depth",
    # reader.c, for a str
    "control characters are not allowed",
}

# Every problem and context template of PyYAML's pure-Python parser, as its source writes them
# (yaml/scanner.py, parser.py, composer.py, reader.py): a `%s` is filled with one of a few
# words (PYTHON_WORDS), a `%r` or `%d` with what was found. The constructor's texts are not
# here: the loader composes and never constructs.
PYTHON_TEMPLATES = {
    "could not find expected ':'", "expected ' ', but found %r", "expected '!', but found %r",
    "expected '>', but found %r",
    "expected URI escape sequence of 2 hexadecimal numbers, but found %r",
    "expected URI, but found %r", "expected a comment or a line break, but found %r",
    "expected a digit or ' ', but found %r", "expected a digit or '.', but found %r",
    "expected a digit, but found %r", "expected alphabetic or numeric character, but found %r",
    "expected chomping or indentation indicators, but found %r",
    "expected escape sequence of %d hexadecimal numbers, but found %r",
    "expected indentation indicator in the range 1-9, but found 0",
    "found character %r that cannot start any token", "found unexpected document separator",
    "found unexpected end of stream", "found unknown escape character %r",
    "mapping keys are not allowed here",
    "mapping values are not allowed here", "sequence entries are not allowed here",
    "while parsing a %s", "while parsing a tag", "while scanning a %s",
    "while scanning a block scalar", "while scanning a directive",
    "while scanning a double-quoted scalar", "while scanning a quoted scalar",
    "while scanning a simple key", "while scanning a tag", "while scanning an %s",
    "while scanning for the next token",
    "duplicate tag handle %r", "expected ',' or ']', but got %r",
    "expected ',' or '}', but got %r", "expected '<document start>', but found %r",
    "expected <block end>, but found %r", "expected the node content, but found %r",
    "found duplicate YAML directive",
    "found incompatible YAML document (version 1.* is required)",
    "found undefined tag handle %r", "while parsing a %s node",
    "while parsing a block collection", "while parsing a block mapping",
    "while parsing a flow mapping", "while parsing a flow sequence", "while parsing a node",
    "but found another document", "expected a single document in the stream",
    "found duplicate anchor %r; first occurrence", "found undefined alias %r",
    "second occurrence", "special characters are not allowed",
}
PYTHON_WORDS = {"while parsing a %s": ("directive", "tag"),
                "while scanning a %s": ("directive", "tag"),
                "while scanning an %s": ("alias", "anchor"),
                "while parsing a %s node": ("block", "flow")}
# What these modules pass to an error that is not a problem or a context: the Reader's
# encoding.
PYTHON_NOT_SHOWN = {"unicode"}
_PYTHON_FILL_IN = re.compile(r"%[rd]")


def python_texts() -> set[str]:
    """Each text PyYAML's Python parser can say: its templates with their `%s` words in."""
    return {t % word for t in PYTHON_TEMPLATES for word in PYTHON_WORDS.get(t, (None,))
            if word is not None} | {t for t in PYTHON_TEMPLATES if t not in PYTHON_WORDS}


def sample(text: str) -> str:
    """`text` as the parser fills it: a character in Python's quotes, a number."""
    return _PYTHON_FILL_IN.sub(lambda m: "4" if m.group() == "%d" else repr("\t"), text)


def as_pattern(text: str) -> re.Pattern[str]:
    """What `text` looks like filled in, wherever it is in an output."""
    return re.compile(".+?".join(re.escape(p) for p in _PYTHON_FILL_IN.split(text)))


# What authors write wrong, one file each: name, text.
BROKEN = {
    "unclosed-quote": 'id: greet\nsay: "Hello there\n',
    "unclosed-single-quote": "id: greet\nsay: 'Hello there\n",
    "tab-indentation": "phrases:\n\t- id: greet\n",
    "bad-indentation": "phrases:\n  - id: greet\n    say: Hello\n   step: listen\n",
    "unexpected-end": "phrases: [greet, thanks\n",
    "unclosed-mapping": "phrase: {id: greet, say: Hello\n",
    "undefined-alias": "phrases:\n  - *greet\n",
    "duplicate-anchor": "a: &x 1\nb: &x 2\n",
    "colon-in-plain-text": "say: Note: we call back\n",
    "at-sign": "say: @team will call\n",
    "unknown-escape": 'say: "a \\q b"\n',
    "two-documents": "id: greet\n---\nid: thanks\n",
    "block-entry-in-value": "say: Hello\n- thanks\n",
    "unclosed-tag": "say: !<x Hello\n",
    "key-without-colon": "id: greet\nsay\nstep: listen\n",
    "yaml-2": "%YAML 2.0\n---\nid: greet\n",
}


def said_by_the_loader(text: str) -> list[str]:
    """The problem and context the real loader gives for `text`."""
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.compose(text, Loader=source._Loader)
    error = caught.value
    return [t for t in (getattr(error, "problem", None), getattr(error, "context", None)) if t]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service_phrasebook.cli", *args], cwd=cwd,
                          env={**{k: v for k, v in os.environ.items()
                                  if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")},
                               "LANG": "C.UTF-8"},
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What `phrasebook check` prints in a handbook of each language with every broken file."""
    where = tmp_path_factory.mktemp("yaml-words")
    said = {}
    for language in ("en", *LANGUAGES):
        made = run("init", language, "--language", language, cwd=where)
        assert made.returncode == 0, made.stderr
        for name, text in BROKEN.items():
            (where / language / "handbook" / f"{name}.yml").write_text(text, "utf-8")
        result = run("check", cwd=where / language)
        assert result.returncode == 1, result.stderr
        said[language] = result.stdout + result.stderr
    return said


def test_the_broken_files_provoke_many_of_the_loader_s_texts() -> None:
    provoked = {t for text in BROKEN.values() for t in said_by_the_loader(text)}
    assert provoked <= LIBYAML_TEXTS, "the list holds what the loader says"
    assert len(provoked) >= 18


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_of_the_parser_is_left_in_a_handbook_s_language(
        language: str, checked: dict[str, str]) -> None:
    output = checked[language]
    for name in BROKEN:
        assert f"handbook/{name}.yml:" in output, f"{name} is reported"
    assert [t for t in LIBYAML_TEXTS if t in output] == []
    assert "found" not in output and "while " not in output


def test_an_english_handbook_keeps_the_parser_s_own_words(checked: dict[str, str]) -> None:
    output = checked["en"]
    shown = {t for text in BROKEN.values() for t in said_by_the_loader(text) if t in output}
    assert {"found unexpected end of stream", "while scanning a quoted scalar",
            "found undefined alias", "mapping values are not allowed in this context",
            "did not find expected ',' or ']'", "while parsing a flow sequence",
            "found character that cannot start any token", "did not find expected key",
            "while parsing a block mapping", "found unknown escape character",
            "expected a single document in the stream", "but found another document",
            } <= shown
    assert ("YAML syntax: found unexpected end of stream (while scanning a quoted scalar)"
            in output)


def test_each_text_reads_in_each_language() -> None:
    said = source.compose('say: "Hello there\n', "handbook/phrases.yml")[1][0].message
    assert L.labels_for("es")[0].say(said) == (
        "sintaxis YAML: fin de archivo inesperado (al leer un texto entre comillas)")
    assert L.labels_for("fr")[0].say(said) == (
        "syntaxe YAML\u202f: fin de fichier inattendue (en lisant un texte entre guillemets)")
    assert L.labels_for("de")[0].say(said) == (
        "YAML-Syntax: die Datei endet unerwartet "
        "(beim Lesen eines Texts in Anführungszeichen)")
    assert str(said) == (
        "YAML syntax: found unexpected end of stream (while scanning a quoted scalar)")


def test_every_text_the_loader_can_be_given_has_a_catalog_entry() -> None:
    assert sorted(LIBYAML_TEXTS - set(yaml_words.known())) == []
    python = {_PYTHON_FILL_IN.sub("{}", t) for t in python_texts()}
    ours = {_FILL_IN.sub("{}", t) for t in yaml_words.known()}
    assert sorted(ours - LIBYAML_TEXTS - python) == [], "no entry for nothing"
    assert sorted(python - ours) == []


def test_a_text_the_catalog_does_not_have_stays_the_parser_s_english() -> None:
    assert yaml_words.spoken("found something no parser says") == (
        "found something no parser says")
    assert yaml_words.spoken("found unexpected end of stream") != (
        "found unexpected end of stream")


def test_the_list_holds_every_text_of_pyyaml_s_python_parser() -> None:
    """Read from the installed PyYAML: each string its parser's modules hand to an error."""
    found = set()
    for module in (yaml.scanner, yaml.parser, yaml.composer, yaml.reader):
        for call in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(call, ast.Call) and getattr(call.func, "id", "").endswith("Error"):
                for arg in call.args:
                    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Mod):
                        arg = arg.left
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.add(arg.value)
    assert found == PYTHON_TEMPLATES | PYTHON_NOT_SHOWN


def test_every_text_of_the_python_parser_is_translated_and_reads_back_in_english() -> None:
    for text in sorted(python_texts()):
        said = sample(text)
        message = yaml_words.spoken(said)
        assert isinstance(message, Message), f"no key for {text!r}"
        assert str(message) == said
        for language in LANGUAGES:
            shown = L.labels_for(language)[0].say(message)
            assert not as_pattern(text).search(shown), (language, shown)
            assert "\\t" in shown or "%r" not in text, "the value is kept"


@pytest.fixture
def python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader as it is where PyYAML was built without libyaml."""
    monkeypatch.setattr(source, "_Loader", source._PythonLoader)
    monkeypatch.setattr(source, "_LIMITS_NESTING", source.limits_nesting(source._PythonLoader))


@pytest.mark.usefixtures("python_parser")
def test_with_the_python_parser_the_broken_files_speak_the_language_too() -> None:
    patterns = [as_pattern(t) for t in python_texts()]
    english_shown = set()
    for name, text in BROKEN.items():
        diagnostics = source.compose(text, f"handbook/{name}.yml")[1]
        assert diagnostics, name
        english = str(diagnostics[0].message)
        english_shown |= {t for t in python_texts() if as_pattern(t).search(english)}
        for language in LANGUAGES:
            shown = L.labels_for(language)[0].say(diagnostics[0].message)
            assert [p.pattern for p in patterns if p.search(shown)] == [], (name, shown)
    assert {"found unexpected end of stream", "found undefined alias %r",
            "found character %r that cannot start any token",
            "mapping values are not allowed here", "expected <block end>, but found %r",
            "while parsing a block mapping"} <= english_shown
