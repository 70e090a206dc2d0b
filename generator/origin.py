"""Where this installation of the phrasebook came from, as a line of requirements.txt.

pip records it (PEP 610, `direct_url.json` in the installed distribution's metadata) for
everything not installed from a package index: a local folder, a Git checkout, an archive at
an address. `phrasebook init` writes that into the new handbook's requirements.txt, so CI
installs what the team installed, and says so plainly when it is a folder on this machine,
which no CI runner can reach.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "service-phrasebook"
_SAFE = re.compile(r"[^\s#;]+")  # one token of a requirement line: no space, comment or marker


@dataclass(frozen=True, slots=True)
class Origin:
    """`requirement` is the line for requirements.txt; `local` is set when it names a
    folder or a file on this machine."""

    requirement: str
    local: Path | None = None


def origin(distribution: str = DISTRIBUTION) -> Origin:
    """This installation's origin, read from its metadata; a package index when pip
    recorded no direct URL (or one that cannot be written on one line)."""
    # Run inside a source folder, the build's own `*.egg-info` there is found first and
    # says nothing of where the installed copy came from: the one pip recorded comes first.
    found = list(metadata.distributions(name=distribution))
    recorded = [(d, text) for d in found if (text := d.read_text("direct_url.json"))]
    if recorded:
        dist, text = recorded[0]
        return from_direct_url(text, distribution, dist.version)
    return from_direct_url(None, distribution, found[0].version) if found else \
        Origin(distribution)


def from_direct_url(text: str | None, name: str, version: str) -> Origin:
    """A requirement from the text of a `direct_url.json` (PEP 610): `name @ url` for an
    archive, `name @ vcs+url@commit` for a checkout, the folder's address for a local
    folder, `name==version` from an index."""
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        data = {}
    url = data.get("url")
    if not isinstance(url, str) or not _SAFE.fullmatch(url):
        return Origin(f"{name}=={version}" if _SAFE.fullmatch(version) else name)
    vcs = data.get("vcs_info")
    if isinstance(vcs, dict) and isinstance(vcs.get("vcs"), str):
        commit = vcs.get("commit_id")
        pinned = f"@{commit}" if isinstance(commit, str) and _SAFE.fullmatch(commit) else ""
        return Origin(f"{name} @ {vcs['vcs']}+{url}{pinned}")
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == "file" and "dir_info" in data:
        return Origin(f"{name} @ {url}", Path(urllib.parse.unquote(parsed.path)))
    archive = data.get("archive_info")
    hashes = archive.get("hashes") if isinstance(archive, dict) else None
    if isinstance(hashes, dict) and isinstance(hashes.get("sha256"), str) and \
            _SAFE.fullmatch(hashes["sha256"]) and "#" not in url:
        url += f"#sha256={hashes['sha256']}"
    folder = Path(urllib.parse.unquote(parsed.path)) if parsed.scheme == "file" else None
    return Origin(f"{name} @ {url}", folder)
