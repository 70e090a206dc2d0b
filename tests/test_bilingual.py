"""A handbook in two languages: one site per language, each page linked to its translation,
and the checker telling what one language lacks and which translations are older than their
source.

The handbook in `handbook_bilingual/` is an internet provider's support desk in the
Ottawa-Gatineau region, written in English and in French by its team lead: every entry in
both languages under the same id, each French entry recording the English version it
translates. Tests copy it and plant one change each, the way an author would make it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import FIXED_DAY, phrasebook, serve
from test_serve import free_port, wait_for

HANDBOOK = Path(__file__).parent / "handbook_bilingual"
LINK = re.compile(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link">')


def copy(tmp_path: Path) -> Path:
    project = tmp_path / "handbook"
    shutil.copytree(HANDBOOK, project)
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def place(path: Path, root: Path, needle: str, offset: int = 0) -> str:
    """`path:line:col` of `needle` (plus `offset` characters) in a content file, as the
    checker prints it."""
    text = path.read_text("utf-8")
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{path.relative_to(root).as_posix()}:{line}:{column}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("bilingual") / "handbook"
    shutil.copytree(HANDBOOK, project)
    result = phrasebook("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def pages(site_dir: Path) -> list[PurePosixPath]:
    """Every page of one language's site, by its path under that site."""
    return sorted(PurePosixPath(p.relative_to(site_dir).as_posix())
                  for p in site_dir.rglob("index.html")
                  if not {"search", "assets"} & set(p.relative_to(site_dir).parts))


# --- The handbook as written --------------------------------------------------------------


def test_the_bilingual_handbook_passes_every_check_in_both_languages() -> None:
    result = phrasebook("check", "--strict", "--no-cache", cwd=HANDBOOK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_it_builds_a_site_per_language_each_in_its_own_words(site: Path) -> None:
    assert sorted(p.name for p in site.iterdir()) == [".phrasebook-output", "en", "fr",
                                                      "index.html"]
    english = (site / "en/phrasebook/double-billing/index.html").read_text("utf-8")
    french = (site / "fr/phrasebook/double-billing/index.html").read_text("utf-8")
    assert '<html lang="en"' in english and '<html lang="fr"' in french
    assert "You&#x27;re right, we charged you twice" in english
    assert "nous vous avons facturé deux fois" in french
    assert "</span> Dites<" in french and "</span> Say<" in english  # each its own catalog
    assert "<title>Facturé en double - Guide du soutien</title>" in french  # its site_name
    for language, filler in (("en", "the"), ("fr", "vous")):  # each its finder's language
        head = json.loads((site / language / "assets/phrasebook/phrases.json").read_bytes())
        assert filler in head["language"]["filler"]


def test_the_root_sends_each_reader_to_their_language(site: Path) -> None:
    root = (site / "index.html").read_text("utf-8")
    assert '<noscript><meta http-equiv="refresh" content="0; url=en/"></noscript>' in root
    assert '<a href="fr/" hreflang="fr" lang="fr">Guide du soutien · Français</a>' in root
    assert '<a href="en/" hreflang="en" lang="en">Support handbook · English</a>' in root


def test_every_page_links_to_the_same_page_in_the_other_language(site: Path) -> None:
    english, french = pages(site / "en"), pages(site / "fr")
    assert english == french and len(english) > 15
    for language, other in (("en", "fr"), ("fr", "en")):
        for path in english:
            page = site / language / path
            links = {lang: href for href, lang in LINK.findall(page.read_text("utf-8"))}
            assert set(links) == {"en", "fr"}, page
            target = (page.parent / links[other] / "index.html").resolve()
            assert target == (site / other / path).resolve(), (page, links[other])
            assert (page.parent / links[language]).resolve() == page.parent.resolve()
            assert f'hreflang="{other}"' in page.read_text("utf-8").split("</head>")[0]


def test_with_file_urls_every_page_links_to_the_same_file_in_the_other_language(
        tmp_path: Path) -> None:
    project = copy(tmp_path)
    edit(project / "mkdocs.yml", "docs_dir: pages\n",
         "docs_dir: pages\nuse_directory_urls: false\n")
    assert phrasebook("build", "--strict", cwd=project).returncode == 0
    site = project / "site"
    assert '<a href="fr/index.html" hreflang="fr"' in (site / "index.html").read_text("utf-8")
    english = sorted(p.relative_to(site / "en") for p in (site / "en").rglob("*.html")
                     if p.name != "404.html" and "search" not in p.parts)
    assert len(english) > 15
    for path in english:
        page = site / "en" / path
        links = {lang: href for href, lang in LINK.findall(page.read_text("utf-8"))}
        assert links["fr"].endswith(".html"), (page, links)  # a file, readable from disk
        assert (page.parent / links["fr"]).resolve() == (site / "fr" / path).resolve()


def test_each_language_can_have_its_own_hand_written_pages(tmp_path: Path) -> None:
    project = copy(tmp_path)
    for path, text in {"pages/en/contact.md": "# Contact\n\nCall the floor lead.\n",
                       "pages/en/about.md": "# About this handbook\n",
                       "pages/fr/contact.md": "# Nous joindre\n\nAppelez le chef d'équipe.\n"
                       }.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, "utf-8")
    edit(project / "mkdocs.yml", "          content: [guide/en]\n",
         "          content: [guide/en]\n          docs_dir: pages/en\n")
    edit(project / "mkdocs.yml", "          content: [guide/fr]\n",
         "          content: [guide/fr]\n          docs_dir: pages/fr\n")
    result = phrasebook("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert "Appelez le chef" in (site / "fr/contact/index.html").read_text("utf-8")
    assert not (site / "fr/about").exists() and (site / "en/about/index.html").is_file()
    for page, other, lands in (("en/contact", "fr", "fr/contact"), ("en/about", "fr", "fr"),
                               ("fr/contact", "en", "en/contact")):
        html = (site / page / "index.html").read_text("utf-8")
        links = {lang: href for href, lang in LINK.findall(html)}
        assert (site / page / links[other]).resolve() == (site / lands).resolve(), page


def test_a_one_language_handbook_gets_no_language_selector(tmp_path: Path) -> None:
    project = tmp_path / "one"
    result = phrasebook("init", str(project), "--language", "fr")
    assert result.returncode == 0, result.stderr
    assert phrasebook("build", "--strict", cwd=project).returncode == 0
    built = project / "site"
    assert (built / "phrasebook/index.html").is_file() and not (built / "fr").exists()
    assert not (built / "assets/phrasebook/languages.js").exists()
    for page in built.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "md-select__link" not in text and 'rel="alternate" href' not in text, page


# --- What one language lacks ----------------------------------------------------------------


def test_an_entry_missing_from_a_language_is_an_error_at_its_place(tmp_path: Path) -> None:
    project = copy(tmp_path)
    assert phrasebook("build", cwd=project).returncode == 0
    good = (project / "site/fr/phrasebook/outage/index.html").read_bytes()
    french = project / "guide/fr/phrases.yml"
    text = french.read_text("utf-8")
    french.write_text(text[:text.index("  - id: call-back-at")], "utf-8")
    english = project / "guide/en/phrases.yml"
    result = phrasebook("check", "--no-cache", cwd=project)
    assert result.returncode == 1
    at = place(english, project, "id: call-back-at", len("id: "))
    assert f"{at}: error missing-translation the phrase `call-back-at` is in English but " \
           "not in French" in result.stdout
    assert "write it in French in guide/fr with the same id `call-back-at`" in result.stdout
    sarif = json.loads(phrasebook("check", "--format", "sarif", "--no-cache", cwd=project).stdout)
    run = sarif["runs"][0]
    assert {"id": "missing-translation", "shortDescription": {
        "text": "Every entry is in every language"}} in run["tool"]["driver"]["rules"]
    assert [r["locations"][0]["physicalLocation"]["region"] for r in run["results"]
            if r["ruleId"] == "missing-translation"] == [
        {"startLine": int(at.split(":")[1]), "startColumn": int(at.split(":")[2])}]
    built = phrasebook("build", cwd=project)
    assert built.returncode == 1 and f"{at}: error missing-translation" in built.stderr
    assert (project / "site/fr/phrasebook/outage/index.html").read_bytes() == good


def test_a_partial_language_lacks_entries_with_a_warning_and_links_to_its_home(
        tmp_path: Path) -> None:
    project = copy(tmp_path)
    edit(project / "mkdocs.yml", "          site_name: Guide du soutien",
         "          site_name: Guide du soutien\n          partial: true")
    situations = project / "guide/fr/situations.yml"
    text = situations.read_text("utf-8")
    situations.write_text(text[:text.index("  - id: language-choice")], "utf-8")
    phrases = project / "guide/fr/phrases.yml"
    text = phrases.read_text("utf-8")
    start = text.index("  - id: offer-other-language")
    phrases.write_text(text[:start] + text[text.index("  - id: recap"):], "utf-8")
    result = phrasebook("check", "--no-cache", cwd=project)
    assert result.returncode == 0, result.stdout
    english = project / "guide/en/situations.yml"
    at = place(english, project, "id: language-choice", len("id: "))
    assert f"{at}: warning missing-translation the situation `language-choice` is in " \
           "English but not in French" in result.stdout
    assert phrasebook("check", "--strict", "--no-cache", cwd=project).returncode == 1
    assert phrasebook("build", cwd=project).returncode == 0
    page = project / "site/en/phrasebook/language-choice/index.html"
    links = {lang: href for href, lang in LINK.findall(page.read_text("utf-8"))}
    assert (page.parent / links["fr"]).resolve() == (project / "site/fr").resolve()
    assert not (project / "site/fr/phrasebook/language-choice").exists()


def test_an_entry_only_one_language_has_on_purpose_says_why(tmp_path: Path) -> None:
    project = copy(tmp_path)
    phrases = project / "guide/fr/phrases.yml"
    phrases.write_text(phrases.read_text("utf-8") + """\
  - id: bill-96-notice
    step: listen
    situations: [language-choice]
    say: Vous avez le droit d'être servi en français, en tout temps.
""", "utf-8")
    result = phrasebook("check", "--no-cache", cwd=project)
    at = place(phrases, project, "id: bill-96-notice", len("id: "))
    assert f"{at}: error missing-translation the phrase `bill-96-notice` is in French but " \
           "not in English" in result.stdout
    phrases.write_text(phrases.read_text("utf-8") + """\
    suppress:
      - rule: missing-translation
        reason: Required by Quebec's Charter of the French language; it has no English use.
""", "utf-8")
    result = phrasebook("check", "--strict", "--no-cache", cwd=project)
    assert result.returncode == 0, result.stdout


# --- Translations older than their source ----------------------------------------------------


def test_a_source_edited_after_its_translation_is_reported_at_the_translation(
        tmp_path: Path) -> None:
    project = copy(tmp_path)
    english = project / "guide/en/phrases.yml"
    edit(english, "within three business days.\n    variants",
         "within two business days.\n    variants")
    result = phrasebook("check", "--no-cache", cwd=project)
    assert result.returncode == 0  # a warning: the French is still there to read
    french = project / "guide/fr/phrases.yml"
    text = french.read_text("utf-8")
    start = text.index("id: refund-done")
    recorded = re.compile(r"translated_from: (\S+)").search(text, start)
    assert recorded is not None
    at = place(french, project, recorded.group(0), len("translated_from: "))
    source = place(english, project, "id: refund-done", len("id: "))
    lines = result.stdout.splitlines()
    found = next(i for i, line in enumerate(lines) if line.startswith(f"{at}: "))
    assert lines[found].startswith(
        f"{at}: warning stale-translation the phrase `refund-done` changed in English after "
        f"this translation (translated from {recorded.group(1)}, now en@")
    assert lines[found + 1] == f"    see {source}"
    assert sum("stale-translation" in line for line in lines) == 1  # only that phrase
    assert phrasebook("check", "--strict", "--no-cache", cwd=project).returncode == 1

    # The translator brings the French up to date and records it: only that line changes.
    edit(french, "d'ici trois jours ouvrables.\n    variants",
         "d'ici deux jours ouvrables.\n    variants")
    before = french.read_text("utf-8")
    done = phrasebook("translated", "fr", "refund-done", cwd=project)
    assert done.returncode == 0, done.stderr
    after = french.read_text("utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert len(changed) == 1 and changed[0][0] == f"    {recorded.group(0)}"
    assert phrasebook("check", "--strict", "--no-cache", cwd=project).returncode == 0


def test_reformatting_the_source_leaves_its_translations_current(tmp_path: Path) -> None:
    project = copy(tmp_path)
    english = project / "guide/en/phrases.yml"
    edit(english, "    situations: [outage, double-billing]\n    say: Go ahead, I'm listening.\n",
         "    # Reviewed by Marie-Ève, March 2026.\n    reviewed: 2026-03-02\n"
         "    owner: Marie-Ève Tremblay\n    say: >-\n      Go ahead,\n      I'm listening.\n"
         "    situations:\n      - outage\n      - double-billing\n")
    result = phrasebook("check", "--strict", "--no-cache", cwd=project)
    assert result.returncode == 0, result.stdout


def test_translated_records_entries_that_record_nothing_and_keeps_the_files_as_written(
        tmp_path: Path) -> None:
    project = copy(tmp_path)
    for path in (project / "guide/fr").glob("*.yml"):  # as before the team's first record
        path.write_text(re.sub(r"\n *translated_from: \S+", "", path.read_text("utf-8")),
                        "utf-8")
    (project / "guide/fr/sources.yml").write_bytes(
        (project / "guide/fr/sources.yml").read_bytes().replace(b"\n", b"\r\n"))
    result = phrasebook("check", "--no-cache", cwd=project)
    assert result.stdout.count("does not say which version of its original in English") == 17
    done = phrasebook("translated", "fr", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "enregistré\u202f: 17 traductions dans 5 fichiers" in done.stderr, "French"
    for path in (project / "guide/fr").glob("*.yml"):
        assert path.read_bytes() == (HANDBOOK / "guide/fr" / path.name).read_bytes().replace(
            b"\n", b"\r\n" if path.name == "sources.yml" else b"\n"), path


def test_translated_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    project = copy(tmp_path)
    assert phrasebook("translated", "en", cwd=project).returncode == 2  # the source
    assert phrasebook("translated", "de", cwd=project).returncode == 2
    missing = phrasebook("translated", "fr", "no-such-id", cwd=project)
    assert missing.returncode == 2 and "no-such-id: aucun élément du guide en français n’a " \
        "cet identifiant" in missing.stderr, "French, as `translated fr` speaks"


def test_a_fingerprint_where_nothing_is_translated_is_said_to_record_nothing(
        tmp_path: Path) -> None:
    project = copy(tmp_path)
    english = project / "guide/en/sources.yml"
    edit(english, "  - id: call-reviews\n",
         "  - id: call-reviews\n    translated_from: en@00000000\n")
    result = phrasebook("check", "--no-cache", cwd=project)
    at = place(english, project, "en@00000000")
    assert f"{at}: warning stale-translation `translated_from` in the source language " \
           "(English) records nothing" in result.stdout
    one = tmp_path / "one"
    assert phrasebook("init", str(one)).returncode == 0
    sources = one / "handbook/sources.yml"
    text = sources.read_text("utf-8")
    sources.write_text(re.sub(r"(\n  - id: [a-z-]+\n)", r"\1    translated_from: fr@1234abcd\n",
                              text, count=1), "utf-8")
    result = phrasebook("check", "--no-cache", cwd=one)
    assert "warning stale-translation `translated_from` records a translation, but this " \
           "handbook is in one language" in result.stdout
    sources.write_text(text.replace("\n  - id:", "\n  - translated_from: 1234abcd\n    id:", 1),
                       "utf-8")
    result = phrasebook("check", "--no-cache", cwd=one)
    assert result.returncode == 1 and "error fingerprint `1234abcd` is not a translation's " \
        "fingerprint" in result.stdout


def test_a_language_name_is_text_not_markup(tmp_path: Path) -> None:
    project = copy(tmp_path)
    edit(project / "mkdocs.yml", "          site_name: Guide du soutien",
         "          site_name: Guide <b>du</b> soutien\n          name: Fran<i>çais</i> & co")
    assert phrasebook("build", "--strict", cwd=project).returncode == 0
    root = (project / "site/index.html").read_text("utf-8")
    page = (project / "site/en/method/listen/index.html").read_text("utf-8")
    assert "Guide &lt;b&gt;du&lt;/b&gt; soutien · Fran&lt;i&gt;çais&lt;/i&gt; &amp; co" in root
    assert "Fran&lt;i&gt;çais&lt;/i&gt; &amp; co" in page and "<i>" not in page


# --- mkdocs.yml ------------------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new", "message"), [
    ("        fr:\n          content: [guide/fr]\n          site_name: Guide du soutien\n", "",
     "mkdocs.yml:13:7: phrasebook `languages` lists one language"),
    ("content: [guide/fr]", "content: [guide/francais]",
     "mkdocs.yml:17:21: the content folder `guide/francais` does not exist"),
    ("        fr:\n", "        French:\n", "mkdocs.yml:16:9: `French` is not a language code"),
    ("      languages:\n", "      content: [guide]\n      languages:\n",
     "mkdocs.yml:13:7: phrasebook `content` and `languages` both name content folders"),
    ("          site_name: Guide du soutien", "          partial: maybe",
     "mkdocs.yml:18:11: `partial` is `true`"),
    ("          site_name: Guide du soutien", "          docs_dir: pages/fr",
     "mkdocs.yml:18:11: a language's `docs_dir` is the folder of its own hand-written pages"),
])
def test_a_mistake_in_the_languages_is_a_configuration_error_at_its_line(
        tmp_path: Path, old: str, new: str, message: str) -> None:
    project = copy(tmp_path)
    edit(project / "mkdocs.yml", old, new)
    for command in ("check", "build"):
        result = phrasebook(command, cwd=project)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr


# --- The other commands ----------------------------------------------------------------------


def test_export_writes_each_language_or_the_one_asked_for(tmp_path: Path) -> None:
    project = copy(tmp_path)
    both = phrasebook("export", str(tmp_path / "both"), "--format", "csv", cwd=project)
    assert both.returncode == 0, both.stderr
    assert "Go ahead, I'm listening." in (tmp_path / "both/en/phrases.csv").read_text("utf-8")
    assert "Allez-y, je vous écoute." in (tmp_path / "both/fr/phrases.csv").read_text("utf-8")
    one = phrasebook("export", str(tmp_path / "fr"), "--language", "fr", cwd=project)
    assert one.returncode == 0, one.stderr
    assert "language: fr" in (tmp_path / "fr/mkdocs.yml").read_text("utf-8") or \
        "Allez-y" in (tmp_path / "fr/docs/phrasebook/outage.md").read_text("utf-8")


def test_reply_reads_the_draft_in_the_language_asked_for() -> None:
    draft = subprocess.run(
        [sys.executable, "-m", "service_phrasebook.cli", "reply", "--language", "fr"],
        input="Calmez-vous, je regarde votre facture.", cwd=HANDBOOK, capture_output=True,
        text=True, timeout=120)
    assert draft.returncode == 1 and "Allez-y, je vous écoute." in draft.stdout


def test_serve_rebuilds_the_language_a_save_changed(tmp_path: Path) -> None:
    project = copy(tmp_path)
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_DAY}
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "service_phrasebook.cli", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env)
        try:
            url = f"http://127.0.0.1:{port}/"
            assert wait_for(url, "Guide du soutien · Français")
            page = url + "fr/phrasebook/outage/"
            assert wait_for(page, "Allez-y, je vous écoute.")
            edit(project / "guide/fr/phrases.yml", "Allez-y, je vous écoute.",
                 "Allez-y, je vous écoute attentivement.")
            assert wait_for(page, "je vous écoute attentivement.")
        finally:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=30)


# --- In the browser --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    yield from serve(site)


@pytest.fixture(scope="module")
def chromium(browser: Any) -> Any:
    """The suite's one browser: a second Playwright in the same thread is refused."""
    return browser


@pytest.mark.browser
def test_the_language_selector_goes_to_the_same_entry(chromium: Any, site_url: str) -> None:
    context = chromium.new_context(locale="en-CA")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(site_url + "en/phrasebook/double-billing/#refund-done")
    tab.locator(".md-header .md-select").hover()
    tab.get_by_role("link", name="Français").click()
    tab.wait_for_url("**/fr/phrasebook/double-billing/#refund-done")
    entry = tab.locator("#refund-done")
    assert "J'ai remboursé le deuxième prélèvement" in entry.inner_text()
    assert tab.evaluate("document.documentElement.lang") == "fr"
    tab.locator(".md-header .md-select").hover()
    tab.get_by_role("link", name="English").click()
    tab.wait_for_url("**/en/phrasebook/double-billing/#refund-done")
    assert "I've refunded the second charge" in tab.locator("#refund-done").inner_text()
    assert errors == []
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("locale", "lands"), [
    ("fr-CA", "fr/"), ("en-CA", "en/"), ("fr-BE", "fr/"), ("de-CH", "en/")])
def test_the_root_picks_the_reader_s_language(chromium: Any, site_url: str, locale: str,
                                              lands: str) -> None:
    context = chromium.new_context(locale=locale)
    tab = context.new_page()
    tab.goto(site_url)
    tab.wait_for_url(site_url + lands)
    context.close()
