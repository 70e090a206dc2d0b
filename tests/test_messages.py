"""What the tool says to people is a catalog key and its values until it is printed, in the
handbook's language (generator/messages.py). These tests hold the code and the catalogs
together: every key the code says exists, every rule and record is explained in every
language, and one finding reads the same in any language but for its words."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, make_project, phrasebook
from service_phrasebook import check, diagnostic, messages
from service_phrasebook import labels as L
from service_phrasebook import model as m
from service_phrasebook.load.fields import KIND_OF
from service_phrasebook.messages import say
from service_phrasebook.reference import _records

PACKAGE = ROOT / "generator"
_LITERAL_KEY = re.compile(r"\bsay\(\s*\"([a-z0-9_-]+)\"")


def test_every_key_the_code_says_is_in_the_english_catalog() -> None:
    english = L.english()
    said = {key for path in PACKAGE.rglob("*.py")
            for key in _LITERAL_KEY.findall(path.read_text("utf-8"))}
    assert len(said) > 250, "the scan finds the code's messages"
    assert sorted(said - set(english)) == []


def test_keys_made_from_names_exist_for_every_rule_record_and_kind() -> None:
    """Some keys are made from a name (a rule's id, a record's class): a new rule, record or
    kind of entry needs its words in every catalog too."""
    english = L.english()
    found: dict[str, type] = {}
    _records(m.Document, found)
    wanted = [f"rule_{part}_{r.id}" for r in check.RULES for part in ("title", "doc")]
    wanted += [f"rule_{part}_{check.UNUSED_SUPPRESSION}" for part in ("title", "doc")]
    wanted += [f"record_{part}{name}" for name in found for part in ("", "title_", "doc_")]
    wanted += [f"entry_{a}{kind}" for kind in [*KIND_OF.values(), "channel"]
               for a in ("", "a_")]
    assert sorted(k for k in wanted if k not in english) == []


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def test_each_rule_and_record_is_explained_in_english_as_its_docstring_says() -> None:
    """One English text: the docstring a developer reads is what the site shows."""
    english = L.english_labels()
    for r in check.RULES:
        assert english.say(r.doc) == _words(r.run.__doc__), r.id
    found: dict[str, type] = {}
    _records(m.Document, found)
    for name, cls in found.items():
        assert english.say(say(f"record_doc_{name}")) == _words(cls.__doc__), name


@pytest.mark.parametrize("name", ["messages.pot", *(f"{lang}.po" for lang in L.shipped()
                                                     if lang != "en")])
def test_no_key_is_in_a_catalog_twice(name: str) -> None:
    """Babel keeps the last of two entries with one key: an engineer adding a message
    under a key another already used would change that message everywhere."""
    keys = re.findall(r'^msgctxt "(.*)"$', (L.LOCALES / name).read_text("utf-8"), re.M)
    assert sorted({k for k in keys if keys.count(k) > 1}) == []


@pytest.mark.parametrize("language", [lang for lang in L.shipped() if lang != "en"])
def test_each_translation_translates_the_english_text_of_today(language: str) -> None:
    """A .po file repeats the English it translates (msgid): when the English changes, the
    translation must be looked at again, so its msgid must be today's."""
    from babel.messages.pofile import read_po

    with L.TEMPLATE.open("rb") as file:
        template = {m.context: m.id for m in read_po(file) if m.context}
    with (L.LOCALES / f"{language}.po").open("rb") as file:
        catalog = {m.context: m.id for m in read_po(file, locale=language) if m.context}
    assert sorted(k for k in template if catalog.get(k) != template[k]) == []


def test_a_message_is_written_in_each_language_with_its_plural_and_its_numbers() -> None:
    message = say("text_too_long", count=25_000, limit=20_000)
    assert str(message) == "this text has 25,000 characters; the limit is 20,000"
    german = L.labels_for("de")[0]
    assert german.say(message) == "dieser Text hat 25.000 Zeichen; die Grenze liegt bei 20.000"
    french = L.labels_for("fr")[0]
    assert french.say(say("errors", count=1)) == "1 erreur"
    assert french.say(say("errors", count=2)) == "2 erreurs"
    assert french.say(message).startswith("ce texte compte 25\u202f000 caractères")
    nested = say("unknown_reference", kind=say("entry_phrase"), id="{x}")
    assert L.labels_for("es")[0].say(nested) == "ningún elemento de tipo frase tiene el id `{x}`"


def test_a_value_from_content_is_never_read_as_a_placeholder() -> None:
    sly = say("unknown_reference", kind=say("entry_step"), id="{kind.__class__} {id}")
    assert str(sly) == "no step has the id `{kind.__class__} {id}`"


def test_a_message_goes_through_the_cache_and_back_unchanged() -> None:
    message = say("references_not_checked", count=3,
                  message=say("yaml_syntax", problem="could not find expected ':'"))
    plain = messages.plain(message)
    assert messages.unplain(json.loads(json.dumps(plain))) == message
    with pytest.raises(ValueError):
        messages.unplain(["m", "x", [["a", 1.5]], None])


def test_a_diagnostic_keeps_its_place_and_rule_and_changes_its_words() -> None:
    found = diagnostic.Diagnostic(
        m.Span("handbook/a.yml", 3, 7), "error", "unknown-reference",
        say("unknown_reference", kind=say("entry_step"), id="ecouter"),
        say("did_you_mean", name="ecoute"))
    french = L.labels_for("fr")[0]
    assert diagnostic.as_text([found], french).splitlines() == [
        "handbook/a.yml:3:7: erreur unknown-reference aucun élément de type étape n’a "
        "l’identifiant `ecouter`",
        "    conseil\u202f: vouliez-vous dire `ecoute`\u202f?"]
    [record] = json.loads(diagnostic.as_json([found], french))
    assert (record["rule"], record["severity"], record["message_key"]) == (
        "unknown-reference", "error", "unknown_reference"), "for machines: the same"
    assert record["message"].startswith("aucun élément")
    sarif = json.loads(diagnostic.as_sarif([found], check.titles(), french))
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "unknown-reference"
    assert result["message"]["text"].endswith("Conseil\u202f: vouliez-vous dire `ecoute`\u202f?")


def test_a_rule_does_not_know_the_language() -> None:
    """No rule or loader module reads a language or catalog: they say keys and values."""
    for folder in ("check", "load"):
        for path in (PACKAGE / folder).glob("*.py"):
            text = path.read_text("utf-8")
            assert "labels_for" not in text and "english_labels" not in text, path.name


# --- The command line's language -------------------------------------------------------------

GERMAN = """\
    site_name: Team
    theme: {name: material, language: de}
    plugins:
      - phrasebook:
          content: [handbook]
          unknown_option: 1
    """


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-m", "service_phrasebook.cli", *args], cwd=cwd,
                          env={**clean, **env}, capture_output=True, text=True, timeout=300)


def test_a_broken_mkdocs_yml_is_reported_in_the_language_it_names(tmp_path: Path) -> None:
    (tmp_path / "handbook").mkdir()
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(GERMAN), "utf-8")
    result = _run(["check"], tmp_path, LANG="fr_FR.UTF-8")
    assert result.returncode == 2
    assert result.stderr == "phrasebook: mkdocs.yml: unbekannte phrasebook-Option: " \
                            "unknown_option\n", "the handbook's language, not the locale's"


@pytest.mark.parametrize(("environment", "expected"), [
    ({"LANG": "es_ES.UTF-8"}, "no existe ese archivo"),
    ({"LANGUAGE": "fr:de", "LANG": "de_DE.UTF-8"}, "fichier introuvable"),
    ({"LANGUAGE": "pt", "LC_ALL": "de_CH.UTF-8"}, "keine solche Datei"),
    ({"LANG": "C.UTF-8"}, "no such file"),
    ({}, "no such file"),
])
def test_outside_a_handbook_the_locale_chooses(tmp_path: Path, environment: dict[str, str],
                                                expected: str) -> None:
    result = _run(["check"], tmp_path, **environment)
    assert result.returncode == 2 and expected in result.stderr, result.stderr


def test_init_speaks_the_language_it_is_asked_for(tmp_path: Path) -> None:
    result = _run(["init", "guide", "--language", "es"], tmp_path, LANG="de_DE.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "un manual nuevo en guide" in result.stderr and "Después:" in result.stderr


def test_check_in_a_spanish_handbook_counts_in_spanish(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"content/all.yml": """\
        method:
          title: El método
          steps:
            - {id: escuchar, title: Escuchar, goal: Dejar hablar.}
        situations:
          - {id: enfado, title: El cliente está enfadado}
        phrases:
          - {id: x, step: nope, situations: [enfado], say: Hola.}
        """})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("name: material",
                                                       "name: material\n  language: es"))
    result = phrasebook("check", cwd=project)
    assert result.returncode == 1
    assert "content/all.yml:8:19: error unknown-reference ningún elemento de tipo paso " \
           "tiene el id `nope`\n" in result.stdout, result.stdout
    assert result.stderr.endswith("1 error, 0 avisos\n"), result.stderr
