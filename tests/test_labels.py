"""The tool's own words come from a catalog per language; a team can change any of them.

The catalogs are the package's `locales/` (messages.pot is English, `<language>.po` its
translations). These tests read them with Babel, as the tool does, and build real sites.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import phrasebook
from service_phrasebook import labels as L

TRANSLATIONS = [language for language in L.shipped() if language != "en"]


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_a_shipped_catalog_translates_every_label(language: str) -> None:
    with (L.LOCALES / f"{language}.po").open("rb") as file:
        catalog = read_po(file, locale=language)
    english = L.english()
    texts = {m.context: m for m in catalog if m.context}
    assert sorted(set(english) - set(texts)) == [], "keys missing from the catalog"
    assert sorted(set(texts) - set(english)) == [], "keys the tool does not have"
    for key, message in texts.items():
        forms = L._strings(message.string)
        assert all(forms) and not message.fuzzy, f"{language}: `{key}` is not translated"
        if len(english[key]) > 1:
            assert len(forms) == catalog.num_plurals, f"{language}: `{key}` plural forms"
        assert set().union(*map(L.placeholders, forms)) <= L.placeholders(english[key][-1]), \
            f"{language}: `{key}` uses a value the tool does not give"
        assert L.placeholders(forms[-1]) == L.placeholders(english[key][-1]), \
            f"{language}: `{key}` leaves out a value"


@pytest.mark.parametrize("name", ["messages.pot", *(f"{lang}.po" for lang in TRANSLATIONS)])
def test_every_catalog_reads_without_a_broken_entry(name: str) -> None:
    """Several people append to the catalogs at once; a merge that drops an entry's msgstr
    is only a warning for Babel, and the labels silently lose their text."""
    with (L.LOCALES / name).open("rb") as file:
        read_po(file, abort_invalid=True)


def test_the_english_catalog_names_every_value_it_uses_in_every_form() -> None:
    for key, forms in L.english().items():
        assert all(L.placeholders(f) <= L.placeholders(forms[-1]) for f in forms), key


@pytest.mark.parametrize(("language", "counts"), [
    ("en", {0: "0 phrases", 1: "1 phrase", 2: "2 phrases"}),
    ("de", {0: "0 Formulierungen", 1: "1 Formulierung", 2: "2 Formulierungen"}),
    ("fr", {0: "0 formulation", 1: "1 formulation", 2: "2 formulations"}),
    ("es", {0: "0 frases", 1: "1 frase", 2: "2 frases"}),
])
def test_counts_follow_each_language_plural_rules(language: str, counts: dict[int, str]) -> None:
    if language not in L.shipped():
        pytest.skip(f"no {language} catalog yet")
    labels, problems = L.labels_for(language)
    assert problems == []
    assert {n: labels.text("phrase_count", n) for n in counts} == counts


def test_the_browser_gets_plural_labels_by_cldr_category() -> None:
    labels, _ = L.labels_for("en")
    script = labels.for_script(["finder_found", "finder_none"])
    assert script["finder_found"] == {"one": "{count} phrase found",
                                      "other": "{count} phrases found"}
    assert script["finder_none"] == "No phrase matches."


def test_a_label_is_escaped_and_its_values_too_unless_they_are_markup() -> None:
    labels, _ = L.labels_for("en", {"copy_link": "<b>Link</b> {count.__class__}"})
    assert str(labels.html("copy_link")) == "&lt;b&gt;Link&lt;/b&gt; {count.__class__}"
    assert str(labels.html("quoted", text="<script>")) == "“&lt;script&gt;”"


def test_a_language_without_catalog_falls_back_to_english_and_says_so() -> None:
    labels, problems = L.labels_for("tlh")
    assert labels.text("say") == "Say"
    assert len(problems) == 1 and "`tlh`" in str(problems[0])
    assert L.labels_for("en-GB")[1] == [], "English in any region needs no catalog"


def test_a_regional_language_uses_its_language_catalog() -> None:
    labels, problems = L.labels_for("de-CH")
    assert problems == [] and labels.text("say") == L.labels_for("de")[0].text("say")
    assert "`pt-BR`" in str(L.labels_for("pt-BR")[1][0]), "no Portuguese catalog: a warning"


def test_an_override_replaces_a_label_in_every_form_or_by_plural_category() -> None:
    labels, _ = L.labels_for("en", {"say": "Tell them", "phrase_count": {
        "one": "one line", "other": "{count} lines"}})
    assert labels.text("say") == "Tell them"
    assert [labels.text("phrase_count", n) for n in (1, 3)] == ["one line", "3 lines"]


SITUATIONS = """\
    method:
      title: Der Weg
      steps:
        - {id: zuhoeren, title: Zuhören, goal: Ausreden lassen.}
    situations:
      - {id: stoerung, title: Die Leitung ist gestört, keywords: [Störung, Ausfall]}
      - {id: rechnung, title: Die Rechnung ist zu hoch, keywords: [Rechnung]}
      - {id: kuendigung, title: Der Kunde will kündigen}
    phrases:
      - {id: erzaehlen, step: zuhoeren, situations: [stoerung, rechnung, kuendigung],
         say: Erzählen Sie mir bitte alles.}
    """


def _project(tmp_path: Path, plugin_options: str) -> Path:
    project = tmp_path / "team"
    (project / "handbook").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "handbook" / "all.yml").write_text(textwrap.dedent(SITUATIONS), "utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Team\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - phrasebook:\n      content: [handbook]\n"
        + textwrap.indent(textwrap.dedent(plugin_options), " " * 6), "utf-8")
    return project


def test_the_finder_and_home_page_suggest_words_from_the_team_situations(
        tmp_path: Path) -> None:
    project = _project(tmp_path, "")
    assert phrasebook("build", "--strict", cwd=project).returncode == 0
    home = (project / "site" / "index.html").read_text("utf-8")
    assert 'placeholder="The customer is… (Störung, Rechnung, Der Kunde will kündigen)"' in home
    assert "for example Störung, Rechnung, Der Kunde will kündigen." in home
    assert "shouting" not in home


def test_a_team_sets_its_own_labels_and_finder_placeholder(tmp_path: Path) -> None:
    project = _project(tmp_path, """\
        labels:
          say: Sagen Sie
          finder_placeholder: "Was ist los? ({examples})"
        """)
    assert phrasebook("build", "--strict", cwd=project).returncode == 0
    page = (project / "site" / "phrasebook" / "stoerung" / "index.html").read_text("utf-8")
    assert "</span> Sagen Sie</p>" in page
    assert 'placeholder="Was ist los? (Störung, Rechnung, Der Kunde will kündigen)"' in page


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_unknown_label_is_a_configuration_error_at_its_line(tmp_path: Path,
                                                               command: str) -> None:
    project = _project(tmp_path, """\
        labels:
          say: Sagen Sie
          sya: Sagen Sie
        """)
    result = phrasebook(command, cwd=project)
    assert result.returncode == 2, result.stderr
    assert f"mkdocs.yml:{_place(project, 'sya:')}: no label is called `sya`; did you mean " \
           "`say`?" in result.stderr
    assert not (project / "site").exists()


def _place(project: Path, text: str) -> str:
    """LINE:COL of `text` in the project's mkdocs.yml."""
    lines = (project / "mkdocs.yml").read_text("utf-8").splitlines()
    line = next(n for n, line in enumerate(lines) if text in line)
    return f"{line + 1}:{lines[line].index(text) + 1}"


def test_a_label_with_a_value_the_tool_does_not_give_is_an_error(tmp_path: Path) -> None:
    project = _project(tmp_path, """\
        labels:
          phrase_count: {one: "{count} Satz", other: "{number} Sätze"}
        """)
    result = phrasebook("build", cwd=project)
    assert result.returncode == 2
    assert f"mkdocs.yml:{_place(project, 'other:')}: label `phrase_count` uses number in " \
           "braces; it can use only count" in result.stderr


def test_an_unknown_language_builds_in_english_with_one_warning(tmp_path: Path) -> None:
    project = _project(tmp_path, "")
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("font: false", "font: false\n  language: pl"))
    result = phrasebook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no catalog for theme.language `pl`") == 1
    assert "1 phrase, in the order" in (
        project / "site" / "phrasebook" / "stoerung" / "index.html").read_text("utf-8")


def test_every_kind_of_content_entry_has_a_name_for_what_changed() -> None:
    """What changed names each changed entry's kind (`kind_<kind>`); a kind added to the
    content without its label stopped every build whose history touched it (quizzes and
    scorecards, on main, after 817e8be)."""
    from service_phrasebook.render.history import _SECTIONS

    missing = sorted({f"kind_{kind}" for kind in _SECTIONS.values()} - set(L.english()))
    assert missing == []
