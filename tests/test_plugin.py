"""A team uses the plugin from its own mkdocs.yml, with its own folders and brand."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT

TEAM_CONTENT = {
    "handbook/method.yml": """\
        method:
          title: Acme way
          steps:
            - id: hear
              title: Hear them out
              goal: Let the customer finish.
            - id: solve
              title: Solve it
              goal: Put it right.
          rules:
            - id: hear-first
              title: Hear before solving
              first: hear
              then: solve
        """,
    "handbook/phrases/main.yml": """\
        situations:
          - id: late-parcel
            title: The parcel is late
            keywords: [delivery, late, missing]
        phrases:
          - id: check-tracking
            step: solve
            situations: [late-parcel]
            say: Let me check where your parcel is right now.
          - id: go-on
            step: hear
            situations: [late-parcel]
            say: Go on, I'm listening.
        """,
    "pages/index.md": "# Acme service handbook\n\nOur own home page.\n",
    "pages/about.md": "# About\n\nWritten by the Acme support team.\n",
}


def team_project(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    project = tmp_path / "acme"
    for name, text in {**TEAM_CONTENT, **(extra or {})}.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        import textwrap

        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Acme support\n"
        "docs_dir: pages\n"
        "theme:\n  name: material\n  font: false\n  palette:\n    primary: deep orange\n"
        "plugins:\n  - search\n  - phrasebook:\n      content: [handbook]\n"
        "      replaces: [index.md]\n",  # their own home page, on purpose
        encoding="utf-8",
    )
    return project


def mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project,
                          capture_output=True, text=True, timeout=300)


def test_plain_mkdocs_build_uses_the_plugin_by_its_entry_point_name(tmp_path: Path) -> None:
    project = team_project(tmp_path)
    result = mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    phrase_page = (site / "phrasebook" / "late-parcel" / "index.html").read_text()
    assert 'id="check-tracking"' in phrase_page
    assert "Let me check where your parcel is right now." in phrase_page
    assert (site / "method" / "hear" / "index.html").is_file()
    assert "Our own home page." in (site / "index.html").read_text(), \
        "a hand-written page listed under `replaces:` replaces the generated one"
    assert (site / "about" / "index.html").is_file()


def test_the_plugin_alone_brings_the_finder_copy_buttons_and_styles(tmp_path: Path) -> None:
    """The team's mkdocs.yml names no custom_dir, extra_css or extra_javascript."""
    project = team_project(tmp_path)
    assert mkdocs(project, "build", "--strict").returncode == 0
    site = project / "site"
    page = (site / "phrasebook" / "late-parcel" / "index.html").read_text()
    assert 'class="pb-finder"' in page
    assert page.count("assets/phrasebook/phrasebook.js") == 1
    assert page.count("assets/phrasebook/phrasebook.css") == 1
    for asset in ("phrasebook.js", "phrasebook.css", "finder-worker.js", "phrases.json"):
        assert (site / "assets" / "phrasebook" / asset).is_file(), asset


def test_a_team_main_html_and_header_win_over_the_plugin_theme(tmp_path: Path) -> None:
    """A team's main.html replaces ours, and the search box stays (it is in the header); a
    team's header replaces ours, and with it the search box, which they include to keep."""
    project = team_project(tmp_path, {
        "theme/main.html": """\
        {% extends "base.html" %}
        {% block content %}<p class="acme-banner">Acme</p>{{ super() }}{% endblock %}
        """,
        "theme/partials/header.html": """\
        <header class="acme-header">{% include "partials/phrase-finder.html" %}</header>
        """})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n",
                                                 "  name: material\n  custom_dir: theme\n"))
    assert mkdocs(project, "build", "--strict").returncode == 0
    page = (project / "site" / "phrasebook" / "late-parcel" / "index.html").read_text()
    assert 'class="acme-banner"' in page and 'class="acme-header"' in page
    assert page.count('class="pb-finder"') == 1 and 'class="md-header' not in page
    assert "assets/phrasebook/phrasebook.js" in page, "the script still comes with the plugin"
    (project / "theme" / "partials" / "header.html").write_text("<header class=acme></header>")
    assert mkdocs(project, "build", "--strict").returncode == 0
    page = (project / "site" / "phrasebook" / "late-parcel" / "index.html").read_text()
    assert 'class="pb-finder"' not in page and "<header class=acme>" in page


def test_the_installed_package_carries_its_templates_and_theme(tmp_path: Path) -> None:
    """What `pip install` of this repository gives a team: built as a wheel, unpacked, and
    used to build a team's handbook without the checkout on the path."""
    source = tmp_path / "source"  # setuptools builds in the tree: not in the checkout
    for part in ("generator", "site_overrides"):
        shutil.copytree(ROOT / part, source / part, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / part, source / part)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-cache-dir",
                    "--wheel-dir", str(tmp_path / "wheel"), str(source)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    project = team_project(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(installed)}
    result = subprocess.run(
        [sys.executable, "-c",
         "import service_phrasebook, sys; print(service_phrasebook.__file__); "
         "from service_phrasebook.cli import main; sys.exit(main(['build', '--strict']))"],
        cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(installed)), "the unpacked wheel, not the checkout"
    assert not (installed / "generator").exists(), "no top-level module named `generator`"
    page = (project / "site" / "phrasebook" / "late-parcel" / "index.html").read_text()
    assert 'class="pb-finder"' in page
    assert (project / "site" / "assets" / "phrasebook" / "finder-worker.js").is_file()


def test_generated_pages_are_never_written_into_the_docs_dir(tmp_path: Path) -> None:
    project = team_project(tmp_path)
    before = sorted(p.relative_to(project).as_posix() for p in (project / "pages").rglob("*"))
    assert mkdocs(project, "build").returncode == 0
    after = sorted(p.relative_to(project).as_posix() for p in (project / "pages").rglob("*"))
    assert after == before


def test_content_yaml_inside_docs_dir_is_not_copied_to_the_site(tmp_path: Path) -> None:
    project = team_project(tmp_path)
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml").read_text().replace("docs_dir: pages", "docs_dir: handbook"),
        encoding="utf-8",
    )
    assert mkdocs(project, "build", "--strict").returncode == 0
    assert not list((project / "site").rglob("*.yml"))


def test_a_loading_error_stops_mkdocs_build_with_its_place_and_keeps_the_old_site(
    tmp_path: Path,
) -> None:
    project = team_project(tmp_path)
    assert mkdocs(project, "build").returncode == 0
    marker = project / "site" / "index.html"
    before = marker.read_bytes()
    broken = project / "handbook" / "phrases" / "main.yml"
    broken.write_text(broken.read_text().replace("step: solve", "step: sovle"), "utf-8")
    result = mkdocs(project, "build")
    assert result.returncode == 1
    assert "handbook/phrases/main.yml:7:11: error unknown-reference no step has the id " \
           "`sovle`" in result.stderr
    assert "did you mean `solve`?" in result.stderr
    assert marker.read_bytes() == before, "MkDocs must not clean the site before we fail"


def test_the_guidance_check_runs_inside_mkdocs_build(tmp_path: Path) -> None:
    project = team_project(tmp_path, {"handbook/wrong.yml": """\
        examples:
          - id: rushed
            title: Rushed
            channel: phone
            setting: A late parcel.
            dialogue:
              - customer: Where is it?
              - rep: I'll send a new one now.
                step: solve
            takeaway: None.
        """})
    result = mkdocs(project, "build")
    assert result.returncode == 1
    assert "handbook/wrong.yml:8:" in result.stderr and " order " in result.stderr


def test_the_bundled_site_builds_strict_with_plain_mkdocs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
         str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "not included in the \"nav\"" not in result.stderr, \
        "situation and example pages are reached from their index pages, without a warning"
    assert (tmp_path / "site" / "writing-content" / "index.html").is_file()
    assert (tmp_path / "site" / "reference" / "index.html").is_file()
