"""`phrasebook export DIR` writes a complete docs folder any Markdown site tool can build."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT, make_project, phrasebook


def test_export_writes_pages_static_files_hand_written_pages_and_a_nav(tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = phrasebook("export", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "examples" / "cold-meal.md").read_text(encoding="utf-8")
    assert page.startswith("---\ntitle: The cold meal, fixed before the free dessert\n---\n")
    assert '<h1 id="pb-top">' in page
    assert "<h1" in (out / "writing-content.md").read_text(), "the site asks for author pages"
    assert (out / "assets" / "phrasebook" / "phrases.json").is_file()
    assert not list(out.rglob("*.yml"))[1:], "only nav.yml: content YAML is not exported"
    nav = yaml.safe_load((out / "nav.yml").read_text())["nav"]
    assert nav[0] == {"Home": "index.md"}
    targets = _targets(nav)
    assert all((out / target).is_file() for target in targets), "every nav entry exists"


def test_export_copies_the_team_s_hand_written_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"content/about.md": "# About us\n\nWritten by hand.\n"},
                           with_bundled=True)
    out = tmp_path / "export"
    result = phrasebook("export", str(out), "-f", str(project / "mkdocs.yml"))
    assert result.returncode == 0, result.stderr
    assert (out / "about.md").read_text() == "# About us\n\nWritten by hand.\n"
    assert not (out / "reference.md").exists(), "no author page unless the site asks"


def _targets(nav: list[object]) -> list[str]:
    found: list[str] = []
    for item in nav:
        for value in (item.values() if isinstance(item, dict) else [item]):
            found += _targets(value) if isinstance(value, list) else [str(value)]
    return found


def test_the_export_builds_with_plain_mkdocs_without_our_plugin(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert phrasebook("export", str(out)).returncode == 0
    nav = yaml.safe_load((out / "nav.yml").read_text())["nav"]
    config = {
        "site_name": "Exported", "docs_dir": "docs", "nav": nav,
        "theme": {"name": "material", "font": False,
                  "custom_dir": str(ROOT / "site_overrides")},
        "markdown_extensions": ["md_in_html", "attr_list", "admonition"],
        "extra_css": ["assets/phrasebook/phrasebook.css"],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "examples" / "cold-meal" / "index.html").read_text()
    assert "The free dessert before the fix" in html


def test_zensical_builds_the_export_with_every_phrase_anchor(tmp_path: Path) -> None:
    """Material's successor reads mkdocs.yml but ignores plugins: export is how it gets pages."""
    out = tmp_path / "docs"
    assert phrasebook("export", str(out)).returncode == 0
    nav = yaml.safe_load((out / "nav.yml").read_text())["nav"]
    config = {"site_name": "Exported", "docs_dir": "docs", "nav": nav,
              "theme": {"name": "material", "font": False},
              "markdown_extensions": ["md_in_html", "attr_list", "admonition"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    zensical = Path(sys.executable).with_name("zensical")
    result = subprocess.run([str(zensical), "build"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    book = json.loads((out / "assets" / "phrasebook" / "phrases.json").read_text())
    for row in book["phrases"]:
        page, anchor = row["u"].split("#")
        assert f'id="{anchor}"' in (tmp_path / "site" / page / "index.html").read_text()


def test_a_failed_export_leaves_the_previous_export_in_place(tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert phrasebook("export", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    project = tmp_path / "broken"
    project.mkdir()
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(), encoding="utf-8")
    (project / "content").mkdir()
    (project / "phrasebook").mkdir()
    (project / "content" / "bad.yml").write_text("method: [\n", encoding="utf-8")
    result = phrasebook("export", str(out), "-f", str(project / "mkdocs.yml"))
    assert result.returncode == 1
    assert "content/bad.yml:2:1: error yaml-syntax" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
