"""One row per phrase and channel, for any helpdesk's import and for spreadsheets.

UTF-8 with a byte-order mark, so Excel opens accents and curly quotes right; lists joined with
` | `. A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is what
spreadsheets run as a formula, so it gets a leading apostrophe (OWASP's advice for CSV
injection): text the team wrote is shown, never executed.

Written for the people who open it: headers, steps, situations and channels in the
handbook's language, and the delimiter a spreadsheet of that language expects. Excel splits
a CSV it opens on the system's list separator, which is `;` wherever the decimal separator is
a comma (German, French, Spanish...), so the delimiter follows CLDR's decimal symbol for the
language (Babel), unless `--delimiter` says otherwise. Two columns stay machine-readable for
tools that re-import the file: the phrase's `id` (the key of its row, with the channel) and
the channel's id, beside its name.
"""

from __future__ import annotations

import csv
import io

from babel.numbers import get_decimal_symbol

from .common import Export, Job, channel_name, lines, link, plain, step_title

COLUMNS = ("id", "step", "situations", "channel", "text", "avoid", "why", "link",
           "channel_id")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def delimiter(job: Job) -> str:
    """The command line's choice, or `;` for a language that writes decimals with a comma."""
    if job.delimiter:
        return job.delimiter
    return ";" if get_decimal_symbol(job.labels.locale) == "," else ","


def header(job: Job) -> list[str]:
    return [job.labels.text(f"csv_{column}") for column in COLUMNS]


def export(job: Job) -> Export:
    handbook = job.handbook
    situations = handbook.index["situation"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter(job), lineterminator="\r\n")
    writer.writerow(header(job))
    for line in lines(handbook):
        phrase = line.phrase
        writer.writerow(cell(value) for value in (
            phrase.id, step_title(handbook, phrase.step),
            " | ".join(getattr(situations.get(s), "title", s) for s in phrase.situations),
            channel_name(job, line.channel), line.text,
            " | ".join(a.text for a in phrase.avoid), plain(phrase.why), link(job, phrase),
            line.channel))
    return Export({"phrases.csv": "\ufeff" + out.getvalue()})
