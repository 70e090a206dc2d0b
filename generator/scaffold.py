"""`phrasebook init`: a new handbook a team then edits, from the starter files in `starter/`.

The starter files are real files shipped with the package (a site config, a method, two
situations, phrases with avoid lists, a worked example, a source, CI and pre-commit set up),
one folder per language plus `common/`. As written they pass `phrasebook check --strict` and
`mkdocs build --strict`; the tests hold them to it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

from .labels import labels_for
from .messages import say
from .origin import Origin
from .schema import schema
from .settings import ConfigError

STARTER = Path(__file__).with_name("starter")
LANGUAGES = ("en", "de", "fr", "es")
CONTENT = "handbook"  # the starter's content folder, where the schema goes beside the YAML
# Package data leaves out names starting with a dot, so the starter spells `.x` as `dot-x`.
DOT = "dot-"


def _target_name(relative: Path) -> Path:
    return Path(*(f".{p.removeprefix(DOT)}" if p.startswith(DOT) else p
                  for p in relative.parts))


def _files(language: str) -> dict[Path, Path]:
    """Where each starter file goes in the new handbook, and where it comes from."""
    found: dict[Path, Path] = {}
    for folder in (STARTER / "common", STARTER / language):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[_target_name(path.relative_to(folder))] = path
    return found


REQUIREMENTS = "requirements.txt"


def requirements(origin: Origin, language: str) -> str:
    """requirements.txt: what this installation came from, and, in the handbook's language,
    what the file is for and, when it names a place on this machine, that CI cannot reach it."""
    labels, _ = labels_for(language)
    said = [labels.text("requirements_intro")]
    if origin.local is not None:
        said.append(labels.text("requirements_local", path=str(origin.local)))
    # No line break at a no-break space (French puts one before a colon).
    comment = "\n".join(
        textwrap.fill(text.replace("\u202f", "\0"), 88, initial_indent="# ",
                      subsequent_indent="# ", break_on_hyphens=False,
                      break_long_words=False).replace("\0", "\u202f") for text in said)
    return f"{comment}\n{origin.requirement}\n"


def create(target: Path, language: str = "en", origin: Origin | None = None) -> list[Path]:
    """Write a new handbook into `target`, which must not exist or be an empty folder; its
    requirements.txt installs the phrasebook from `origin` (by name from an index, without).

    Everything is written into a temporary folder beside it and moved into place at the end,
    so a failure leaves nothing behind and an existing folder is never touched."""
    if language not in LANGUAGES:
        raise ConfigError(say("no_starter", language=language, languages=", ".join(LANGUAGES)))
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ConfigError(say("init_file" if not target.is_dir() else "init_not_empty"), target)
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        files = _files(language)
        for name, source in files.items():
            (fresh / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, fresh / name)
        (fresh / REQUIREMENTS).write_text(
            requirements(origin or Origin("service-phrasebook"), language), encoding="utf-8")
        schema_file = fresh / CONTENT / "schema.json"
        schema_file.write_text(json.dumps(schema(), indent=2, ensure_ascii=False) + "\n",
                               encoding="utf-8")
        if target.exists():
            target.rmdir()  # empty, checked above
        os.rename(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return sorted(target / name for name in [*files, Path(REQUIREMENTS),
                                             Path(CONTENT, "schema.json")])
