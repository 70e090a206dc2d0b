"""Helpdesk macros in the shape of Zendesk's Macros API, one file per phrase and channel.

Each file is the body of `POST /api/v2/macros` (`{"macro": {...}}`), so a team imports it
with one `curl` per file and nothing to convert. Titles use Zendesk's `::` nesting
(situation, then step, then the phrase) so agents find a macro the way the handbook is read.

Fill-ins become the helpdesk's placeholders where the team maps them in the plugin config
(`zendesk_placeholders: {customer_name: "{{ticket.requester.first_name}}"}`); the others stay
visible as `[customer_name]` for the agent to fill, and the export says so once per phrase.
Zendesk reads `{{` and `{%` in a comment as placeholders, so text holding them is reported.
"""

from __future__ import annotations

import json
import re

from .. import model as m
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

_LIQUID = re.compile(r"\{\{|\{%")


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
    return FILL_IN.sub(lambda found: placeholders.get(found[1], f"[{found[1]}]"), line.text)


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
                f"phrase `{phrase.id}`: no Zendesk placeholder for "
                + ", ".join(f"{{{name}}}" for name in missing)
                + "; the macro shows " + ", ".join(f"[{name}]" for name in missing)
                + " for the agent to fill in",
                "map it under the phrasebook plugin's `zendesk_placeholders` in mkdocs.yml, "
                'e.g. customer_name: "{{ticket.requester.first_name}}"'))
        if _LIQUID.search(FILL_IN.sub("", line.text)):
            notes.add(phrase, note(
                phrase, "export-literal", f"phrase `{phrase.id}`: Zendesk reads `{{{{` and "
                "`{%` as placeholders, so this text will not arrive as written",
                "reword the text without `{{` or `{%`"))
        macro = {
            "title": title(job, line),
            "description": " ".join(filter(None, (plain(phrase.why), link(job, phrase)))),
            "active": True,
            "actions": [{"field": "comment_value", "value": comment(line, placeholders)}],
        }
        titles.append((str(macro["title"]), phrase))
        files[f"macros/{phrase.id}.{line.channel}.json"] = json.dumps(
            {"macro": macro}, ensure_ascii=False, indent=2) + "\n"
    unique(titles, "Zendesk macro title",
           "give one of them a `title:` so agents can tell the macros apart")
    return Export(files, notes.all())
