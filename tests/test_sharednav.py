"""Material's navigation is made once for the pages it does not list, and the site is the
same as when every page makes its own: a team's own copy of Material's partial (which the
plugin never shares, since a team's partial may read the page) builds the reference."""

from __future__ import annotations

import shutil
from pathlib import Path

import material
import pytest
from conftest import ROOT, phrasebook

NAV = Path(material.__file__).with_name("templates") / "partials" / "nav.html"


def project(tmp_path: Path, directory_urls: bool, own_nav: bool) -> Path:
    folder = tmp_path / f"{directory_urls}-{own_nav}"
    for part in ("content", "phrasebook", "site_overrides"):
        shutil.copytree(ROOT / part, folder / part)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    urls = f"use_directory_urls: {str(directory_urls).lower()}"
    (folder / "mkdocs.yml").write_text(config.replace("use_directory_urls: true", urls),
                                       encoding="utf-8")
    # A page of the team's own inside a generated page's folder: the nav lists it, so that
    # page links to it differently from its siblings and makes its navigation alone.
    (folder / "content" / "phrasebook" / "our-mistake").mkdir(parents=True)
    (folder / "content" / "phrasebook" / "our-mistake" / "notes.md").write_text(
        "# Notes\n\nOur own notes.\n", encoding="utf-8")
    if own_nav:
        shutil.copy(NAV, folder / "site_overrides" / "partials" / "nav.html")
    return folder


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("directory_urls", [True, False])
def test_shared_navigation_builds_the_same_site(tmp_path: Path, directory_urls: bool) -> None:
    sites = []
    for own_nav in (False, True):
        folder = project(tmp_path, directory_urls, own_nav)
        phrasebook("build", "--site-dir", str(folder / "site"), cwd=folder, check=True)
        sites.append(files(folder / "site"))
    shared, reference = sites
    assert shared.keys() == reference.keys()
    assert [name for name in shared if shared[name] != reference[name]] == []
    notes = "phrasebook/our-mistake/notes/index.html" if directory_urls else \
        "phrasebook/our-mistake/notes.html"
    assert notes in shared
