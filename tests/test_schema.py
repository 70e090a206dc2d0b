"""The JSON Schema editors use is generated from the model and accepts exactly our content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml
from conftest import ROOT, phrasebook
from service_phrasebook.load import content_files
from service_phrasebook.schema import SCHEMA_FILE, schema

CONTENT = [ROOT / "content", ROOT / "phrasebook"]


class AsEditorsSeeIt(yaml.SafeLoader):
    """YAML as the language server reads it: a date is a string in JSON."""


AsEditorsSeeIt.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_the_committed_schema_is_the_one_the_model_generates() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == schema(), "run `python -m service_phrasebook.schema` and commit the result"


def test_phrasebook_schema_prints_it() -> None:
    result = phrasebook("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == schema()


def test_the_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


def test_every_bundled_content_file_validates_and_points_editors_at_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(schema())
    for path in content_files(CONTENT):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0]
        relative = Path(first.split("$schema=", 1)[-1])
        assert first.startswith("# yaml-language-server: $schema="), path
        assert (path.parent / relative).resolve() == SCHEMA_FILE, path
        errors = [e.message for e in validator.iter_errors(yaml.load(text, AsEditorsSeeIt))]
        assert errors == [], f"{path}: {errors}"


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    validator = jsonschema.Draft202012Validator(schema())
    misspelt = {"phrases": [{"id": "x", "step": "listen", "situations": ["a"], "say": "Hi",
                             "aviod": ["calm down"]}]}
    bad_id = {"situations": [{"id": "Not A Slug", "title": "T"}]}
    two_speakers = {"examples": [{"id": "e", "title": "T", "channel": "phone", "setting": "S",
                                  "takeaway": "T",
                                  "dialogue": [{"rep": "a", "customer": "b", "step": "x"}]}]}
    for document in (misspelt, bad_id, two_speakers):
        assert list(validator.iter_errors(document)), document
