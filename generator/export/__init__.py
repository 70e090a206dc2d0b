"""Exports: the same checked handbook as files for other tools, one sibling module a format.

`markdown` (a ready Markdown project for MkDocs or Zensical), `zendesk` (helpdesk macros),
`csv` (one row per phrase and channel), `espanso` (a text-expander package) and `vale` (a
style for editors). Each is a pure function `Job -> Export`; the command line writes the
result in one atomic swap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from . import csv, espanso, markdown, vale, zendesk
from .common import Export, Job

FORMATS: Mapping[str, Callable[[Job], Export]] = MappingProxyType({
    "markdown": markdown.export,
    "zendesk": zendesk.export,
    "csv": csv.export,
    "espanso": espanso.export,
    "vale": vale.export,
})

__all__ = ["FORMATS", "Export", "Job"]
