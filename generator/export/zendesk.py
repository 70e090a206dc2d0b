"""Helpdesk macros in the shape of Zendesk's Macros API, one file per phrase and channel.

Each file is the body of `POST /api/v2/macros` (`{"macro": {...}}`), so a team imports it
with one `curl` per file and nothing to convert. Titles use Zendesk's `::` nesting
(situation, then step, then the phrase) so agents find a macro the way the handbook is read.

Fill-ins become the helpdesk's placeholders where the team maps them in the plugin config
(`zendesk_placeholders: {customer_name: "{{ticket.requester.first_name}}"}`); the others stay
visible as `[customer_name]` for the agent to fill, and the export says so once per phrase.

Zendesk renders a macro's comment as Liquid when the ticket is updated: `{{ ... }}` in the
text would be filled with ticket data (`{{ ticket.latest_private_comment }}` puts internal
notes in the customer's reply) and `{% ... %}` would run. So every `{` of the team's text is
written as Liquid's own output of a one-character string, `{{ '{' }}`, which renders as `{`:
no brace of the text is left for Liquid to pair, whatever follows it. Only the team's mapping
in mkdocs.yml makes a live placeholder.
"""

from __future__ import annotations

import json

from .. import model as m
from ..messages import say
from .common import (
    FILL_IN,
    Export,
    Job,
    Line,
    Notes,
    channel_name,
    fill_ins,
    lines,
    link,
    note,
    plain,
    shown,
    step_title,
    unique,
)

BRACE = "{{ '{' }}"  # Liquid prints the string literal: a `{` that opens nothing


def literal(text: str) -> str:
    """Text that Liquid renders exactly as written."""
    return text.replace("{", BRACE)


def _title_part(text: str) -> str:
    """A piece of a title: `::` would nest one level deeper, so it becomes `:`."""
    return " ".join(text.replace("::", ":").split())


def title(job: Job, line: Line) -> str:
    """`Situation::3. Step::Phrase (Chat)`: the phrase as the macro's body says it (the
    channel's own wording, its fill-ins as `[name]`) unless it has a title of its own."""
    phrase = line.phrase
    situation = job.handbook.index["situation"][phrase.situations[0]]
    heading = getattr(situation, "title", situation.id)
    return "::".join(_title_part(part) for part in (
        heading, step_title(job.handbook, phrase.step),
        f"{phrase.title or shown(line.text)} ({channel_name(job, line.channel)})"))


def comment(line: Line, placeholders: dict[str, str]) -> str:
    """The macro's body: the text as written, each mapped fill-in the team's placeholder."""
    parts = FILL_IN.split(line.text)  # text, name, text, name, ..., text
    return "".join(literal(part) if n % 2 == 0 else
                   placeholders.get(part) or literal(f"[{part}]")
                   for n, part in enumerate(parts))


def export(job: Job) -> Export:
    placeholders = dict(job.settings.zendesk_placeholders)
    notes = Notes()
    files: dict[str, str] = {}
    titles: list[tuple[str, m.Phrase]] = []
    for line in lines(job.handbook, only_written=True):
        phrase = line.phrase
        missing = [name for name in fill_ins(line.text) if name not in placeholders]
        if missing:
            notes.add(phrase, note(
                phrase, "export-fill-in",
                say("zendesk_fill_in", phrase=phrase.id,
                    fill_ins=", ".join(f"{{{name}}}" for name in missing),
                    shown=", ".join(f"[{name}]" for name in missing)),
                say("zendesk_fill_in_hint")))
        macro = {
            "title": title(job, line),
            "description": " ".join(filter(None, (plain(phrase.why), link(job, phrase)))),
            "active": True,
            "actions": [{"field": "comment_value", "value": comment(line, placeholders)}],
        }
        titles.append((str(macro["title"]), phrase))
        files[f"macros/{phrase.id}.{line.channel}.json"] = json.dumps(
            {"macro": macro}, ensure_ascii=False, indent=2) + "\n"
    unique(titles, say("zendesk_title"), say("zendesk_title_hint"))
    return Export(files, notes.all())
