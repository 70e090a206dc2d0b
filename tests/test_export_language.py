"""Exports speak the handbook's language and keep the team's look.

A French team's handbook, made by `phrasebook init --language fr`, given a light and a dark
palette, a logo, a WhatsApp channel and a git history, is exported in every format; each
export is read as the tool that opens it would: MkDocs and Zensical build the Markdown
project, Python's csv module splits the CSV on the delimiter a French Excel uses.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import phrasebook

PALETTE = [
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "teal",
     "toggle": {"icon": "material/brightness-7", "name": "Passer au mode sombre"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "teal",
     "toggle": {"icon": "material/brightness-4", "name": "Passer au mode clair"}},
]
LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">'
        b'<circle cx="4" cy="4" r="4"/></svg>')
WHATSAPP_PHRASE = """
  - id: bonjour-whatsapp
    step: ecouter
    situations: [en-colere]
    say: Bonjour {prenom}, je vous écoute.
    variants:
      whatsapp: Bonjour {prenom} 👋 Racontez-moi ce qui s'est passé.
    variables:
      prenom: le prénom du client
"""


def git(project: Path, *args: str) -> None:
    when = "2026-11-20T10:00:00Z"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Camille", "GIT_AUTHOR_EMAIL": "c@example.com",
           "GIT_COMMITTER_NAME": "Camille", "GIT_COMMITTER_EMAIL": "c@example.com",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(project), *args], env=env, check=True,
                   capture_output=True)


def handbook(folder: Path, language: str = "fr") -> Path:
    """`phrasebook init` in `language`, with the team's palette, logo and WhatsApp, in git."""
    project = folder / f"handbook-{language}"
    phrasebook("init", str(project), "--language", language, check=True)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["palette"] = PALETTE
    config["theme"]["logo"] = "logo.svg"
    config["theme"]["features"].append("navigation.top")
    plugin = next(p for p in config["plugins"] if isinstance(p, dict))["phrasebook"]
    plugin["channels"] = [{"id": "whatsapp", "label": "WhatsApp", "spoken": False}]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    (project / "handbook" / "logo.svg").write_bytes(LOGO)
    if language == "fr":
        (project / "handbook" / "whatsapp.yml").write_text(
            "phrases:" + WHATSAPP_PHRASE, encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Premier jet du guide")
    return project


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return handbook(tmp_path_factory.mktemp("fr"))


def export(project: Path, fmt: str, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return phrasebook("export", "--format", fmt, str(out), *args, cwd=project)


# --- markdown --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def french_sites(french: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The French handbook exported, then built by MkDocs (strict) and by Zensical."""
    out = tmp_path_factory.mktemp("export") / "project"
    result = export(french, "markdown", out)
    assert result.returncode == 0, result.stderr
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                             "site-mkdocs"], cwd=out, capture_output=True, text=True,
                            timeout=300)
    assert mkdocs.returncode == 0, mkdocs.stderr
    zensical = subprocess.run([str(Path(sys.executable).with_name("zensical")), "build"],
                              cwd=out, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert zensical.returncode == 0, zensical.stdout + zensical.stderr
    return {"project": out, "mkdocs": out / "site-mkdocs", "zensical": out / "site"}


def test_the_markdown_export_carries_the_team_s_theme_and_language(
    french_sites: dict[str, Path],
) -> None:
    config = yaml.safe_load((french_sites["project"] / "mkdocs.yml").read_text("utf-8"))
    theme = config["theme"]
    assert theme["language"] == "fr"
    assert theme["palette"] == PALETTE and theme["logo"] == "logo.svg"
    assert "navigation.top" in theme["features"]
    assert config["plugins"] == [], "the finder is the search: no index of Material's is built"
    assert theme["custom_dir"] == "overrides", "the finder's templates stay the export's own"
    toml = (french_sites["project"] / "zensical.toml").read_text("utf-8")
    assert 'language = "fr"' in toml and '"scheme" = "slate"' in toml


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_the_french_export_builds_in_french_with_both_palettes_and_the_changes_page(
    french_sites: dict[str, Path], builder: str,
) -> None:
    site = french_sites[builder]
    home = (site / "index.html").read_text("utf-8")
    assert '<html lang="fr"' in home
    assert "Trouver quoi dire" in home, "the header's search is the finder, in French"
    assert "Passer au mode sombre" in home and 'data-md-color-scheme="slate"' in home
    assert "logo.svg" in home
    assert 'placeholder="Search"' not in home
    changes = (site / "changes" / "index.html").read_text("utf-8")
    assert "Ce qui a changé" in changes
    assert '<html lang="fr"' in changes


# --- csv -------------------------------------------------------------------------------------


def test_the_csv_of_a_french_handbook_opens_with_semicolons_and_french_headers(
    french: Path, tmp_path: Path,
) -> None:
    result = export(french, "csv", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "phrases.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["ID", "Étape", "Situations", "Canal", "Texte", "À éviter", "Pourquoi",
                       "Lien", "ID du canal"]
    assert all(len(row) == 9 for row in rows)
    by_key = {(row[0], row[8]): row for row in rows[1:]}
    assert by_key[("continuez", "in-person")][3] == "En personne"
    assert by_key[("bonjour-whatsapp", "whatsapp")][3] == "WhatsApp"
    assert by_key[("bonjour-whatsapp", "whatsapp")][4].startswith("Bonjour {prenom} 👋")
    assert by_key[("continuez", "phone")][1] == "1. Écouter"


def test_delimiter_overrides_the_language_s_and_a_wrong_one_is_a_usage_error(
    french: Path, tmp_path: Path,
) -> None:
    result = export(french, "csv", tmp_path / "tab", "--delimiter", "\t")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "tab" / "phrases.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].split("\t")[:2] == ["ID", "Étape"]
    wrong = export(french, "csv", tmp_path / "bad", "--delimiter", ";;")
    assert wrong.returncode == 2 and "--delimiter" in wrong.stderr
    assert not (tmp_path / "bad").exists()


@pytest.mark.parametrize("language, delimiter, header", [
    ("en", ",", "Step"), ("de", ";", "Schritt"), ("es", ";", "Paso")])
def test_each_language_gets_its_spreadsheet_s_delimiter(
    tmp_path: Path, language: str, delimiter: str, header: str,
) -> None:
    project = handbook(tmp_path, language)
    result = export(project, "csv", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    first = (tmp_path / "out" / "phrases.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert first.split(delimiter)[1] == header


# --- vale, espanso, zendesk ------------------------------------------------------------------


def test_vale_rules_keep_their_letters_and_speak_french(french: Path, tmp_path: Path) -> None:
    result = export(french, "vale", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    styles = tmp_path / "out" / "styles" / "Phrasebook"
    names = sorted(p.name for p in styles.glob("*.yml"))
    assert "desole-pour-la-gene-occasionnee.yml" in names and "calmez-vous.yml" in names
    rules = {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in styles.glob("*.yml")}
    assert rules["calmez-vous"]["message"].startswith(
        "Dites «\u202f%s\u202f» au lieu de «\u202f%s\u202f». Le laisser finir")
    assert rules["desole-pour-la-gene-occasionnee"]["message"] == "Évitez «\u202f%s\u202f»."
    first_line = (styles / "calmez-vous.yml").read_text("utf-8").splitlines()[0]
    assert first_line == "# Évité par la formulation continuez\u202f: calmez-vous"
    assert not any(r["message"].startswith(("Say ", "Avoid ")) for r in rules.values())


def test_espanso_s_manifest_and_readme_are_french(french: Path, tmp_path: Path) -> None:
    result = export(french, "espanso", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    manifest = yaml.safe_load((tmp_path / "out" / "_manifest.yml").read_text("utf-8"))
    assert manifest["description"].startswith("Les formulations de ")
    readme = (tmp_path / "out" / "README.md").read_text("utf-8")
    assert "en paquet [espanso]" in readme and "| raccourci | formulation |" in readme
    assert "Install:" not in readme and "| trigger |" not in readme


def test_a_zendesk_title_says_what_its_macro_says(french: Path, tmp_path: Path) -> None:
    result = export(french, "zendesk", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    macro = json.loads((tmp_path / "out" / "macros" / "bonjour-whatsapp.whatsapp.json")
                       .read_text("utf-8"))["macro"]
    assert macro["actions"][0]["value"] == "Bonjour [prenom] 👋 Racontez-moi ce qui s'est passé."
    assert macro["title"].endswith("::Bonjour [prenom] 👋 Racontez-moi ce qui s'est passé. "
                                   "(WhatsApp)")
    assert "{prenom}" not in macro["title"]
