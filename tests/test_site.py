"""The built site as a whole: every link resolves, and the same input builds the same bytes."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import phrasebook


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("name"):
            self.ids.add(str(values["name"]))
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "link", "script", "img"):
                self.links.append(str(values[name]))


def parse(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, page: Path, path: str) -> Path:
    if path.startswith("/"):  # 404.html links from the site root, wherever it is shown
        target = (site / unquote(path).lstrip("/")).resolve()
    else:
        target = (page.parent / unquote(path)).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    return target


def test_every_internal_link_and_anchor_resolves(bundled_site: Path) -> None:
    pages = sorted(bundled_site.rglob("*.html"))
    parsed = {page.resolve(): parse(page) for page in pages}
    broken: list[str] = []
    external: set[str] = set()
    checked = 0
    for page in pages:
        for link in parsed[page.resolve()].links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto", "tel") or parts.netloc:
                external.add(link)
                continue
            if parts.scheme == "data" or link.startswith("javascript:"):
                broken.append(f"{page}: {link}")
                continue
            target = target_file(bundled_site, page, parts.path)
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(bundled_site)}: {link} (no file)")
            elif parts.fragment and target.suffix == ".html":
                ids = parsed.get(target.resolve()) or parse(target)
                if unquote(parts.fragment) not in ids.ids and parts.fragment not in (
                    "__search", "__drawer", "__toc"):
                    broken.append(f"{page.relative_to(bundled_site)}: {link} (no anchor)")
    assert broken == []
    assert checked > 1000
    assert all(not link.startswith("http://") or "127.0.0.1" in link for link in external)


def test_two_builds_of_the_same_input_are_identical(tmp_path: Path) -> None:
    """MkDocs stamps the build date (sitemap lastmod, the gzip header); SOURCE_DATE_EPOCH,
    set by the test helper, fixes it, so no file needs to be left out of the comparison."""
    def digest(site: Path) -> dict[str, str]:
        return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(site.rglob("*")) if p.is_file()}

    first, second = tmp_path / "one", tmp_path / "two"
    phrasebook("build", "--site-dir", str(first), check=True)
    phrasebook("build", "--site-dir", str(second), check=True)
    assert digest(first) == digest(second)


def test_search_holds_every_page_but_the_copies_and_material_builds_no_index_of_its_own(
    bundled_site: Path,
) -> None:
    """The finder is the site's one search: it finds the pages that are no entry's (the
    reply checker, the author pages), but not desk cards or what changed, which repeat
    phrases that live on their own pages. Material's search index is not built."""
    from service_phrasebook.finder.parts import Index

    rows = list(Index.in_folder(bundled_site / "assets" / "phrasebook").rows())
    locations = [row["u"] for row in rows]
    assert any(loc.startswith("phrasebook/") for loc in locations)
    assert any(loc.startswith("reply/") for loc in locations)
    assert any(loc.startswith("writing-content/") for loc in locations)
    assert not [loc for loc in locations if loc.startswith(("cards/", "changes/"))]
    assert not (bundled_site / "search").exists()
    assert (bundled_site / "cards" / "index.html").is_file()
