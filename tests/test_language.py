"""A handbook written in German, French or Spanish shows no word of the tool's own in English.

The handbook in `handbook_de/` is a utility's, written entirely in German, as a team would
write it (no lessons, crosswalk or decisions). It is built with each shipped language as
`theme.language`, served, and read in Chromium: the visible text and the accessible names
(aria-label, placeholder, title) of every page of the site, and of the finder as a rep uses
it (results, its status messages, the copy announcements). Nothing there may be a text of
the English catalog, unless the language's own catalog says the same (German "Chat").
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import finder_answered, phrasebook, serve
from service_phrasebook import labels as L

pytestmark = pytest.mark.browser

HANDBOOK = Path(__file__).parent / "handbook_de"
LANGUAGES = [language for language in L.shipped() if language != "en"]
# Pages for authors keep their English explanations (the field reference is generated from
# the model's docstrings, the rules' docs from the checker); they are not for reps.
AUTHOR_PAGES = ("reference/", "checks/")


def english_fragments(language: str) -> dict[str, set[str]]:
    """Each English label's text between its `{values}`, by key, leaving out what the
    language's catalog writes the same way ("Chat" in German), and a lone short word
    between two values ("in", "no"), which is as German or Spanish as it is English."""
    translated, _ = L.labels_for(language)
    found: dict[str, set[str]] = {}
    for key, forms in L.english().items():
        own = " ".join(translated.forms[key])
        for form in forms:
            for piece in re.split(r"\{[a-z_]+\}", form):
                words = piece.strip(" .,:;()·+“”…")
                if re.search(r"[A-Za-z]{4}|[A-Za-z]{2}\W+[A-Za-z]{2}", words) and not re.search(
                        rf"(?<!\w){re.escape(words)}(?!\w)", own, re.I):
                    found.setdefault(key, set()).add(words)
    return found


@pytest.fixture(scope="module", params=LANGUAGES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[tuple[str, str, Path]]:
    language = request.param
    project = tmp_path_factory.mktemp(f"handbook-{language}") / "handbook"
    shutil.copytree(HANDBOOK, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("language: de", f"language: {language}"),
                      "utf-8")
    result = phrasebook("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "catalog" not in result.stderr, "a shipped catalog lacks a label"
    for url in serve(project / "site"):
        yield language, url, project / "site"


def page_urls(site_dir: Path, url: str) -> list[str]:
    """Every page of the built site, by its address."""
    return sorted(url + p.parent.relative_to(site_dir).as_posix().removeprefix(".") + "/"
                  for p in site_dir.rglob("index.html")
                  if p.parent.name not in ("search", "assets"))


# Material's footer names its product ("Made with Material for MkDocs"): not ours to translate.
WORDS_A_READER_GETS = """() => {
    document.querySelectorAll('.md-copyright').forEach((e) => { e.hidden = true; });
    const visible = document.body.innerText;
    const named = [...document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')]
        .flatMap((e) => ['aria-label', 'placeholder', 'title', 'alt']
            .map((a) => e.getAttribute(a) || ''));
    return [visible, ...named].join('\\n');
}"""


def test_every_page_and_the_finder_speak_the_site_language(site: tuple[str, str, Path],
                                                          browser: Any) -> None:
    language, url, site_dir = site
    context = browser.new_context(base_url=url, permissions=["clipboard-read",
                                                             "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    texts: dict[str, str] = {}
    pages = [u for u in page_urls(site_dir, url) if not u.endswith(AUTHOR_PAGES)]
    assert len(pages) >= 10, pages
    for address in pages:
        page.goto(address)
        texts[address] = page.evaluate(WORDS_A_READER_GETS)

    # The finder as a rep uses it: results, the count, nothing found, a copied phrase.
    page.goto(url)
    box = page.locator("#pb-finder-input")
    status = page.locator(".pb-finder__status")
    shown: dict[str, int] = {}
    for query in ("Rechnung", "Rechnung Xylofon", "Xylofon"):
        box.fill("")
        box.type(query)
        finder_answered(page, query)
        # The phrases: options of the list itself, not of its group of examples and lessons.
        shown[query] = page.locator("#pb-finder-results > [role=option]").count()
        texts[f"finder: {query}"] = status.inner_text() + "\n" + page.evaluate(
            WORDS_A_READER_GETS)
    box.fill("")
    box.type("Rechnung")
    finder_answered(page, "Rechnung")
    box.press("Shift+Enter")
    page.wait_for_function("() => /\\S/.test(document.querySelector('.pb-toast')"
                           "?.textContent || '')")
    texts["finder: copied"] = page.locator(".pb-toast").inner_text()
    page.goto(url + "phrasebook/stromausfall/")
    page.locator(".pb-permalink").first.click()
    page.wait_for_function("() => /\\S/.test(document.querySelector('.pb-toast')"
                           "?.textContent || '')")
    texts["copy link"] = page.locator(".pb-toast").inner_text()
    context.close()
    assert errors == []

    # Compared without case: a stylesheet may show a label in capitals (innerText does).
    texts = {where: text.casefold() for where, text in texts.items()}
    everything = "\n".join(texts.values())
    labels, _ = L.labels_for(language)
    for key in ("say", "instead_of", "copy_link", "finder_label", "phrase_copied",
                "link_copied", "finder_none", "the_conversation", "needs_review", "wrong_way"):
        assert labels.text(key).casefold() in everything, f"the reading missed `{key}`"

    def status_of(query: str, found: str) -> set[str]:
        """What the status line may say of the phrases shown: all of those found, or the
        first of them when an entry the rep named leads."""
        n = shown[query]
        return {labels.text("finder_status", found=labels.text(found, n)).casefold(), *(
            labels.text("finder_showing", found=labels.text(found, total), shown=n).casefold()
            for total in range(n + 1, 100))}

    for query, found in (("Rechnung", "finder_found"), ("Rechnung Xylofon", "finder_partial")):
        assert any(said in texts[f"finder: {query}"] for said in status_of(query, found)), query

    english = english_fragments(language)
    found = [
        f"{where}: `{words}` ({key})"
        for where, text in texts.items()
        for key, fragments in english.items()
        for words in fragments
        if re.search(rf"(?<![\w-]){re.escape(words.casefold())}(?![\w-])", text)
    ]
    assert found == [], "\n".join(found)
