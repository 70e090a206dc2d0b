"""The few settings a team can change, read from the `phrasebook` plugin entry of mkdocs.yml.

The command line reads them without starting MkDocs, so `phrasebook check` stays fast and
works in a CI job that never builds the site.
"""

from __future__ import annotations

import datetime as dt
import os
import string
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import labels


def today() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names, so a rebuild of old input is identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


REVIEW_DAYS = 365
PHONE_MAX_WORDS = 35


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path = Path(".")
    content: tuple[Path, ...] = (Path("content"), Path("phrasebook"))
    review_days: int = REVIEW_DAYS
    phone_max_words: int = PHONE_MAX_WORDS
    author_pages: bool = False
    today: dt.date = field(default_factory=today)
    language: str = "en"  # Material's theme.language: the language of the tool's own labels
    labels: Mapping[str, object] = field(default_factory=dict)  # a team's own label texts
    feedback_url: str | None = None  # a checked template: feedback_template


FEEDBACK_FIELDS = ("id", "title", "url")


def feedback_template(value: object) -> str:
    """A `feedback_url` as written, or a ValueError that says what is wrong and how to fix it.

    It is a web or mailto address with placeholders that each link fills in for its entry,
    so a report says which phrase, example or lesson it is about."""
    fields = " or ".join(f"{{{f}}}" for f in FEEDBACK_FIELDS)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be an address with {fields} in it, e.g. "
                         "mailto:handbook@example.com?subject=Problem%20with%20{id}")
    if not value.lower().startswith(("https:", "http:", "mailto:")):
        raise ValueError("must start with https:, http: or mailto:")
    try:
        parsed = list(string.Formatter().parse(value))
    except ValueError:
        raise ValueError("has a lone { or }: write placeholders as {id}, {title} or {url}, "
                         "and a literal brace twice ({{ or }})") from None
    names = [name for _, name, _, _ in parsed if name is not None]
    for _, name, spec, conversion in parsed:
        if name is not None and (name not in FEEDBACK_FIELDS or spec or conversion):
            written = name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "")
            raise ValueError(f"has an unknown placeholder {{{written}}}: use "
                             f"{', '.join(f'{{{f}}}' for f in FEEDBACK_FIELDS)}")
    if not names:
        raise ValueError(f"has no placeholder: add {fields} so each report names its entry")
    return value


def feedback_link(template: str, values: Mapping[str, str]) -> str:
    """The template filled in, each value URL-encoded (a space is %20, which mailto needs)."""
    return "".join(literal + (urllib.parse.quote(values[name], safe="") if name else "")
                   for literal, name, _, _ in string.Formatter().parse(template))


class ConfigError(Exception):
    """mkdocs.yml is missing or does not say what we need; the CLI exits 2."""


class TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml while ignoring MkDocs' own tags (`!ENV`, `!!python/name:`)."""


TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def place(path: Path, keys: Sequence[str]) -> str:
    """`mkdocs.yml:LINE:COL` of the key at `keys` under the phrasebook plugin's options
    (`("labels", "say")`), or of the deepest part of it that exists, for errors a team can
    jump to."""
    try:
        node: yaml.Node | None = yaml.compose(path.read_text(encoding="utf-8"),
                                              Loader=TolerantLoader)
    except (OSError, yaml.YAMLError):
        return str(path)
    best = node
    steps = ("plugins", "phrasebook", *keys)
    for n, key in enumerate(steps):
        inner: yaml.Node | None
        if n == len(steps) - 1 and isinstance(node, yaml.MappingNode):  # the key, not its value
            inner = next((k for k, _ in node.value
                          if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        else:
            inner = _child(node, key)
        if inner is None:
            break
        node = best = inner
    mark = best.start_mark if best is not None else None
    return f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)


def check_labels(path: Path, overrides: object) -> None:
    """A team's `labels:` must name labels that exist and use only their `{values}`."""
    found = labels.problems(overrides)
    if found:
        raise ConfigError("\n".join(
            f"{place(path, ('labels', *keys))}: {message}" for keys, message in found))


def _options(config: dict[str, Any]) -> dict[str, Any] | None:
    for entry in config.get("plugins") or []:
        if entry == "phrasebook":
            return {}
        if isinstance(entry, dict) and "phrasebook" in entry:
            return dict(entry["phrasebook"] or {})
    plugins = config.get("plugins")
    if isinstance(plugins, dict) and "phrasebook" in plugins:
        return dict(plugins["phrasebook"] or {})
    return None


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value of `key` in a mapping node, or the entry naming `key` in a list of plugins
    (`- key` or `- key: {...}`)."""
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key),
                    None)
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and item.value == key:
                return item
            found = _child(item, key) if isinstance(item, yaml.MappingNode) else None
            if found is not None:
                return found
    return None


def _content_place(text: str, index: int) -> str:
    """`line:col` of the `index`-th content folder in mkdocs.yml, or of the nearest entry
    that stands for it (the plugin's `content:`, or the plugin itself when the folders are
    the default ones), so the author is sent to the line to fix."""
    node: yaml.Node | None = yaml.compose(text, Loader=TolerantLoader)
    for key in ("plugins", "phrasebook", "content"):
        inner = _child(node, key)
        if inner is None:
            break
        node = inner
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        node = node.value[index]
    mark = node.start_mark if node is not None else None
    return f"{mark.line + 1}:{mark.column + 1}" if mark is not None else "1:1"


def from_mkdocs_yml(path: Path) -> Settings:
    try:
        text = path.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=TolerantLoader) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file; pass the site's config with -f") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    options = _options(config)
    if options is None:
        raise ConfigError(f"{path}: add `- phrasebook` under `plugins:` to build a handbook")
    root = path.resolve().parent
    folders = options.get("content", ["content", "phrasebook"])
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise ConfigError(f"{path}: phrasebook `content` must be a list of folder names")
    values: dict[str, Any] = {}
    check_labels(path, options.get("labels"))
    values["labels"] = dict(options.get("labels") or {})
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("language"), str):
        values["language"] = theme["language"]
    for name in ("review_days", "phone_max_words"):
        if name in options:
            if not isinstance(options[name], int) or isinstance(options[name], bool):
                raise ConfigError(f"{path}: phrasebook `{name}` must be a whole number")
            values[name] = options[name]
    if "feedback_url" in options:
        try:
            values["feedback_url"] = feedback_template(options["feedback_url"])
        except ValueError as error:
            raise ConfigError(f"{place(path, ('feedback_url',))}: phrasebook `feedback_url` "
                              f"{error}") from None
    if "author_pages" in options:
        if not isinstance(options["author_pages"], bool):
            raise ConfigError(f"{path}: phrasebook `author_pages` must be true or false")
        values["author_pages"] = options["author_pages"]
    unknown = set(options) - {"content", "review_days", "phone_max_words", "labels",
                              "author_pages", "feedback_url"}
    if unknown:
        raise ConfigError(f"{path}: unknown phrasebook option(s): {', '.join(sorted(unknown))}")
    for index, folder in enumerate(folders):
        if not (root / folder).exists():
            listed = "content" in options
            raise ConfigError(
                f"{path}:{_content_place(text, index)}: the content folder `{folder}`"
                + ("" if listed else " (the default)") + " does not exist; "
                + ("create it, or fix its name here" if listed else
                   "create it, or list your folders under the plugin's `content:`"))
    return Settings(root=root, content=tuple(root / f for f in folders), **values)
