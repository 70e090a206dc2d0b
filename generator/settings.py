"""The few settings a team can change, read from the `phrasebook` plugin entry of mkdocs.yml.

The command line reads them without starting MkDocs, so `phrasebook check` stays fast and
works in a CI job that never builds the site.
"""

from __future__ import annotations

import datetime as dt
import os
import string
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from . import labels
from . import model as m
from .load.fields import SLUG_RE, suggest_id


def today() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names, so a rebuild of old input is identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


REVIEW_DAYS = 365
PHONE_MAX_WORDS = 35
CHANGES_DAYS = 90


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path = Path(".")
    content: tuple[Path, ...] = (Path("content"), Path("phrasebook"))
    review_days: int = REVIEW_DAYS
    phone_max_words: int = PHONE_MAX_WORDS
    author_pages: bool = False
    channels: tuple[m.ChannelInfo, ...] = m.DEFAULT_CHANNELS
    changes_days: int = CHANGES_DAYS  # the changes page's window; 0 leaves the page out
    today: dt.date = field(default_factory=today)
    language: str = "en"  # Material's theme.language: the language of the tool's own labels
    labels: Mapping[str, object] = field(default_factory=dict)  # a team's own label texts
    feedback_url: str | None = None  # a checked template: feedback_template
    # fill-in name -> the helpdesk's placeholder, for `phrasebook export --format zendesk`
    zendesk_placeholders: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


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


def place(path: Path, keys: Sequence[str | int]) -> str:
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
        if isinstance(key, int):  # the n-th item of a list
            inner = node.value[key] if isinstance(node, yaml.SequenceNode) and \
                key < len(node.value) else None
        elif n == len(steps) - 1 and isinstance(node, yaml.MappingNode):  # the key, not its value
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


# Where an option is in mkdocs.yml, given the keys and item numbers that lead to it.
Locate = Callable[[Sequence[str | int]], str]
_CHANNEL_KEYS = ("id", "label", "spoken")


def team_channels(declared: Any, where: Locate) -> tuple[m.ChannelInfo, ...]:
    """The built-in channels and the team's own, from the plugin's `channels:` list. Every
    mistake is reported at once, each at its place in mkdocs.yml."""
    base = ("channels",)
    if declared is None:
        return m.DEFAULT_CHANNELS
    if not isinstance(declared, list):
        raise ConfigError(f"{where(base)}: phrasebook `channels` must be a list of "
                          "`{id: ..., label: ..., spoken: true|false}` entries")
    problems: list[str] = []
    found: dict[str, m.ChannelInfo] = {c.id: c for c in m.DEFAULT_CHANNELS}
    for n, entry in enumerate(declared):
        at = (*base, n)
        if not isinstance(entry, dict):
            problems.append(f"{where(at)}: a channel is a mapping: "
                            "`{id: sms, label: SMS, spoken: false}`")
            continue
        for key in entry:
            if key not in _CHANNEL_KEYS:
                problems.append(f"{where((*at, str(key)))}: `{key}` is not a channel setting; "
                                "a channel has `id`, `label` and `spoken`")
        id, label, spoken = (entry.get(k) for k in _CHANNEL_KEYS)
        if not isinstance(id, str) or not SLUG_RE.match(id):
            suggestion = suggest_id(str(id)) if isinstance(id, str) else ""
            problems.append(
                f"{where((*at, 'id') if 'id' in entry else at)}: a channel needs an `id` of "
                "lower-case letters, digits and single hyphens"
                + (f"; try `{suggestion}`" if suggestion else ", e.g. `sms`"))
        elif id in m.CHANNELS:
            problems.append(f"{where((*at, 'id'))}: `{id}` is a built-in channel; every "
                            "handbook has phone, chat, email and in-person, so remove this "
                            "entry or give your channel another id")
        elif id in found:
            problems.append(f"{where((*at, 'id'))}: the channel `{id}` is declared twice; "
                            "remove one of them")
        if not isinstance(label, str) or not label.strip():
            problems.append(f"{where((*at, 'label') if 'label' in entry else at)}: a channel "
                            "needs a `label`, the name the site shows, e.g. `label: SMS`")
        if not isinstance(spoken, bool):
            problems.append(f"{where((*at, 'spoken') if 'spoken' in entry else at)}: a channel "
                            "needs `spoken: true` (said aloud) or `spoken: false` (written)")
        if isinstance(id, str) and isinstance(label, str) and isinstance(spoken, bool) and \
                id not in found:
            found[id] = m.ChannelInfo(id, label, spoken)
    if problems:
        raise ConfigError("\n".join(problems))
    return tuple(found.values())


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
    for name in ("review_days", "phone_max_words", "changes_days"):
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
    placeholders = options.get("zendesk_placeholders", {})
    if not isinstance(placeholders, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in placeholders.items()):
        raise ConfigError(f"{path}: phrasebook `zendesk_placeholders` must map fill-in names "
                          'to placeholders, e.g. customer_name: "{{ticket.requester.first_name}}"')
    values["zendesk_placeholders"] = MappingProxyType(dict(placeholders))
    unknown = set(options) - {"content", "review_days", "phone_max_words", "labels",
                              "author_pages", "feedback_url", "channels", "changes_days",
                              "zendesk_placeholders"}
    if unknown:
        raise ConfigError(f"{path}: unknown phrasebook option(s): {', '.join(sorted(unknown))}")

    def where(keys: Sequence[str | int]) -> str:
        return place(path, keys)

    for index, folder in enumerate(folders):
        if not (root / folder).exists():
            listed = "content" in options
            raise ConfigError(
                f"{where(('content', index))}: the content folder `{folder}`"
                + ("" if listed else " (the default)") + " does not exist; "
                + ("create it, or fix its name here" if listed else
                   "create it, or list your folders under the plugin's `content:`"))
    channels = team_channels(options.get("channels"), where)
    return Settings(root=root, content=tuple(root / f for f in folders), channels=channels,
                    **values)
