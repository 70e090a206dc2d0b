"""A JSON Schema for the content files, generated from the records in `model`.

Editors with the YAML language server read it (`# yaml-language-server: $schema=...` at the
top of each file) to complete field names and flag mistakes while the author types. It is
generated, never written by hand, so it cannot drift from what the loader accepts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

from . import model as m
from .load import ONE_OF, SHORTHAND, SLUG_RE, TOGETHER, VARIABLE_RE, fields_of
from .load.fields import FINGERPRINT_RE

SCHEMA_FILE = Path(__file__).with_name("schema.json")


def _type(hint: Any, defs: dict[str, Any], channels: tuple[str, ...]) -> dict[str, Any]:
    origin, args = get_origin(hint), get_args(hint)
    if origin is typing.Annotated:
        kind = args[1]
        if kind == m.Ref("channel"):  # the handbook's own, listed so editors complete them
            return {"type": "string", "enum": list(channels),
                    "description": "a channel: a built-in one or one declared in mkdocs.yml"}
        if isinstance(kind, m.Ref):
            return {"type": "string", "pattern": "^" + SLUG_RE.pattern.replace("\\Z", "$"),
                    "description": f"the id of a {kind.kind}"}
        out: dict[str, Any] = {"type": "string", "description": kind.doc}
        if kind is m.SLUG:
            out["pattern"] = "^" + SLUG_RE.pattern.replace("\\Z", "$")
        elif kind is m.VARIABLE:
            out["pattern"] = "^" + VARIABLE_RE.pattern.replace("\\Z", "$")
        elif kind is m.URL:
            out["pattern"] = "^https?://"
        elif kind is m.FINGERPRINT:
            out["pattern"] = "^" + FINGERPRINT_RE.pattern.replace("\\Z", "$")
        else:
            out["minLength"] = 1
        return out
    if origin in (types.UnionType, typing.Union):
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return _type(options[0], defs, channels)
        return {"anyOf": [_type(o, defs, channels) for o in options]}
    if origin is tuple:
        return {"type": "array", "items": _type(args[0], defs, channels)}
    if origin in (Mapping, dict):
        return {"type": "object", "propertyNames": _type(args[0], defs, channels),
                "additionalProperties": _type(args[1], defs, channels)}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer", "minimum": 1}
    if hint is dt.date:
        return {"type": "string", "format": "date"}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}  # reserve first: records may refer to themselves
            defs[name] = _record(hint, defs, channels)
        ref: dict[str, Any] = {"$ref": f"#/$defs/{name}"}
        if hint in SHORTHAND:
            return {"anyOf": [{"type": "string", "minLength": 1}, ref]}
        return ref
    raise TypeError(f"no schema for {hint!r}")


def _required_list(spec: dict[str, Any]) -> dict[str, Any]:
    """A list that must be given must not be empty either, as the loader says."""
    return {**spec, "minItems": 1} if spec.get("type") == "array" else spec


def _record(cls: type, defs: dict[str, Any], channels: tuple[str, ...]) -> dict[str, Any]:
    fields = fields_of(cls)
    out: dict[str, Any] = {
        "type": "object",
        "description": " ".join((cls.__doc__ or "").split()),
        "properties": {f.name: _required_list(_type(f.hint, defs, channels)) if f.required
                       else _type(f.hint, defs, channels) for f in fields},
        "additionalProperties": False,
    }
    required = [f.name for f in fields if f.required]
    if required:
        out["required"] = required
    if cls in ONE_OF:
        out["oneOf"] = [{"required": [name]} for name in ONE_OF[cls]]
    together = {name: [other for other in group if other != name]
                for group in TOGETHER.get(cls, ()) for name in group}
    if together:
        out["dependentRequired"] = together
    return out


def schema(channels: tuple[str, ...] = m.CHANNELS) -> dict[str, Any]:
    """The schema for a handbook with these channels (the built-in ones by default)."""
    defs: dict[str, Any] = {}
    root = _record(m.Document, defs, channels)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://service-phrasebook.invalid/schema.json",
        "title": "Service phrasebook content file",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def write(path: Path = SCHEMA_FILE) -> None:
    path.write_text(json.dumps(schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
