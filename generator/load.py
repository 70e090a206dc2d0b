"""Strict YAML loading: content files to a `Handbook`, or every problem with its place.

PyYAML's own constructor is too forgiving for content written by hand: it keeps the last of
two equal keys, turns an unquoted `no` into False, and forgets where each value was. So we
let libyaml compose the node tree (fast, and every node carries its position) and decode the
nodes ourselves, guided by the type hints of the records in `model`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml

from . import model as m
from .diagnostic import ContentError, Diagnostic
from .model import Span

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
VARIABLE_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
LINK_RE = re.compile(r"\]\(\s*([a-z]+):([^)\s#]*)")
SUFFIXES = (".yml", ".yaml")
MAX_DEPTH = 64  # content is never deeper than a dozen levels; this bounds recursion
MAX_NODES_PER_BYTE = 4  # aliases may repeat nodes, but never blow up ("billion laughs")
MAX_BYTES = 20_000_000
MAX_TEXT = 20_000  # characters in one value: a phrase, a line, a paragraph of advice

BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
STR = "tag:yaml.org,2002:str"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MERGE = "tag:yaml.org,2002:merge"

_BOOLS = frozenset(
    word for base in ("yes", "no", "true", "false", "on", "off")
    for word in (base, base.capitalize(), base.upper())
)
_NULLS = frozenset(["", "~", "null", "Null", "NULL"])


class _Resolver(yaml.resolver.BaseResolver):
    """Tags only what the decoder asks about: booleans and nulls, to catch YAML 1.1's
    surprises, and merge keys, to refuse them. Every other plain scalar stays text, read as
    written; the decoder turns dates and numbers into values where the model wants them.
    PyYAML's full resolver runs a dozen regular expressions on every scalar; this one was a
    third of the loading time on a large handbook."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _BOOLS:
                    return BOOL
                if value in _NULLS:
                    return NULL
                if value == "<<":
                    return MERGE
            return STR
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


class _PythonLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                    yaml.composer.Composer, yaml.constructor.SafeConstructor, _Resolver):
    """PyYAML's pure-Python parser and composer with our resolver, where libyaml is absent."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)


try:
    from yaml._yaml import CParser

    class _CLoader(CParser, yaml.constructor.SafeConstructor, _Resolver):
        """libyaml's parser and composer, in C, with our resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _Resolver.__init__(self)

    _Loader: Any = _CLoader
except ImportError:  # PyYAML built without libyaml
    _Loader = _PythonLoader


# Which kind of entry each record class is, for ids and references.
KIND_OF: dict[type, str] = {
    m.Step: "step",
    m.Rule: "rule",
    m.Situation: "situation",
    m.Phrase: "phrase",
    m.Example: "example",
    m.Lesson: "lesson",
    m.Source: "source",
    m.Statistic: "statistic",
    m.Decision: "decision",
    m.Framework: "framework",
}
# A record written as a bare string stands for this one field.
SHORTHAND: dict[type, str] = {m.Avoid: "text"}
# Words authors reach for, and the field they mean.
SYNONYMS = {"avoid": "dont", "don't": "dont", "donts": "dont", "dos": "do", "text": "say",
            "situation": "situations", "source": "sources", "variant": "variants",
            "tag": "tags", "channel": "channels", "alias": "aliases", "turns": "dialogue"}
# Records whose keys are alternatives: exactly one of these must be present.
ONE_OF: dict[type, tuple[str, ...]] = {
    m.Turn: ("customer", "rep", "colleague", "note"),
    m.LessonItem: ("step", "phrase", "example", "situation", "text"),
}


class _Invalid:
    """Stands for a value that could not be decoded; its problem is already reported."""


INVALID: Any = _Invalid()


@dataclasses.dataclass(frozen=True, slots=True)
class Reference:
    kind: str
    id: str
    at: Span


@dataclasses.dataclass(frozen=True, slots=True)
class Declared:
    kind: str
    id: str
    at: Span
    alias: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Field:
    name: str
    hint: Any
    required: bool
    default: Any


def _fields(cls: type) -> tuple[Field, ...]:
    cached: tuple[Field, ...] | None = _FIELDS.get(cls)
    if cached is None:
        hints = typing.get_type_hints(cls, include_extras=True)
        cached = tuple(
            Field(
                f.name,
                hints[f.name],
                f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
                f.default,
            )
            for f in dataclasses.fields(cls)
            if not f.metadata.get("internal")
        )
        _FIELDS[cls] = cached
    return cached


_FIELDS: dict[type, tuple[Field, ...]] = {}


def fields_of(cls: type) -> tuple[Field, ...]:
    """The fields a content author writes for `cls`, in the order they are documented."""
    return _fields(cls)


def describe(hint: Any) -> str:
    """A type as an author would say it: "a list of texts", "one of: phone, chat"."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is typing.Annotated:
        kind = args[1]
        if isinstance(kind, m.Ref):
            return f"the id of a {kind.kind}"
        names = {"slug": "an id", "url": "an address", "variable": "a fill-in name"}
        return names.get(repr(kind), "text")
    if origin in (types.UnionType, typing.Union):
        return " or ".join(describe(a) for a in args if a is not type(None))
    if origin is tuple:
        return f"a list of {_plural(describe(args[0]))}"
    if origin is Literal:
        return "one of: " + ", ".join(str(a) for a in args)
    if origin in (Mapping, dict):
        return "a mapping"
    if hint is bool:
        return "true or false"
    if hint is dt.date:
        return "a date (YYYY-MM-DD)"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return "a mapping of fields"
    return "text"


def _plural(text: str) -> str:
    return (
        text.replace("the id of a ", "ids of ")
        .replace("an id", "ids")
        .replace("a mapping of fields", "mappings")
        .replace("text", "texts")
    )


class Decoder:
    """Decodes one file's node tree. Collects problems instead of stopping at the first."""

    def __init__(self, path: str, nodes_allowed: int) -> None:
        self.path = path
        self.problems: list[Diagnostic] = []
        self.references: list[Reference] = []
        self.declared: list[Declared] = []
        self.nodes_left = nodes_allowed

    # -- reporting --

    def span(self, node: yaml.Node) -> Span:
        mark = node.start_mark
        return Span(self.path, mark.line + 1, mark.column + 1, mark.index, node.end_mark.index)

    def problem(self, node: yaml.Node, rule: str, message: str, hint: str = "") -> Any:
        self.problems.append(Diagnostic(self.span(node), "error", rule, message, hint))
        return INVALID

    # -- decoding --

    def decode(self, node: yaml.Node, hint: Any, depth: int = 0) -> Any:
        self.nodes_left -= 1
        if self.nodes_left < 0:
            if self.nodes_left == -1:
                self.problem(
                    node,
                    "yaml-aliases",
                    "aliases expand this file far beyond its size",
                    "write the values out instead of repeating anchors (`*name`) inside anchors",
                )
            return INVALID
        if depth > MAX_DEPTH:
            return self.problem(
                node, "yaml-depth", f"nesting deeper than {MAX_DEPTH} levels",
                "content never needs this depth; check the indentation",
            )
        origin, args = get_origin(hint), get_args(hint)
        if origin in (types.UnionType, typing.Union):
            return self._union(node, args, depth)
        if origin is typing.Annotated:
            return self._text(node, args[1])
        if origin is tuple:
            return self._list(node, args[0], depth)
        if origin in (Mapping, dict):
            return self._mapping(node, args[0], args[1], depth)
        if origin is Literal:
            return self._choice(node, args)
        if hint is bool:
            return self._bool(node)
        if hint is dt.date:
            return self._date(node)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self.record(node, hint, depth)
        raise TypeError(f"no decoder for {hint!r}")  # a bug in model, not in content

    def _union(self, node: yaml.Node, args: tuple[Any, ...], depth: int) -> Any:
        options = [a for a in args if a is not type(None)]
        if _is_null(node):
            return None
        if len(options) == 1:
            return self.decode(node, options[0], depth)
        # `date | text`: a date when it looks like one, else the text as written.
        if dt.date in options and isinstance(node, yaml.ScalarNode):
            try:
                return dt.date.fromisoformat(node.value)
            except ValueError:
                return self.decode(node, next(o for o in options if o is not dt.date), depth)
        raise TypeError(f"no decoder for union {args!r}")

    def _scalar(self, node: yaml.Node, expected: str) -> str | None:
        """The scalar's text as written, or None after reporting why it is not text."""
        if not isinstance(node, yaml.ScalarNode):
            shape = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            self.problem(node, "type", f"expected {expected}, found {shape}",
                         _shape_hint(node, expected))
            return None
        if not node.style and node.tag == BOOL:
            self.problem(
                node,
                "yaml-boolean",
                f"unquoted `{node.value}` is read by YAML as the boolean "
                f"{str(node.value.lower() in ('yes', 'y', 'true', 'on')).lower()}, not as text",
                f'put it in quotes: "{node.value}"',
            )
            return None
        if not node.style and node.tag == NULL:
            self.problem(node, "missing-value", f"expected {expected}, found nothing",
                         "write a value after the colon, or remove the key")
            return None
        return str(node.value)

    def _text(self, node: yaml.Node, kind: Any) -> Any:
        if isinstance(kind, m.Ref):
            value = self._scalar(node, f"the id of a {kind.kind}")
            if value is None:
                return INVALID
            if not SLUG_RE.match(value):
                return self._bad_slug(node, value)
            self.references.append(Reference(kind.kind, value, self.span(node)))
            return value
        value = self._scalar(node, describe(typing.Annotated[str, kind]))
        if value is None:
            return INVALID
        if kind is m.SLUG and not SLUG_RE.match(value):
            return self._bad_slug(node, value)
        if kind is m.VARIABLE and not VARIABLE_RE.match(value):
            return self.problem(node, "variable", f"`{value}` is not a valid fill-in name",
                                "use lower-case letters, digits and underscores, e.g. order_number")
        if kind is m.URL and not re.match(r"https?://[^\s<>\"']+\Z", value):
            return self.problem(node, "url", f"`{value}` is not an http(s) address",
                                "write the full address, starting with https://")
        if not value.strip():
            return self.problem(node, "missing-value", "this text is empty",
                                "write the text, or remove the key")
        if len(value) > MAX_TEXT:
            return self.problem(node, "too-long", f"this text has {len(value):,} characters; "
                                f"the limit is {MAX_TEXT:,}",
                                "shorten it, or split it into several entries")
        if kind is m.MARKDOWN:
            for link in LINK_RE.finditer(value):
                scheme, target = link.group(1), link.group(2)
                if scheme in m.KINDS:
                    self.references.append(Reference(scheme, target, self.span(node)))
        return value

    def _bad_slug(self, node: yaml.Node, value: str) -> Any:
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        return self.problem(
            node, "id", f"`{value}` is not a valid id",
            f"ids are lower-case letters, digits and single hyphens; try `{suggestion}`"
            if suggestion else "ids are lower-case letters, digits and single hyphens",
        )

    def _choice(self, node: yaml.Node, options: tuple[Any, ...]) -> Any:
        value = self._scalar(node, "one of: " + ", ".join(options))
        if value is None:
            return INVALID
        if value not in options:
            close = difflib.get_close_matches(value, options, n=1)
            return self.problem(
                node, "choice", f"`{value}` is not one of: {', '.join(options)}",
                f"did you mean `{close[0]}`?" if close else "use one of the values listed",
            )
        return value

    def _bool(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == BOOL and node.value in (
            "true", "false", "True", "False"
        ):
            return node.value.lower() == "true"
        return self.problem(node, "type", "expected true or false",
                            "write `true` or `false`, without quotes")

    def _date(self, node: yaml.Node) -> Any:
        value = self._scalar(node, "a date")
        if value is None:
            return INVALID
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return self.problem(node, "date", f"`{value}` is not a date",
                                "write dates as YYYY-MM-DD, e.g. 2026-03-01")

    def _list(self, node: yaml.Node, item: Any, depth: int) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            if _is_null(node):
                return ()
            return self.problem(node, "type", f"expected {describe(tuple[item, ...])}",
                                "start each item on its own line with `- `")
        values = []
        for child in node.value:
            value = self.decode(child, item, depth + 1)
            if value is not INVALID:
                values.append(value)
        return tuple(values)

    def _pairs(self, node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node, str]]:
        """Key nodes, value nodes and key text, reporting duplicate and merge keys."""
        seen: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if key.tag == MERGE:
                self.problem(key, "yaml-merge", "merge keys (`<<`) are not supported",
                             "write the fields out in full")
                continue
            if not isinstance(key, yaml.ScalarNode):
                self.problem(key, "type", "a key must be a plain word",
                             "write `name: value` with a word before the colon")
                continue
            text = str(key.value)
            if text in seen:
                first = seen[text]
                self.problems.append(
                    Diagnostic(
                        self.span(key), "error", "duplicate-key",
                        f"key `{text}` appears twice in this mapping; YAML would keep only "
                        "the last one",
                        "merge the two values or remove one",
                        (self.span(first),),
                    )
                )
                continue
            seen[text] = key
            yield key, value, text

    def _mapping(self, node: yaml.Node, key_hint: Any, value_hint: Any, depth: int) -> Any:
        if not isinstance(node, yaml.MappingNode):
            if _is_null(node):
                return types.MappingProxyType({})
            return self.problem(node, "type", "expected a mapping of `key: value` lines",
                                "write one `key: value` per line, indented under this key")
        out: dict[str, Any] = {}
        for key, value_node, _ in self._pairs(node):
            name = self.decode(key, key_hint, depth + 1)
            value = self.decode(value_node, value_hint, depth + 1)
            if name is not INVALID and value is not INVALID:
                out[name] = value
        return types.MappingProxyType(out)

    def record(self, node: yaml.Node, cls: type, depth: int = 0) -> Any:
        fields = {f.name: f for f in _fields(cls)}
        if isinstance(node, yaml.ScalarNode) and cls in SHORTHAND and not _is_null(node):
            value = self.decode(node, fields[SHORTHAND[cls]].hint, depth + 1)
            if value is INVALID:
                return INVALID
            at = self.span(node)
            return cls(at=at, spans=types.MappingProxyType({SHORTHAND[cls]: at}),
                       **{SHORTHAND[cls]: value})
        if not isinstance(node, yaml.MappingNode):
            return self.problem(
                node, "type", f"expected {_article(cls)} (a mapping of fields)",
                _shape_hint(node, "a mapping"),
            )
        values: dict[str, Any] = {}
        spans: dict[str, Span] = {}
        failed = False
        kind = KIND_OF.get(cls)
        for key, value_node, name in self._pairs(node):
            if name not in fields:
                close = [SYNONYMS[name]] if SYNONYMS.get(name) in fields else \
                    difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
                self.problem(
                    key, "unknown-field", f"`{name}` is not a field of {_article(cls)}",
                    f"did you mean `{close[0]}`?" if close
                    else "known fields: " + ", ".join(fields),
                )
                failed = True
                continue
            value = self.decode(value_node, fields[name].hint, depth + 1)
            spans[name] = self.span(value_node)
            if isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value):
                    spans[f"{name}.{i}"] = self.span(item)
            elif isinstance(value_node, yaml.MappingNode):
                for item_key, item in value_node.value:
                    spans[f"{name}.{item_key.value}"] = self.span(item)
                    spans[f"{name}.{item_key.value}:key"] = self.span(item_key)
            if value is INVALID:
                failed = True
            else:
                values[name] = value
        for f in fields.values():
            if f.required and f.name not in values and f.name not in spans:
                self.problem(
                    node, "missing-field", f"{_article(cls)} needs `{f.name}` "
                    f"({describe(f.hint)})", f"add `{f.name}:` to this entry",
                )
                failed = True
        choices = ONE_OF.get(cls)
        if choices:
            present = [c for c in choices if c in spans]
            if len(present) != 1:
                failed = True
                self.problem(
                    node, "one-of",
                    f"{_article(cls)} takes exactly one of "
                    + ", ".join(f"`{c}`" for c in choices)
                    + (f"; found {', '.join(present)}" if present else ""),
                    "split it into separate items" if present else
                    f"start the item with `{choices[0]}:` or `{choices[1]}:`",
                )
        if cls is m.Turn and not failed:
            problem = _turn_problem(values)
            if problem:
                return self.problem(node, "turn", *problem)
        if kind and "id" in values:
            at = spans["id"]
            self.declared.append(Declared(kind, values["id"], at))
            for i, alias in enumerate(values.get("aliases", ())):
                self.declared.append(Declared(kind, alias, spans.get(f"aliases.{i}", at), True))
        if failed:
            return INVALID
        return cls(at=self.span(node), spans=types.MappingProxyType(spans), **values)


def _turn_problem(values: Mapping[str, Any]) -> tuple[str, str] | None:
    if "rep" in values and "step" not in values:
        return ("a rep's line needs the `step` it serves",
                "add `step: <step id>` under the line")
    if ("customer" in values or "note" in values) and ("step" in values or "phrase" in values):
        return ("only a rep's or colleague's line serves a step or uses a phrase",
                "move `step`/`phrase` to the rep's line")
    return None


def _article(cls: type) -> str:
    name = re.sub(r"(?<!^)([A-Z])", r" \1", cls.__name__).lower()
    return ("an " if name[0] in "aeiou" else "a ") + name


def _shape_hint(node: yaml.Node, expected: str) -> str:
    if isinstance(node, yaml.SequenceNode):
        return f"remove the `- ` in front: this key takes {expected}, not a list"
    if isinstance(node, yaml.MappingNode):
        return f"this key takes {expected}; quote the text if it contains `: `"
    return f"this key takes {expected}"


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.tag == NULL


# --- Files -----------------------------------------------------------------------------------


def content_files(folders: Sequence[Path]) -> list[Path]:
    """Every YAML file under the folders, in a stable order; hidden files are skipped."""
    found: list[Path] = []
    for folder in folders:
        if folder.is_file():
            found.append(folder)
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).parts
            if path.suffix in SUFFIXES and not any(p.startswith(".") for p in relative):
                found.append(path)
    return found


def _display(path: Path, root: Path) -> str:
    """The path as the author knows it: relative to the site, links not followed."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path.as_posix()


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_text(
    path: Path, shown: str, allowed: Sequence[Path]
) -> tuple[str | None, list[Diagnostic]]:
    """The file as text, or why it cannot be read: outside the content, unreadable, not UTF-8."""
    def fail(rule: str, message: str, hint: str, line: int = 1, col: int = 1) -> tuple[
        None, list[Diagnostic]
    ]:
        return None, [Diagnostic(Span(shown, line, col), "error", rule, message, hint)]

    real = path.resolve()
    if not any(real == a or a in real.parents for a in allowed):
        return fail("outside-content", "this file links to a place outside the content folders",
                    "copy the file into the content folder instead of linking to it")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return fail("unreadable", "the file disappeared while it was being read",
                    "run the command again once the file is saved")
    except OSError as error:
        return fail("unreadable", f"cannot read the file: {error.strerror}",
                    "check the file's permissions")
    if len(data) > MAX_BYTES:
        return fail("too-large", f"the file is {len(data) // 1_000_000} MB; the limit is "
                    f"{MAX_BYTES // 1_000_000} MB", "split it into several files")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8")
        line, col = _position(good, len(good))
        return fail("encoding", f"byte 0x{data[error.start]:02x} is not valid UTF-8",
                    "save the file as UTF-8 (in most editors: Save with encoding, UTF-8)",
                    line, col)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return text, []


def _yaml_problem(error: yaml.YAMLError, shown: str, text: str) -> Diagnostic:
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    mark = problem_mark or context_mark
    related: tuple[Span, ...] = ()
    if context_mark is not None and problem_mark is not None and (
        problem_mark.index >= len(text.rstrip()) or "expected ',' or" in str(error)
    ):
        # The file ended, or a list never closed: the place to fix is where it opened.
        mark, related = context_mark, (Span(shown, problem_mark.line + 1,
                                            problem_mark.column + 1),)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    hint = "check the indentation and quoting on this line and the one before"
    source_line = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
    if "\t" in source_line[:col] or "tab" in problem.lower():
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    elif "mapping values are not allowed" in problem:
        hint = 'a text containing ": " must be quoted, e.g. say: "Note: ..."'
    elif "found character '@'" in problem or "found character '`'" in problem:
        hint = "a text starting with @ or ` must be quoted"
    elif "expected a single document" in problem or "but found another document" in problem:
        hint = "a file holds one document: remove the extra `---`"
    elif "maximum nesting depth" in problem:
        hint = "content never nests this deep; check the indentation"
    elif related and "quoted scalar" in message:
        hint = "this quote is never closed: add the closing quote at the end of the text"
    elif related:
        hint = "this is never closed: add the closing bracket"
    return Diagnostic(Span(shown, line, col), "error", "yaml-syntax", message, hint, related)


def parse(text: str, shown: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(error, shown, text)]
    except RecursionError:
        return None, [Diagnostic(Span(shown, 1, 1), "error", "yaml-depth",
                                 "the file nests too deeply to read", "check the indentation")]
    if node is None:
        return None, [Diagnostic(Span(shown, 1, 1), "error", "empty-file", "the file is empty",
                                 "add content, or delete the file")]
    return node, []


def _depth_ok(text: str) -> bool:
    """Cheap guard before composing: libyaml recurses once per nesting level."""
    depth = 0
    deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    if deepest > MAX_DEPTH * 4:
        return False
    longest = max((len(line) - len(line.lstrip(" -")) for line in text.split("\n")), default=0)
    return longest < MAX_DEPTH * 16


# --- The handbook ----------------------------------------------------------------------------


def load(folders: Sequence[Path], root: Path | None = None) -> m.Handbook:
    """Load every content file under `folders`. Raises ContentError listing every problem."""
    root = root or Path.cwd()
    allowed = [f.resolve() for f in folders]
    problems: list[Diagnostic] = []
    documents: list[m.Document] = []
    references: list[Reference] = []
    declared: list[Declared] = []
    texts: dict[str, str] = {}
    files = content_files(folders)
    missing = [f for f in folders if not f.exists()]
    for folder in missing:
        problems.append(Diagnostic(Span(_display(folder, root), 1, 1), "error", "no-content",
                                   "this content folder does not exist",
                                   "create it, or fix the folder name in mkdocs.yml"))
    for path in files:
        shown = _display(path, root)
        text, trouble = read_text(path, shown, allowed)
        problems += trouble
        if text is None:
            continue
        texts[shown] = text
        if "[" in text and not _depth_ok(text):
            problems.append(Diagnostic(Span(shown, 1, 1), "error", "yaml-depth",
                                       f"nesting deeper than {MAX_DEPTH} levels",
                                       "content never needs this depth; check the file"))
            continue
        node, trouble = parse(text, shown)
        problems += trouble
        if node is None:
            continue
        decoder = Decoder(shown, MAX_NODES_PER_BYTE * len(text) + 1000)
        document = decoder.record(node, m.Document)
        problems += decoder.problems
        references += decoder.references
        declared += decoder.declared
        if document is not INVALID:
            documents.append(document)
    if not files and not missing:
        problems.append(Diagnostic(Span(_display(folders[0], root) if folders else ".", 1, 1),
                                   "error", "no-content", "no YAML files in the content folders",
                                   "add files ending in .yml"))
    problems += _check_ids(declared)
    problems += _check_references(references, declared)
    handbook = None
    if not problems:
        handbook, trouble = _merge(documents, texts, folders, root)
        problems += trouble
    if problems or handbook is None:
        raise ContentError(problems)
    return handbook


def _check_ids(declared: list[Declared]) -> list[Diagnostic]:
    problems = []
    first: dict[tuple[str, str], Declared] = {}
    for item in declared:
        key = (item.kind, item.id)
        if key in first:
            earlier = first[key]
            what = "an alias" if item.alias or earlier.alias else "the id"
            problems.append(
                Diagnostic(item.at, "error", "duplicate-id",
                           f"{what} `{item.id}` is already used by another {item.kind}",
                           "ids must be unique: rename one of them", (earlier.at,))
            )
        else:
            first[key] = item
    return problems


def _check_references(references: list[Reference], declared: list[Declared]) -> list[Diagnostic]:
    ids = {(d.kind, d.id): d for d in declared}
    by_kind: dict[str, list[str]] = {}
    for d in declared:
        if not d.alias:
            by_kind.setdefault(d.kind, []).append(d.id)
    problems = []
    for ref in references:
        target = ids.get((ref.kind, ref.id))
        if target is not None and not target.alias:
            continue
        if target is not None:
            hint = f"`{ref.id}` is an old name kept as an alias; refer to the current id"
        else:
            close = difflib.get_close_matches(ref.id, by_kind.get(ref.kind, []), n=1)
            article = "an" if ref.kind[0] in "aeiou" else "a"
            hint = (f"did you mean `{close[0]}`?" if close
                    else f"add {article} {ref.kind} with this id")
        problems.append(Diagnostic(ref.at, "error", "unknown-reference",
                                   f"no {ref.kind} has the id `{ref.id}`", hint,
                                   (target.at,) if target else ()))
    return problems


def _merge(documents: list[m.Document], texts: dict[str, str], folders: Sequence[Path],
           root: Path) -> tuple[m.Handbook | None, list[Diagnostic]]:
    methods = [d.method for d in documents if d.method is not None]
    if len(methods) != 1:
        if not methods:
            where = Span(_display(folders[0], root) if folders else ".", 1, 1)
            return None, [Diagnostic(where, "error", "method",
                                     "no file defines the method",
                                     "add a `method:` section with its `steps:` to one file")]
        return None, [Diagnostic(methods[1].at, "error", "method", "a second `method:` section",
                                 "keep one method; move its steps into the first",
                                 (methods[0].at,))]
    sections: dict[str, list[Any]] = {name: [] for name in m.KINDS.values()
                                      if name not in ("steps", "rules")}
    for document in documents:
        for name, items in sections.items():
            items.extend(getattr(document, name))
    handbook = m.Handbook(
        method=methods[0],
        texts=types.MappingProxyType(texts),
        **{name: tuple(items) for name, items in sections.items()},
    )
    return handbook, []

