"""The field reference page: every section and field of the format, generated from `model`.

Hand-written documentation drifts; this page is made from the same type hints the loader
decodes with, so it is always exactly what the loader accepts.
"""

from __future__ import annotations

import dataclasses
import html
import typing
from typing import Any, get_args, get_origin

from . import model as m
from .load import ONE_OF, SHORTHAND, TOGETHER, describe, fields_of


def _records(hint: Any, found: dict[str, type]) -> None:
    """Every record type reachable from `hint`, in the order a reader meets them."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if hint.__name__ in found:
            return
        found[hint.__name__] = hint
        for field in fields_of(hint):
            _records(field.hint, found)
        return
    for arg in get_args(hint):
        if get_origin(hint) is not typing.Annotated or arg is get_args(hint)[0]:
            _records(arg, found)


def _see(hint: Any) -> str:
    """A link to the section describing the record a field holds, if it holds one."""
    inner: dict[str, type] = {}
    for arg in (hint, *get_args(hint)):
        if isinstance(arg, type) and dataclasses.is_dataclass(arg):
            inner[arg.__name__] = arg
    return "".join(f' (<a href="#{n.lower()}">{n}</a>)' for n in inner)


def _default(field: Any) -> str:
    if field.required:
        return "required"
    if field.default is dataclasses.MISSING or field.default in ((), None):
        return "optional"
    if isinstance(field.default, tuple):
        return "default: " + ", ".join(str(v) for v in field.default)
    return f"default: {field.default}"


def reference_html() -> str:
    found: dict[str, type] = {}
    _records(m.Document, found)
    parts = [
        '<h1 id="pb-top">Field reference</h1>',
        "<p>Every field of every section, generated from the model the loader uses, so it is "
        "always exactly what the loader accepts.</p>",
    ]
    for name, cls in found.items():
        title = "A content file" if cls is m.Document else name
        parts.append(f'<h2 id="{name.lower()}">{html.escape(title)}</h2>')
        parts.append(f"<p>{html.escape(' '.join((cls.__doc__ or '').split()))}</p>")
        if cls in SHORTHAND:
            parts.append(f"<p>May be written as a bare text, which stands for "
                         f"<code>{SHORTHAND[cls]}</code>.</p>")
        if cls in ONE_OF:
            keys = ", ".join(f"<code>{k}</code>" for k in ONE_OF[cls])
            parts.append(f"<p>Takes exactly one of {keys}.</p>")
        for group in TOGETHER.get(cls, ()):
            keys = " and ".join(f"<code>{k}</code>" for k in group)
            parts.append(f"<p>{keys} are written together.</p>")
        rows = "".join(
            f"<tr><td><code>{f.name}</code></td><td>{html.escape(describe(f.hint))}"
            f"{_see(f.hint)}</td>"
            f"<td>{html.escape(_default(f))}</td></tr>"
            for f in fields_of(cls)
        )
        parts.append(
            '<table><thead><tr><th scope="col">Field</th><th scope="col">Value</th>'
            f'<th scope="col">Required</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    return "\n".join(parts)
