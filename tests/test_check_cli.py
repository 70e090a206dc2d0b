"""`phrasebook check`: the formats a person, a script and a code-scanning dashboard read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXED_DAY, ROOT, make_project, phrasebook

WARNING_ONLY = {
    "phrasebook/extra.yml": """\
        situations:
          - id: nobody-uses-me
            title: Nobody uses me
        """,
}
ERROR = {
    "phrasebook/wrong.yml": """\
        phrases:
          - id: planted
            step: listen
            situations: [shouting]
            say: Calm down, I'm sorry.
        """,
}


def test_the_bundled_handbook_is_clean_even_with_strict() -> None:
    result = phrasebook("check", "--strict")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_exit_1_on_errors_and_the_text_names_each_place(tmp_path: Path) -> None:
    project = make_project(tmp_path, ERROR, with_bundled=True)
    result = phrasebook("check", cwd=project)
    assert result.returncode == 1
    assert "phrasebook/wrong.yml:5:10: error avoided-phrase" in result.stdout
    assert result.stderr.endswith("2 errors, 0 warnings\n")


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    project = make_project(tmp_path, WARNING_ONLY, with_bundled=True)
    relaxed = phrasebook("check", cwd=project)
    assert relaxed.returncode == 0
    assert "phrasebook/extra.yml:2:5: warning situation-without-phrases" in relaxed.stdout
    assert relaxed.stderr.endswith("0 errors, 1 warning\n"), "singular and plural, as said"
    assert phrasebook("check", "--strict", cwd=project).returncode == 1


def test_exit_2_on_a_usage_or_configuration_error(tmp_path: Path) -> None:
    assert phrasebook("check", "--format", "xml").returncode == 2
    assert phrasebook("check", "-f", str(tmp_path / "missing.yml")).returncode == 2
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [search]\n")
    result = phrasebook("check", "-f", str(tmp_path / "mkdocs.yml"))
    assert result.returncode == 2 and "add `- phrasebook`" in result.stderr


MISSPELT_FOLDER = """\
site_name: Test handbook
plugins:
  - search
  - phrasebook:
      content: [content, handbok]
"""


def test_a_content_folder_that_does_not_exist_is_a_configuration_error_at_its_line(
    tmp_path: Path,
) -> None:
    """Every command exits 2 (a configuration problem, as the README says), naming the
    folder's place in mkdocs.yml, and `build` leaves no site behind."""
    project = make_project(tmp_path, {})
    (project / "mkdocs.yml").write_text(MISSPELT_FOLDER, encoding="utf-8")
    for command in (["check"], ["build"], ["export", "out"]):
        result = phrasebook(*command, cwd=project)
        assert result.returncode == 2, (command, result.stderr)
        assert "mkdocs.yml:5:26: the content folder `handbok` does not exist" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (project / "site").exists() and not (project / "out").exists()


def test_the_default_content_folder_missing_points_at_the_plugin(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    (project / "phrasebook").rmdir()
    result = phrasebook("check", cwd=project)
    assert result.returncode == 2
    assert "mkdocs.yml:8:5: the content folder `phrasebook` (the default) does not exist" \
        in result.stderr


def test_json_lists_every_diagnostic_with_its_related_places(tmp_path: Path) -> None:
    project = make_project(tmp_path, ERROR, with_bundled=True)
    result = phrasebook("check", "--format", "json", cwd=project)
    found = json.loads(result.stdout)
    planted = [d for d in found if d["path"] == "phrasebook/wrong.yml"]
    assert {d["rule"] for d in planted} >= {"avoided-phrase"}
    first = planted[0]
    assert set(first) == {"path", "line", "column", "severity", "rule", "message", "hint",
                          "message_key", "related"}
    assert first["related"] and first["related"][0]["path"].endswith(".yml")


# What SARIF 2.1.0 (OASIS) requires of the parts we write; every object we emit is closed, as
# the official schema's `additionalProperties: false` makes it.
_MESSAGE = {"type": "object", "required": ["text"], "additionalProperties": False,
            "properties": {"text": {"type": "string"}}}
_LOCATION = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "minimum": -1},
        "physicalLocation": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "artifactLocation": {"type": "object", "required": ["uri"],
                                     "additionalProperties": False,
                                     "properties": {"uri": {"type": "string"}}},
                "region": {"type": "object", "additionalProperties": False,
                           "properties": {"startLine": {"type": "integer", "minimum": 1},
                                          "startColumn": {"type": "integer", "minimum": 1}}},
            },
        },
    },
}
SARIF = {
    "type": "object", "required": ["version", "runs"], "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {
            "type": "object", "required": ["tool"], "additionalProperties": False,
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"], "additionalProperties": False,
                    "properties": {"name": {"type": "string"}, "rules": {"type": "array",
                                   "items": {"type": "object", "required": ["id"],
                                             "additionalProperties": False, "properties": {
                                                 "id": {"type": "string"},
                                                 "shortDescription": _MESSAGE}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"], "additionalProperties": False,
                    "properties": {
                        "ruleId": {"type": "string"},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": _MESSAGE,
                        "locations": {"type": "array", "items": _LOCATION},
                        "relatedLocations": {"type": "array", "items": _LOCATION},
                    }}},
            }}},
    },
}


def test_sarif_2_1_0_for_code_scanning(tmp_path: Path) -> None:
    import jsonschema

    project = make_project(tmp_path, ERROR, with_bundled=True)
    result = phrasebook("check", "--format", "sarif", cwd=project)
    assert result.returncode == 1
    log = json.loads(result.stdout)
    jsonschema.validate(log, SARIF)
    run = log["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"avoided-phrase", "order"}
    planted = [r for r in run["results"] if r["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"] == "phrasebook/wrong.yml"]
    assert planted[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5, "startColumn": 10}
    assert planted[0]["relatedLocations"], "the avoided phrase's own place"


def test_the_pre_commit_hook_runs_the_strict_check() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["entry"] == "phrasebook check --strict"
    assert hook["pass_filenames"] is False


@pytest.mark.parametrize("command", [
    ("check", "--format", "json", "--no-cache"), ("reply", "--format", "json", "draft.txt")])
def test_a_reader_that_stops_reading_ends_the_command_quietly(
        tmp_path: Path, command: tuple[str, ...]) -> None:
    """`phrasebook reply --format json | head` ended in a BrokenPipeError traceback (issue 19,
    point 13). The reader here takes 100 bytes and closes, as `head -c 100` does; each output
    is far larger than a pipe holds, so the command is still writing when it closes. Every
    command ends in cli.main, which handles this once for all."""
    project = make_project(tmp_path, {
        f"content/ids-{n}.yml": "situations:\n" + "".join(
            f"  - {{id: Bad{i}, title: T}}\n" for i in range(100)) for n in range(20)})
    (project / "draft.txt").write_text("Please calm down. " * 5_000, encoding="utf-8")
    if command[0] == "reply":
        (project / "content" / "ids-0.yml").unlink()  # a handbook that loads, for reply
        for n in range(1, 20):
            (project / "content" / f"ids-{n}.yml").unlink()
        shutil.copytree(ROOT / "content", project / "content", dirs_exist_ok=True)
        shutil.copytree(ROOT / "phrasebook", project / "phrasebook", dirs_exist_ok=True)
    run = subprocess.Popen([sys.executable, "-m", "service_phrasebook.cli", *command],
                           cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_DAY})
    assert run.stdout is not None and run.stderr is not None
    assert len(run.stdout.read(100)) == 100
    run.stdout.close()
    errors = run.stderr.read().decode()
    assert run.wait(timeout=300) == 141, errors
    assert "Traceback" not in errors and "BrokenPipe" not in errors
