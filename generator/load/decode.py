"""One file's node tree to records, every problem collected with its place."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Iterator, Mapping
from sys import intern
from typing import Any

import yaml

from .. import model as m
from ..diagnostic import Diagnostic
from ..links import entry_links
from ..messages import Message, say
from ..model import Span
from ..source import (
    BOOL,
    MAP,
    MERGE,
    NULL,
    SEQ,
    STR,
    mark_place,
)
from .fields import (
    FINGERPRINT_RE,
    KIND_OF,
    ONE_OF,
    SHORTHAND,
    SLUG_RE,
    SYNONYMS,
    TOGETHER,
    VARIABLE_RE,
    _fields,
    _shape,
    _text_kind,
    describe,
    suggest_id,
)

MAX_DEPTH = 64  # the model nests a dozen levels; deeper values are refused, not decoded
MAX_DECODES_PER_CHAR = 2  # aliases may repeat a node, but never blow up ("billion laughs")
MAX_ALIASED = 500_000  # values decoded again through aliases, in all files of a load together
MAX_PROBLEMS = 100  # in one file: past this, the file is likely not content at all
MAX_TEXT = 20_000  # characters in one value: a phrase, a line, a paragraph of advice
_TAGS = {yaml.ScalarNode: (STR, BOOL, NULL, MERGE), yaml.SequenceNode: (SEQ,),
         yaml.MappingNode: (MAP,)}



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
    invalid: bool = False  # written as no id can be; `id` is the one its hint suggests


class Decoder:
    """Decodes one file's node tree. Collects problems instead of stopping at the first.

    Aliases are the one way a small file can ask for a huge amount of work: composing shares
    an aliased node, but decoding visits it once per use. So every visit is paid for from a
    budget proportional to the file's length (content without aliases visits each node once),
    and after MAX_PROBLEMS problems the file is not decoded further: both bound time, memory
    and the length of the report, whatever the file holds.

    The records decoded are kept for the whole load, so a budget per file would still let
    many files add up (six files of 1.6 MB took 4.5 GB): every value decoded again through an
    alias (a list or mapping met a second time, and all below it) is also paid for from
    `aliases_left`, the load's budget that other files have not used (`aliased` counts them).
    """

    def __init__(self, path: str, text: str, channels: tuple[str, ...] = m.CHANNELS,
                 aliases_left: int = MAX_ALIASED) -> None:
        self.path = path
        self.text = text
        self.channels = channels  # a phrase's channels when it lists none
        self.problems: list[Diagnostic] = []
        self.references: list[Reference] = []
        self.declared: list[Declared] = []
        self.visits_left = MAX_DECODES_PER_CHAR * len(text) + 1000
        self.aliases_left = aliases_left
        self.aliased = 0
        self.stopped = False
        self._seen: set[int] = set()  # lists and mappings decoded once: met again, aliased
        self._aliasing = False

    # -- reporting --

    def span(self, node: yaml.Node) -> Span:
        return Span(self.path, *self.place(node))

    def place(self, node: yaml.Node) -> m.Place:
        mark = node.start_mark
        if mark.index >= len(self.text):  # an empty value at the very end: on the last line
            return (*mark_place(mark, self.text), len(self.text), len(self.text))
        return (mark.line + 1, mark.column + 1, mark.index, node.end_mark.index)

    def problem(self, node: yaml.Node, rule: str, message: Message, hint: Message | None = None,
                related: tuple[Span, ...] = ()) -> Any:
        if self.stopped:
            return INVALID
        if len(self.problems) == MAX_PROBLEMS:
            return self.stop(node, "too-many-problems",
                             say("too_many_problems", count=MAX_PROBLEMS),
                             say("too_many_problems_hint"))
        self.problems.append(Diagnostic(self.span(node), "error", rule, message, hint, related))
        return INVALID

    def stop(self, node: yaml.Node, rule: str, message: Message, hint: Message) -> Any:
        """Report one last problem and decode nothing more of this file."""
        self.problems.append(Diagnostic(self.span(node), "error", rule, message, hint))
        self.stopped = True
        return INVALID

    # -- decoding --

    def decode(self, node: yaml.Node, hint: Any, depth: int = 0) -> Any:
        if self.stopped:
            return INVALID
        self.visits_left -= 1
        if self.visits_left < 0:
            return self.stop(
                node, "yaml-aliases", say("yaml_aliases"), say("yaml_aliases_hint"),
            )
        if self._aliasing:
            return self._aliased(node, hint, depth)
        if node.__class__ is not yaml.ScalarNode:
            if id(node) in self._seen:
                self._aliasing = True
                try:
                    return self._aliased(node, hint, depth)
                finally:
                    self._aliasing = False
            self._seen.add(id(node))
        return self._dispatch(node, hint, depth)

    def _aliased(self, node: yaml.Node, hint: Any, depth: int) -> Any:
        self.aliased += 1
        if self.aliased > self.aliases_left:
            return self.stop(
                node, "yaml-aliases", say("aliases_limit", count=MAX_ALIASED),
                say("aliases_limit_hint"))
        return self._dispatch(node, hint, depth)

    def _dispatch(self, node: yaml.Node, hint: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            return self.problem(
                node, "yaml-depth", say("nesting_deeper", count=MAX_DEPTH),
                say("nesting_deeper_hint"),
            )
        if node.tag not in _TAGS[type(node)]:
            return self.problem(
                node, "yaml-tag", say("yaml_tag", tag=node.tag), say("yaml_tag_hint"),
            )
        origin, args = _shape(hint)
        if origin in (types.UnionType, typing.Union):
            return self._union(node, args, depth)
        if origin is typing.Annotated:
            return self._text(node, args[1])
        if origin is tuple:
            return self._list(node, args[0], depth)
        if origin in (Mapping, dict):
            return self._mapping(node, args[0], args[1], depth)
        if hint is bool:
            return self._bool(node)
        if hint is int:
            return self._int(node)
        if hint is dt.date:
            return self._date(node)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self.record(node, hint, depth)
        raise TypeError(f"no decoder for {hint!r}")  # a bug in model, not in content

    def _union(self, node: yaml.Node, args: tuple[Any, ...], depth: int) -> Any:
        options = [a for a in args if a is not type(None)]
        if _is_null(node):
            return None
        if len(options) == 1:  # the same node again, under the one type: not a new visit
            return self._dispatch(node, options[0], depth)
        # `date | text`: a date when it looks like one, else the text as written.
        if dt.date in options and isinstance(node, yaml.ScalarNode):
            try:
                return dt.date.fromisoformat(node.value)
            except ValueError:
                return self._dispatch(node, next(o for o in options if o is not dt.date), depth)
        raise TypeError(f"no decoder for union {args!r}")

    def _scalar(self, node: yaml.Node, expected: Message) -> str | None:
        """The scalar's text as written, or None after reporting why it is not text."""
        if not isinstance(node, yaml.ScalarNode):
            found = "expected_found_list" if isinstance(node, yaml.SequenceNode) \
                else "expected_found_mapping"
            self.problem(node, "type", say(found, expected=expected),
                         _shape_hint(node, expected))
            return None
        if not node.style and node.tag == BOOL:
            self.problem(
                node,
                "yaml-boolean",
                say("yaml_boolean", written=node.value,
                    boolean=str(node.value.lower() in ('yes', 'y', 'true', 'on')).lower()),
                say("yaml_boolean_hint", written=node.value),
            )
            return None
        if not node.style and node.tag == NULL:
            self.problem(node, "missing-value", say("expected_found_nothing", expected=expected),
                         say("expected_found_nothing_hint"))
            return None
        return str(node.value)

    def _text(self, node: yaml.Node, kind: Any) -> Any:
        if isinstance(kind, m.Ref):
            value = self._scalar(node, _text_kind(kind))
            if value is None:
                return INVALID
            if not SLUG_RE.match(value):
                return self._bad_slug(node, value)
            self.references.append(Reference(kind.kind, value, self.span(node)))
            return value
        value = self._scalar(node, _text_kind(kind))
        if value is None:
            return INVALID
        if kind is m.SLUG and not SLUG_RE.match(value):
            return self._bad_slug(node, value)
        if kind is m.VARIABLE and not VARIABLE_RE.match(value):
            return self.problem(node, "variable", say("bad_variable", value=value),
                                say("bad_variable_hint"))
        if kind is m.FINGERPRINT and not FINGERPRINT_RE.match(value):
            return self.problem(node, "fingerprint", say("bad_fingerprint", value=value),
                                say("bad_fingerprint_hint"))
        if kind is m.URL and not re.match(r"https?://[^\s<>\"']+\Z", value):
            return self.problem(node, "url", say("bad_url", value=value), say("bad_url_hint"))
        if not value.strip():
            return self.problem(node, "missing-value", say("empty_text"),
                                say("empty_text_hint"))
        if len(value) > MAX_TEXT:
            return self.problem(node, "too-long",
                                say("text_too_long", count=len(value), limit=MAX_TEXT),
                                say("text_too_long_hint"))
        if kind is m.MARKDOWN:
            for kind, target in entry_links(value):  # every link the renderer resolves
                self.references.append(Reference(kind, target, self.span(node)))
        return value

    def _bad_slug(self, node: yaml.Node, value: str) -> Any:
        suggestion = suggest_id(value)
        return self.problem(
            node, "id", say("bad_id", value=value),
            say("bad_id_try", suggestion=suggestion) if suggestion else say("bad_id_hint"),
        )

    def _bool(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == BOOL and node.value in (
            "true", "false", "True", "False"
        ):
            return node.value.lower() == "true"
        return self.problem(node, "type", say("expected_bool"), say("expected_bool_hint"))

    def _int(self, node: yaml.Node) -> Any:
        """A count (minutes, a line of a dialogue): a whole number of 1 or more, written
        with digits only, so `1.5`, `10 min` and `-3` are refused rather than guessed at."""
        value = self._scalar(node, say("type_int"))
        if value is None:
            return INVALID
        if not re.fullmatch(r"[0-9]{1,6}", value.strip()) or int(value) < 1:
            return self.problem(node, "number", say("bad_number", value=value),
                                say("bad_number_hint"))
        return int(value)

    def _date(self, node: yaml.Node) -> Any:
        value = self._scalar(node, say("type_date"))
        if value is None:
            return INVALID
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return self.problem(node, "date", say("bad_date", value=value), say("bad_date_hint"))

    def _list(self, node: yaml.Node, item: Any, depth: int) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            if _is_null(node):
                return ()
            return self.problem(node, "type", say("expected", expected=describe(tuple[item, ...])),
                                say("expected_list_hint"))
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
                self.problem(key, "yaml-merge", say("yaml_merge"), say("yaml_merge_hint"))
                continue
            if not isinstance(key, yaml.ScalarNode) or key.tag not in _TAGS[yaml.ScalarNode]:
                self.problem(key, "type", say("plain_key"), say("plain_key_hint"))
                continue
            text = str(key.value)
            if text in seen:
                self.problem(key, "duplicate-key", say("duplicate_key", key=text),
                             say("duplicate_key_hint"), (self.span(seen[text]),))
                continue
            seen[text] = key
            yield key, value, text

    def _mapping(self, node: yaml.Node, key_hint: Any, value_hint: Any, depth: int) -> Any:
        if not isinstance(node, yaml.MappingNode):
            if _is_null(node):
                return types.MappingProxyType({})
            return self.problem(node, "type", say("expected_mapping"),
                                say("expected_mapping_hint"))
        out: dict[str, Any] = {}
        for key, value_node, _ in self._pairs(node):
            name = self.decode(key, key_hint, depth + 1)
            value = self.decode(value_node, value_hint, depth + 1)
            if name is not INVALID and value is not INVALID:
                out[name] = value
        return types.MappingProxyType(out)

    @staticmethod
    def _raw(node: yaml.MappingNode, name: str) -> str | None:
        """A field's text as written, when it is a plain scalar."""
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name:
                return value.value if isinstance(value, yaml.ScalarNode) else None
        return None

    def record(self, node: yaml.Node, cls: type, depth: int = 0) -> Any:
        fields = {f.name: f for f in _fields(cls)}
        if isinstance(node, yaml.ScalarNode) and cls in SHORTHAND and not _is_null(node):
            value = self.decode(node, fields[SHORTHAND[cls]].hint, depth + 1)
            if value is INVALID:
                return INVALID
            return cls(at=self.span(node),
                       spans=m.Places.of({SHORTHAND[cls]: self.place(node)}),
                       **{SHORTHAND[cls]: value})
        if not isinstance(node, yaml.MappingNode):
            return self.problem(
                node, "type", say("expected_record", record=_article(cls)),
                _shape_hint(node, say("type_mapping")),
            )
        values: dict[str, Any] = {}
        spans: dict[str, m.Place] = {}
        failed = False
        kind = KIND_OF.get(cls)
        empty_above: str | None = None  # a field written with nothing after its colon
        for key, value_node, name in self._pairs(node):
            if name not in fields:
                close = [SYNONYMS[name]] if SYNONYMS.get(name) in fields else \
                    difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
                self.problem(
                    key, "unknown-field", say("unknown_field", name=name, record=_article(cls)),
                    say("did_you_mean", name=close[0]) if close
                    else say("unknown_field_empty_above", field=empty_above) if empty_above
                    else say("known_fields", fields=", ".join(fields)),
                )
                failed = True
                continue
            empty_above = name if _is_null(value_node) else None
            value = self.decode(value_node, fields[name].hint, depth + 1)
            if fields[name].required and (_is_null(value_node) or (
                    isinstance(value_node, yaml.SequenceNode) and not value_node.value)):
                # An empty list is as good as none; a list whose items were all wrong has
                # had its problems reported already.
                value = self.problem(
                    value_node, "missing-value",
                    say("needs_an_item", record=_article(cls), field=name),
                    say("needs_an_item_hint", field=name))
            spans[name] = self.place(value_node)
            if isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value):
                    spans[intern(f"{name}.{i}")] = self.place(item)
            elif isinstance(value_node, yaml.MappingNode):
                for item_key, item in value_node.value:
                    if isinstance(item_key, yaml.ScalarNode):  # others are reported above
                        spans[intern(f"{name}.{item_key.value}")] = self.place(item)
                        spans[intern(f"{name}.{item_key.value}:key")] = self.place(item_key)
            if value is INVALID:
                failed = True
            else:
                values[name] = value
        for f in fields.values():
            if f.required and f.name not in values and f.name not in spans:
                self.problem(
                    node, "missing-field",
                    say("missing_field", record=_article(cls), field=f.name,
                        type=describe(f.hint)),
                    say("missing_field_hint", field=f.name),
                )
                failed = True
        choices = ONE_OF.get(cls)
        if choices:
            present = [c for c in choices if c in spans]
            if len(present) != 1:
                failed = True
                one_of = ", ".join(f"`{c}`" for c in choices)
                self.problem(
                    node, "one-of",
                    say("one_of_found", record=_article(cls), fields=one_of,
                        found=", ".join(present)) if present
                    else say("one_of", record=_article(cls), fields=one_of),
                    say("one_of_split") if present else
                    say("one_of_hint", first=choices[0], second=choices[1]),
                )
        for group in TOGETHER.get(cls, ()):
            given = [name for name in group if name in spans]
            lacking = [name for name in group if name not in spans]
            if given and lacking:
                failed = True
                self.problem(
                    node, "missing-field",
                    say("together_missing", record=_article(cls), given=given[0],
                        lacking=lacking[0]),
                    say("missing_field_hint", field=lacking[0]))
        if cls is m.Turn and not failed:
            problem = _turn_problem(values)
            if problem:
                return self.problem(node, "turn", *problem)
        if kind and "id" not in values and "id" in spans and isinstance(
                written := self._raw(node, "id"), str) and suggest_id(written):
            # Its problem is reported; references to the id its hint suggests are follow-ons.
            self.declared.append(Declared(kind, suggest_id(written),
                                          Span(self.path, *spans["id"]), invalid=True))
        if kind and "id" in values:
            at = spans["id"]
            self.declared.append(Declared(kind, values["id"], Span(self.path, *at)))
            for i, alias in enumerate(values.get("aliases", ())):
                self.declared.append(Declared(kind, alias, Span(self.path, *spans.get(
                    f"aliases.{i}", at)), True))
        if failed:
            return INVALID
        if cls is m.Phrase and "channels" not in values:
            values["channels"] = self.channels
        return cls(at=self.span(node), spans=m.Places.of(spans), **values)


def _turn_problem(values: Mapping[str, Any]) -> tuple[Message, Message] | None:
    if "rep" in values and "step" not in values:
        return say("turn_needs_step"), say("turn_needs_step_hint")
    if ("customer" in values or "note" in values) and ("step" in values or "phrase" in values):
        return say("turn_step_not_rep"), say("turn_step_not_rep_hint")
    return None


def _article(cls: type) -> Message:
    """The record's name in words ("a phrase", "a lesson item"), in the reader's language."""
    return say(f"record_{cls.__name__}")


def _shape_hint(node: yaml.Node, expected: Message) -> Message:
    if isinstance(node, yaml.SequenceNode):
        return say("takes_not_list", expected=expected)
    if isinstance(node, yaml.MappingNode):
        return say("takes_quote", expected=expected)
    return say("takes", expected=expected)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.tag == NULL
