"""A text-expander package for espanso: `package.yml`, `_manifest.yml` and `README.md`.

Each phrase on each written channel gets a trigger made from its id (`:apologize/email`), so a
rep who knows the handbook can type it, and a label and search terms for espanso's search bar
for one who does not. A text with fill-ins becomes a form: `{customer_name}` is a field
(`[[customer_name]]`) the rep fills in before the text is typed.

espanso fires a trigger as soon as it is typed, so a trigger that begins another would fire
first and make the longer one unreachable: that is reported as a clash naming both phrases.
"""

from __future__ import annotations

import re

import yaml

from .. import model as m
from ..messages import say
from .common import FILL_IN, Export, Job, Line, Notes, lines, note, unique

# espanso reads `{{name}}` as a variable everywhere, `[[name]]` as a field in a form and
# `$|$` as where to leave the cursor.
_RESERVED = re.compile(r"\{\{|\}\}|\[\[|\]\]|\$\|\$")


def trigger(line: Line) -> str:
    return f":{line.phrase.id}/{line.channel}"


def package_name(site_name: str) -> str:
    """espanso's rule: lower-case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", site_name.casefold()).strip("-") or "phrasebook"


def match(job: Job, line: Line) -> dict[str, object]:
    phrase = line.phrase
    situations = job.handbook.index["situation"]
    found: dict[str, object] = {"trigger": trigger(line), "label": phrase.heading}
    if FILL_IN.search(line.text):
        found["form"] = FILL_IN.sub(lambda f: f"[[{f[1]}]]", line.text)
    else:
        found["replace"] = line.text
    terms = [getattr(situations[s], "title", s) for s in phrase.situations] + list(phrase.tags)
    found["search_terms"] = list(dict.fromkeys(terms))
    return found


def export(job: Job) -> Export:
    notes = Notes()
    matches: list[dict[str, object]] = []
    triggers: list[tuple[str, m.Phrase]] = []
    for line in lines(job.handbook, only_written=True):
        if _RESERVED.search(line.text):
            notes.add(line.phrase, note(
                line.phrase, "export-literal",
                say("espanso_literal", phrase=line.phrase.id), say("espanso_literal_hint")))
            continue
        matches.append(match(job, line))
        triggers.append((trigger(line), line.phrase))
    unique(triggers, say("espanso_trigger_what"), say("espanso_trigger_hint"),
           clash=lambda a, b: b.startswith(a))
    name = package_name(job.site_name)
    today = job.settings.today
    manifest = {"name": name, "title": job.site_name,
                "description": job.labels.text("espanso_description", site=job.site_name),
                "version": f"{today.year}.{today.month}.{today.day}",
                "author": job.site_name}
    files: dict[str, str | bytes] = {
        "package.yml": _yaml({"matches": matches}),
        "_manifest.yml": _yaml(manifest),
        "README.md": _readme(job, name, matches),
    }
    return Export(files, notes.all())


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _cell(text: str) -> str:
    """Text in a Markdown table cell: pipes and tags would break the table."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def _readme(job: Job, name: str, matches: list[dict[str, object]]) -> str:
    """The package's README in the handbook's language: what it is, how to install it, and
    the first triggers."""
    t = job.labels.text
    rows = "\n".join(f"| `{m['trigger']}` | {_cell(str(m['label']))} |" for m in matches[:20])
    more = (f"\n\n{t('espanso_more', len(matches) - 20, file='package.yml')}"
            if len(matches) > 20 else "")
    folder = f"$(espanso path config)/match/packages/{name}/"
    return f"""# {job.site_name}

{t("espanso_intro", site=job.site_name)}

{t("espanso_install", folder=folder)}

| {t("espanso_trigger")} | {t("espanso_phrase")} |
| --- | --- |
{rows}{more}
"""
