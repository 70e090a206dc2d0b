"""The field reference page: every section and field of the format, generated from `model`.

Hand-written documentation drifts; this page is made from the same type hints the loader
decodes with, so it is always exactly what the loader accepts. Its words are the catalogs':
each record's title and description are `record_title_<Name>` and `record_doc_<Name>` (the
English description is the record class's docstring, tests/test_messages.py holds them
together), its types the loader's own (`describe`).
"""

from __future__ import annotations

import dataclasses
import html
import typing
from collections.abc import Callable
from typing import Any, get_args, get_origin

from . import model as m
from .labels import Labels
from .load import ONE_OF, SHORTHAND, TOGETHER, describe, fields_of
from .messages import Message, say


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


def _see(hint: Any, labels: Labels) -> str:
    """A link to the section describing the record a field holds, if it holds one."""
    inner: dict[str, type] = {}
    for arg in (hint, *get_args(hint)):
        if isinstance(arg, type) and dataclasses.is_dataclass(arg):
            inner[arg.__name__] = arg
    return "".join(f' (<a href="#{n.lower()}">{_title(n, labels)}</a>)' for n in inner)


def _title(name: str, labels: Labels) -> str:
    return html.escape(labels.say(say(f"record_title_{name}")))


def _default(field: Any) -> Message:
    if field.required:
        return say("reference_required")
    if field.default is dataclasses.MISSING or field.default in ((), None):
        return say("reference_optional")
    if isinstance(field.default, tuple):
        return say("reference_default", value=", ".join(str(v) for v in field.default))
    return say("reference_default", value=str(field.default))


def reference_html(labels: Labels, inline: Callable[[str], str]) -> str:
    """The page in `labels`' language: each record's name and description (Markdown, made
    HTML by `inline`), its fields' types and defaults; field names stay as YAML writes them."""
    found: dict[str, type] = {}
    _records(m.Document, found)

    def text(message: Message) -> str:
        return html.escape(labels.say(message))

    parts = [
        f'<h1 id="pb-top">{text(say("reference"))}</h1>',
        f"<p>{text(say('reference_intro'))}</p>",
    ]
    for name, cls in found.items():
        parts.append(f'<h2 id="{name.lower()}">{_title(name, labels)}</h2>')
        parts.append(f"<p>{inline(labels.say(say(f'record_doc_{name}')))}</p>")
        if cls in SHORTHAND:
            parts.append(f"<p>{text(say('reference_shorthand', field='FIELD'))}</p>".replace(
                "FIELD", f"<code>{SHORTHAND[cls]}</code>"))
        if cls in ONE_OF:
            keys = ", ".join(f"<code>{k}</code>" for k in ONE_OF[cls])
            parts.append(f"<p>{text(say('reference_one_of', fields='FIELDS'))}</p>".replace(
                "FIELDS", keys))
        for group in TOGETHER.get(cls, ()):
            keys = ", ".join(f"<code>{k}</code>" for k in group)
            parts.append(f"<p>{text(say('reference_together', fields='FIELDS'))}</p>".replace(
                "FIELDS", keys))
        rows = "".join(
            f"<tr><td><code>{f.name}</code></td><td>{text(describe(f.hint))}"
            f"{_see(f.hint, labels)}</td>"
            f"<td>{text(_default(f))}</td></tr>"
            for f in fields_of(cls)
        )
        parts.append(
            f'<table><thead><tr><th scope="col">{text(say("reference_field"))}</th>'
            f'<th scope="col">{text(say("reference_value"))}</th>'
            f'<th scope="col">{text(say("reference_required_head"))}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    return "\n".join(parts)
