"""The few settings a team can change, read from the `phrasebook` plugin entry of mkdocs.yml.

The command line reads them without starting MkDocs, so `phrasebook check` stays fast and
works in a CI job that never builds the site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import string
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from . import labels
from . import model as m
from .load.fields import SLUG_RE, suggest_id
from .messages import Message, say


def today() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names, so a rebuild of old input is identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


@dataclass(frozen=True, slots=True)
class Language:
    """One language of a handbook written in several: its code (Material's `theme.language`,
    and the folder its site is built in), the name its language selector shows, its content
    folders, and whether its translation is still under way (`partial`: an entry it lacks is
    a warning, not an error)."""

    code: str
    name: str
    content: tuple[Path, ...]
    partial: bool = False
    site_name: str | None = None  # the site's name in this language (mkdocs.yml's by default)
    docs_dir: Path | None = None  # its hand-written pages (mkdocs.yml's `docs_dir` by default)


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
    # A handbook in several languages (the plugin's `languages:`), the first the source the
    # others are translated from; empty for a handbook in one. `content` and `language` are
    # then those of the language at hand (`for_language`), the first one's by default.
    languages: tuple[Language, ...] = ()
    docs_dir: Path | None = None  # MkDocs' docs_dir, absolute: the team's hand-written pages
    # Generated pages (or files) a hand-written one replaces on purpose (`replaces:`); any
    # other hand-written page at a generated address is an error (check/pages.py).
    replaces: tuple[str, ...] = ()
    # Hand-written pages allowed to run script (`pages_with_script:`), relative to mkdocs.yml.
    pages_with_script: tuple[str, ...] = ()

    def for_language(self, code: str) -> Settings:
        """These settings for one of the handbook's languages: its content and its words."""
        chosen = next(lang for lang in self.languages if lang.code == code)
        return dataclasses.replace(self, content=chosen.content, language=chosen.code,
                                   docs_dir=chosen.docs_dir or self.docs_dir)

    @property
    def source(self) -> Language | None:
        """The language the others are translated from; None in a one-language handbook."""
        return self.languages[0] if self.languages else None


FEEDBACK_FIELDS = ("id", "title", "url")


class BadOption(ValueError):
    """An option's value is wrong; `message` says what and how to fix it."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


def feedback_template(value: object) -> str:
    """A `feedback_url` as written, or a BadOption that says what is wrong and how to fix it.

    It is a web or mailto address with placeholders that each link fills in for its entry,
    so a report says which phrase, example or lesson it is about."""
    every = ", ".join(f"{{{f}}}" for f in FEEDBACK_FIELDS)
    fields: Message | str = f"{{{FEEDBACK_FIELDS[0]}}}"
    for later in FEEDBACK_FIELDS[1:]:
        fields = say("type_or", first=fields, second=f"{{{later}}}")
    if not isinstance(value, str) or not value.strip():
        raise BadOption(say("feedback_url_missing", fields=fields,
                            example="mailto:handbook@example.com?subject=Problem%20with%20{id}"))
    if not value.lower().startswith(("https:", "http:", "mailto:")):
        raise BadOption(say("feedback_url_scheme"))
    try:
        parsed = list(string.Formatter().parse(value))
    except ValueError:
        raise BadOption(say("feedback_url_brace", fields=fields)) from None
    names = [name for _, name, _, _ in parsed if name is not None]
    for _, name, spec, conversion in parsed:
        if name is not None and (name not in FEEDBACK_FIELDS or spec or conversion):
            written = name + (f"!{conversion}" if conversion else "") + (
                f":{spec}" if spec else "")
            raise BadOption(say("feedback_url_unknown", placeholder=f"{{{written}}}",
                                fields=every))
    if not names:
        raise BadOption(say("feedback_url_none", fields=fields))
    return value


def feedback_link(template: str, values: Mapping[str, str]) -> str:
    """The template filled in, each value URL-encoded (a space is %20, which mailto needs)."""
    return "".join(literal + (urllib.parse.quote(values[name], safe="") if name else "")
                   for literal, name, _, _ in string.Formatter().parse(template))


class ConfigError(Exception):
    """mkdocs.yml is missing or does not say what we need, or the command line asks for
    what cannot be done; the CLI exits 2. Each problem is a place (a path, `path:line:col`
    or nothing) and a message, written in the reader's language by `text`."""

    def __init__(self, message: Message, at: str | Path = "") -> None:
        self.problems: tuple[tuple[str, Message], ...] = ((str(at), message),)
        super().__init__(self.text(labels.english_labels()))

    @classmethod
    def every(cls, problems: Sequence[tuple[str, Message]]) -> ConfigError:
        error = cls(problems[0][1], problems[0][0])
        error.problems = tuple(problems)
        error.args = (error.text(labels.english_labels()),)
        return error

    def text(self, words: labels.Labels) -> str:
        return "\n".join(f"{at}: {words.say(message)}" if at else words.say(message)
                         for at, message in self.problems)


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
        raise ConfigError.every([(place(path, ('labels', *keys)), message)
                                 for keys, message in found])


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
        raise ConfigError(say("channels_not_list"), where(base))
    problems: list[tuple[str, Message]] = []
    found: dict[str, m.ChannelInfo] = {c.id: c for c in m.DEFAULT_CHANNELS}
    for n, entry in enumerate(declared):
        at = (*base, n)
        if not isinstance(entry, dict):
            problems.append((where(at), say("channel_not_mapping")))
            continue
        for key in entry:
            if key not in _CHANNEL_KEYS:
                problems.append((where((*at, str(key))), say("channel_setting", key=str(key))))
        id, label, spoken = (entry.get(k) for k in _CHANNEL_KEYS)
        if not isinstance(id, str) or not SLUG_RE.match(id):
            suggestion = suggest_id(str(id)) if isinstance(id, str) else ""
            problems.append((
                where((*at, 'id') if 'id' in entry else at),
                say("channel_id_try", suggestion=suggestion) if suggestion
                else say("channel_id")))
        elif id in m.CHANNELS:
            problems.append((where((*at, 'id')), say("channel_built_in", id=id)))
        elif id in found:
            problems.append((where((*at, 'id')), say("channel_twice", id=id)))
        if not isinstance(label, str) or not label.strip():
            problems.append((where((*at, 'label') if 'label' in entry else at),
                             say("channel_needs_label")))
        if not isinstance(spoken, bool):
            problems.append((where((*at, 'spoken') if 'spoken' in entry else at),
                             say("channel_spoken")))
        if isinstance(id, str) and isinstance(label, str) and isinstance(spoken, bool) and \
                id not in found:
            found[id] = m.ChannelInfo(id, label, spoken)
    if problems:
        raise ConfigError.every(problems)
    return tuple(found.values())


_LANGUAGE_KEYS = ("content", "name", "partial", "site_name", "docs_dir")
LANGUAGE_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")


def language_name(code: str) -> str:
    """What a language calls itself, as a selector shows it: "Français", "Deutsch (Schweiz)"."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return code  # a language CLDR does not know: the team names it under `name:`
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def team_languages(declared: Any, root: Path, where: Locate) -> tuple[Language, ...]:
    """The languages of the plugin's `languages:` mapping (code -> {content, name, partial}),
    in the order written: the first is the source. Every mistake is reported at once, each
    at its place in mkdocs.yml; a content folder must exist."""
    base = ("languages",)
    if declared is None:
        return ()
    if not isinstance(declared, dict):
        raise ConfigError(say("languages_not_mapping"), where(base))
    if len(declared) < 2:
        raise ConfigError(say("languages_one"), where(base))
    problems: list[tuple[str, Message]] = []
    found: list[Language] = []
    for code, entry in declared.items():
        at = (*base, str(code))
        if not isinstance(code, str) or not LANGUAGE_RE.match(code):
            problems.append((where(at), say("languages_code", code=str(code))))
            continue
        if not isinstance(entry, dict):
            problems.append((where(at), say("languages_entry", code=code)))
            continue
        for key in entry:
            if key not in _LANGUAGE_KEYS:
                problems.append((where((*at, str(key))), say("languages_setting", key=str(key))))
        folders = entry.get("content")
        if not isinstance(folders, list) or not folders or not all(
                isinstance(f, str) and f.strip() for f in folders):
            problems.append((where((*at, 'content') if 'content' in entry else at),
                             say("languages_content", code=code)))
            folders = None
        else:
            for index, folder in enumerate(folders):
                if not (root / folder).is_dir():
                    problems.append((where((*at, 'content', index)),
                                     say("config_folder_missing", folder=folder)))
        name = entry.get("name", language_name(code))
        if not isinstance(name, str) or not name.strip():
            problems.append((where((*at, 'name')), say("languages_name")))
        partial = entry.get("partial", False)
        if not isinstance(partial, bool):
            problems.append((where((*at, 'partial')), say("languages_partial")))
        site_name = entry.get("site_name")
        if site_name is not None and (not isinstance(site_name, str) or not site_name.strip()):
            problems.append((where((*at, 'site_name')), say("languages_site_name")))
        docs = entry.get("docs_dir")
        if docs is not None and (not isinstance(docs, str) or not (root / docs).is_dir()):
            problems.append((where((*at, 'docs_dir')), say("languages_docs_dir", code=code)))
            docs = None
        if folders is not None and isinstance(name, str) and isinstance(partial, bool) and \
                (site_name is None or isinstance(site_name, str)):
            found.append(Language(code, name.strip(), tuple(root / f for f in folders),
                                  partial, site_name.strip() if site_name else None,
                                  root / docs if docs else None))
    if problems:
        raise ConfigError.every(problems)
    return tuple(found)


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


def language_of(path: Path) -> str | None:
    """The handbook's `theme.language` as mkdocs.yml says it, or None when the file cannot
    be read or says none: what the command line speaks, even when the rest of the file is
    wrong (the problem is then reported in that language)."""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    theme = config.get("theme") if isinstance(config, dict) else None
    language = theme.get("language") if isinstance(theme, dict) else None
    return language.strip() or None if isinstance(language, str) else None


def from_mkdocs_yml(path: Path) -> Settings:
    try:
        text = path.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=TolerantLoader) or {}
    except FileNotFoundError:
        raise ConfigError(say("no_config_file"), path) from None
    except yaml.YAMLError as error:
        raise ConfigError(say("config_not_yaml", error=str(error)), path) from None
    if not isinstance(config, dict):
        raise ConfigError(say("config_not_mapping"), path)
    options = _options(config)
    if options is None:
        raise ConfigError(say("config_no_plugin"), path)
    root = path.resolve().parent

    def where(keys: Sequence[str | int]) -> str:
        return place(path, keys)

    languages = team_languages(options.get("languages"), root, where)
    if languages and "content" in options:
        raise ConfigError(say("languages_and_content"), where(('content',)))
    folders = options.get("content", ["content", "phrasebook"])
    if not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        raise ConfigError(say("config_content_list"), path)
    values: dict[str, Any] = {}
    check_labels(path, options.get("labels"))
    values["labels"] = dict(options.get("labels") or {})
    theme = config.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("language"), str):
        values["language"] = theme["language"]
    for name in ("review_days", "phone_max_words", "changes_days"):
        if name in options:
            if not isinstance(options[name], int) or isinstance(options[name], bool):
                raise ConfigError(say("config_whole_number", option=name), path)
            values[name] = options[name]
    if "feedback_url" in options:
        try:
            values["feedback_url"] = feedback_template(options["feedback_url"])
        except BadOption as error:
            raise ConfigError(error.message, place(path, ('feedback_url',))) from None
    if "author_pages" in options:
        if not isinstance(options["author_pages"], bool):
            raise ConfigError(say("config_true_or_false", option="author_pages"), path)
        values["author_pages"] = options["author_pages"]
    placeholders = options.get("zendesk_placeholders", {})
    if not isinstance(placeholders, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in placeholders.items()):
        raise ConfigError(say("config_zendesk_placeholders"), path)
    values["zendesk_placeholders"] = MappingProxyType(dict(placeholders))
    for name in ("replaces", "pages_with_script"):
        listed = options.get(name, [])
        if not isinstance(listed, list) or not all(isinstance(p, str) for p in listed):
            raise ConfigError(say("config_paths_list", option=name), place(path, (name,)))
        values[name] = tuple(listed)
    values["docs_dir"] = root / str(config.get("docs_dir") or "docs")
    unknown = set(options) - {"content", "review_days", "phone_max_words", "labels",
                              "author_pages", "feedback_url", "channels", "changes_days",
                              "zendesk_placeholders", "languages", "replaces",
                              "pages_with_script"}
    if unknown:
        raise ConfigError(say("config_unknown_options", count=len(unknown),
                              options=", ".join(sorted(unknown))), path)
    channels = team_channels(options.get("channels"), where)
    if languages:
        values["language"] = languages[0].code
        return Settings(root=root, content=languages[0].content, channels=channels,
                        languages=languages, **values)
    for index, folder in enumerate(folders):
        if not (root / folder).exists():
            listed = "content" in options
            raise ConfigError(
                say("config_folder_missing" if listed else "config_default_folder_missing",
                    folder=folder), where(('content', index)))
    return Settings(root=root, content=tuple(root / f for f in folders), channels=channels,
                    **values)
