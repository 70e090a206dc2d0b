"""One row per phrase and channel, for any helpdesk's import and for spreadsheets.

UTF-8 with a byte-order mark, so Excel opens accents and curly quotes right; a fixed header;
lists joined with ` | `. A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return is what spreadsheets run as a formula, so it gets a leading apostrophe (OWASP's advice
for CSV injection): text the team wrote is shown, never executed.
"""

from __future__ import annotations

import csv
import io

from .common import Export, Job, lines, link, plain

HEADER = ("id", "step", "situations", "channel", "text", "avoid", "why", "link")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def export(job: Job) -> Export:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for line in lines(job.handbook):
        phrase = line.phrase
        writer.writerow(cell(value) for value in (
            phrase.id, phrase.step, " | ".join(phrase.situations), line.channel, line.text,
            " | ".join(a.text for a in phrase.avoid), plain(phrase.why), link(job, phrase)))
    return Export({"phrases.csv": "\ufeff" + out.getvalue()})
