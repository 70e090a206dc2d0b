"""The command line itself speaks the handbook's language: `--help` (ours and argparse's
headings), the usage line and a usage error (issue 21).

argparse's words come from our catalogs too (generator/argparse_words.py): its English text is
the key's msgid. So these tests hold argparse's texts and our catalogs together, and run the
real command in a handbook made by `phrasebook init --language`, scanning what it prints for
the English catalog (tests/test_whole_language.py's scan) and for argparse's English words.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from service_phrasebook import argparse_words
from service_phrasebook import labels as L
from service_phrasebook.pagesplit import _stopped
from test_whole_language import english_for, english_in

LANGUAGES = ("de", "fr", "es")
# What argparse says only to a programmer building a parser wrongly: never to someone
# running a command, so not in the catalogs.
PROGRAMMER_ONLY = {
    ".__call__() not defined", "conflicting subparser: %s", "conflicting subparser alias: %s",
    "cannot merge actions - two groups are named %r",
    "'required' is an invalid argument for positionals",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r", "invalid conflict_resolution value: %r",
    "conflicting option string: %s", "mutually exclusive arguments must be optional",
    "cannot have multiple subparser arguments", "%r is not callable",
}
# argparse's English a reader would notice, beyond our catalog's sentences (a word alone,
# "usage:", is not something the catalog scan looks for).
ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments", "error:",
                    "unrecognized arguments", "show this help", "the following arguments",
                    "invalid choice", "expected one argument")
_FILL_IN = re.compile(r"%(?:\([a-z_]+\))?[a-z%]")


def argparse_texts() -> set[str]:
    """Every text this Python's argparse passes to `_()` or `ngettext()` (singular)."""
    tree = ast.parse(inspect.getsource(argparse))
    return {call.args[0].value for call in ast.walk(tree)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id in ("_", "ngettext") and call.args
            and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)}


def test_every_text_argparse_says_to_a_user_is_in_the_catalog() -> None:
    said = argparse_texts()
    assert len(said) > 20 and "usage: " in said, "the scan finds argparse's texts"
    ours = set(argparse_words._keys())
    assert sorted(said - ours - PROGRAMMER_ONLY) == [], "add them as argparse_* keys"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translation_keeps_every_fill_in_argparse_gives(language: str) -> None:
    """argparse fills its texts and our help texts with `%`: a fill-in lost or added in a
    translation would stop the command line with a TypeError."""
    with (L.LOCALES / f"{language}.po").open("rb") as file:
        catalog = {m.context: m for m in read_po(file, locale=language) if m.context}
    for key, english in L.english().items():
        if not key.startswith(("argparse_", "cli_")):
            continue
        wanted = sorted(_FILL_IN.findall(english[-1]))
        strings = catalog[key].string
        for form in strings if isinstance(strings, tuple) else (strings,):
            assert sorted(_FILL_IN.findall(form)) == wanted, f"{language}: {key}"


def _env(**more: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return {**clean, "LANG": "C.UTF-8", **more}


def run(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service_phrasebook.cli", *args], cwd=cwd,
                          env=_env(**env), capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def handbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A handbook per language, as `phrasebook init --language` makes it."""
    where = tmp_path_factory.mktemp("cli-language")
    for language in ("en", *LANGUAGES):
        made = run("init", language, "--language", language, cwd=where)
        assert made.returncode == 0, made.stderr
    return {language: where / language for language in ("en", *LANGUAGES)}


# What a team types when it does not know the command line yet, and what it gets wrong.
ASKED = [(("--help",), 0), (("check", "--help"), 0), (("check", "--bogus"), 2),
         (("export", "--help"), 0), ((), 2), (("chekc",), 2), (("check", "--format", "xml"), 2),
         (("reply", "--channel"), 2), (("export",), 2)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_help_usage_and_usage_errors_are_in_the_handbook_s_language(
        language: str, handbooks: dict[str, Path]) -> None:
    folder = handbooks[language]
    content = " ".join(p.read_text("utf-8") for p in sorted((folder / "handbook").glob("*.yml")))
    english = english_for(language, content)
    own = " ".join(t for forms in L.translated(language)[0].values() for t in forms)
    argparse_english = [w for w in ARGPARSE_ENGLISH if w not in own]  # Spanish: "error:"
    found = {}
    for args, status in ASKED:
        result = run(*args, cwd=folder)
        assert result.returncode == status, result.stderr
        said = result.stdout + result.stderr
        assert said.strip(), "the command said something"
        hits = english_in(said, english) + [w for w in argparse_english if w in said]
        if hits:
            found[" ".join(args)] = hits
    assert found == {}


def test_help_reads_as_it_is_written_in_each_language(handbooks: dict[str, Path]) -> None:
    german = run("check", "--help", cwd=handbooks["de"]).stdout
    assert german.startswith("Aufruf: phrasebook check [-h] [-f DATEI]")
    assert "\nOptionen:\n" in german and "diese Hilfe zeigen und beenden" in german
    french = run("check", "--bogus", cwd=handbooks["fr"])
    assert french.stderr.endswith(
        "phrasebook\u202f: erreur\u202f: arguments non reconnus\u202f: --bogus\n")
    spanish = run("export", cwd=handbooks["es"])
    assert spanish.stderr.startswith("uso: phrasebook export")
    assert spanish.stderr.endswith("faltan argumentos obligatorios: CARPETA\n")


def test_english_stays_english(handbooks: dict[str, Path]) -> None:
    top = run("--help", cwd=handbooks["en"])
    assert top.stdout.startswith("usage: phrasebook [-h] COMMAND ...")
    assert "\noptions:\n  -h, --help  show this help message and exit" in top.stdout
    assert "Build, serve and check a customer-service handbook written in YAML." in top.stdout
    wrong = run("check", "--bogus", cwd=handbooks["en"])
    assert wrong.returncode == 2
    assert wrong.stderr.endswith("phrasebook: error: unrecognized arguments: --bogus\n")


def test_the_language_comes_from_the_file_the_command_names(
        handbooks: dict[str, Path], tmp_path: Path) -> None:
    """-f names the handbook (read before the command line is parsed); with none to read,
    the locale, as for every other message; `init --language` names its own."""
    named = run("check", "-f", str(handbooks["de"] / "mkdocs.yml"), "--bogus", cwd=tmp_path)
    assert "Fehler: unbekannte Argumente: --bogus" in named.stderr
    glued = run("check", f"--config-file={handbooks['fr'] / 'mkdocs.yml'}", "--help",
                cwd=handbooks["de"])
    assert "afficher cette aide et quitter" in glued.stdout
    assert "uso: phrasebook" in run("--help", cwd=tmp_path, LANG="es_ES.UTF-8").stdout
    made = run("init", "neu", "--language", "de", "--bogus", cwd=tmp_path, LANG="fr_FR.UTF-8")
    assert made.returncode == 2 and "Fehler: unbekannte Argumente" in made.stderr
    missing = run("check", "-f", cwd=handbooks["es"])
    assert "argumento -f/--config-file: se esperaba un valor" in missing.stderr


@pytest.mark.parametrize(("end", "english", "french"), [
    (lambda: os._exit(3), "the second build process stopped (exit status 3)",
     "le second processus de construction s’est arrêté (code de sortie 3)"),
    (lambda: os.kill(os.getpid(), signal.SIGKILL),
     "the second build process stopped (signal 9)",
     "le second processus de construction s’est arrêté (signal 9)"),
])
def test_a_second_build_process_that_ended_badly_is_told_in_the_language(
        end: Callable[[], None], english: str, french: str) -> None:
    child = os.fork()
    if child == 0:
        end()
        os._exit(0)
    _, status = os.waitpid(child, 0)
    assert str(_stopped(status)) == english
    assert L.labels_for("fr")[0].say(_stopped(status)) == french
