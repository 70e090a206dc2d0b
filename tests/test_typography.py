"""What the tool writes follows its language's typography: French puts a narrow no-break
space (U+202F) before `:` `;` `?` `!` and inside « », as in "Étape :" and « oui ».

Two places are scanned: every French text of the catalog (what the tool says, on the site
and on the command line), and every text of a French handbook's built site, author pages
included. The handbook's own content is written here as a French team would, so whatever the
scan finds on the site the tool wrote."""

from __future__ import annotations

import html.parser
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import phrasebook
from service_phrasebook import labels as L

NARROW = "\u202f"
# What is not prose: code, fill-ins, addresses, and a colon that is not punctuation
# (`https:`, `14:30`, `statistic:id`).
_NOT_PROSE = re.compile(r"`[^`]*`|\{[^{}]*\}|https?://\S+|mailto:\S+|\w+:\w[^\s]*|"
                        r"\b(?:https?|mailto):")
_PUNCTUATION = re.compile(r"(.)?([:;?!])(?=\s|$|[\"”»)\]])")


def violations(text: str) -> list[str]:
    """Each place in `text` where French typography is not followed, with its context."""
    prose = _NOT_PROSE.sub("x", text)  # a word: "`code` :" is held to the rule too
    found = [prose[max(0, m.start() - 15):m.end() + 3] for m in _PUNCTUATION.finditer(prose)
             if m.group(1) is not None and m.group(1) not in NARROW + ":;?!"]
    found += [prose[max(0, m.start() - 10):m.end() + 10]
              for m in re.finditer(r"«(?!\u202f)|(?<!\u202f)»", prose)]
    return found


def test_the_scan_catches_what_it_looks_for() -> None:
    for wrong in ("Étape: écouter", "Étape : écouter", "Pourquoi\u00a0?", "Vraiment!",
                  "« oui »", "«\u00a0oui\u00a0»", "Fin\u202f: voir ; ici"):
        assert violations(wrong), wrong
    assert violations("Étape\u202f: écouter\u202f; «\u202fnon\u202f»\u202f!?") == []
    assert violations("Voir https://exemple.fr/a:b, `clé: valeur`, {nom}\u202f: à 14:30, "
                      "https: ou mailto:") == []
    assert violations("`clé`: valeur") and violations("{nom}: valeur")


def _french_catalog() -> Iterator[tuple[str, str]]:
    with (L.LOCALES / "fr.po").open("rb") as file:
        catalog = read_po(file, locale="fr")
    for message in catalog:
        if not message.context:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            yield message.context, str(text)


def test_every_french_text_of_the_catalog_follows_french_typography() -> None:
    found = {key: v for key, text in _french_catalog() if (v := violations(text))}
    assert found == {}


FRENCH = {
    "handbook/methode.yml": """\
        method:
          title: La méthode maison
          steps:
            - id: ecouter
              title: Écouter
              goal: "Laisser le client finir\u202f: il se calme en parlant."
            - id: resoudre
              title: Résoudre
              goal: Régler le problème.
        situations:
          - {id: colere, title: Le client est en colère}
        phrases:
          - id: prenez-votre-temps
            step: ecouter
            situations: [colere]
            say: "Prenez votre temps\u202f; je note tout."
            avoid:
              - {text: calmez-vous, why: "Cela nie l’émotion\u202f!"}
          - id: voici-ce-que-je-fais
            step: resoudre
            situations: [colere]
            say: "Voici ce que je fais maintenant\u202f: je vous rappelle avant midi."
        """,
}
CONFIG = """\
    site_name: Guide du service client
    theme:
      name: material
      language: fr
      font: false
    plugins:
      - search
      - phrasebook:
          content: [handbook]
          author_pages: true
    """


class _Texts(html.parser.HTMLParser):
    """The words a reader sees or hears: text nodes and labels, not code or scripts."""

    SKIP = frozenset({"script", "style", "code", "pre", "svg"})
    SEEN = ("title", "aria-label", "placeholder", "alt", "content")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        for name, value in attrs:
            if name in self.SEEN and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.texts.append(data)


def page_texts(page: Path) -> list[str]:
    parser = _Texts()
    parser.feed(page.read_text("utf-8"))
    return parser.texts


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("typographie") / "guide"
    for name, text in {**FRENCH, "mkdocs.yml": CONFIG}.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), "utf-8")
    (project / "docs").mkdir()
    phrasebook("build", "--strict", cwd=project, check=True)
    return project / "site"


# Material's own words are the theme's translation, not ours (its French one writes
# "Copier dans le presse-papier" and no colon this scan would see).
def test_every_text_of_a_french_site_follows_french_typography(french_site: Path) -> None:
    pages = sorted(french_site.rglob("*.html"))
    assert {"writing-content", "reference", "checks"} <= {p.parent.name for p in pages}
    found = {str(p.relative_to(french_site)): v for p in pages
             if (v := [x for text in page_texts(p) for x in violations(text)])}
    assert found == {}
