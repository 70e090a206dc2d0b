"""The phrase finder's index, built from the model: the words of the handbook with the stems
the browser cannot compute, read the way the site's language is read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import snowballstemmer
from conftest import ROOT
from service_phrasebook import model as m
from service_phrasebook.finder.language import LANGUAGES, language
from service_phrasebook.finder.words import Reader
from service_phrasebook.labels import labels_for
from service_phrasebook.load import load
from service_phrasebook.render import Options, phrase_index


def bundled() -> m.Handbook:
    return load([ROOT / "content", ROOT / "phrasebook"], ROOT)


def index_of(book: m.Handbook, lang: str = "en") -> dict[str, object]:
    options = Options(today=dt.date(2026, 11, 23), labels=labels_for(lang)[0])
    return dict(json.loads(phrase_index(book, options)))


def test_british_and_american_spellings_read_as_one_word() -> None:
    fold = Reader(language("en")).fold
    assert fold("apologise") == fold("apologize")
    assert fold("apologising") == fold("apologizing")
    assert fold("colour") == fold("color") and fold("behaviour") == fold("behavior")
    assert fold("analyse") == fold("analyze") and fold("centre") == fold("center")
    assert fold("cancelled") == fold("canceled")
    assert fold("your") == "your" and fold("hour") == "hour", "short words keep their -our"


def test_german_umlauts_typed_or_spelt_out_or_left_off_read_as_one_word() -> None:
    fold = Reader(language("de")).fold
    assert fold("störung") == fold("stoerung") == fold("storung")
    assert fold("straße") == fold("strasse")
    assert fold("quelle") == "quelle", "ue after q is not an umlaut"


def test_accents_fold_and_french_elisions_drop() -> None:
    reader = Reader(language("fr"))
    assert [w for w, _ in reader.words("L'appel énervé d'un client")] == \
        ["appel", "enerve", "un", "client"]


def test_every_form_of_a_word_in_the_handbook_is_given_its_stem() -> None:
    index = index_of(bundled())
    stems = index["stems"]
    assert isinstance(stems, dict)
    stem_of = {word: stem for stem, words in stems.items() for word in words}
    assert stem_of["frustrating"] == stem_of.get("frustrated", "frustrat") == "frustrat"
    assert all(word != stem for stem, words in stems.items() for word in words)


def test_a_german_handbook_is_stemmed_in_german() -> None:
    project = ROOT / "tests" / "finder_de"
    book = load([project / "handbook"], project)
    index = index_of(book, "de")
    stems = index["stems"]
    assert isinstance(stems, dict)
    reader = Reader(language("de"))
    assert reader.stem("störungen") == reader.stem("stoerungen") == reader.stem("störung")
    assert stems["erstatt"] == ["erstattung"], "Erstattung, stemmed the German way"
    assert stems["ruckerstatt"] == ["ruckerstattung"], "ü folded after stemming"
    assert "der" in index["language"]["filler"]  # type: ignore[index]


def test_worked_examples_situations_and_lessons_are_in_the_index_with_their_pages() -> None:
    book = bundled()
    entries = index_of(book)["entries"]
    assert isinstance(entries, list)
    kinds = {(e["k"], e["i"]): e for e in entries}
    for example in book.examples:
        assert kinds[("example", example.id)]["u"] == f"examples/{example.id}/"
        assert kinds[("example", example.id)]["t"] == example.title
    assert {i for k, i in kinds if k == "situation"} == {s.id for s in book.situations}
    assert {i for k, i in kinds if k == "lesson"} == {lesson.id for lesson in book.lessons}


def test_the_advice_around_a_phrase_is_searchable() -> None:
    book = bundled()
    rows = {row["i"]: row for row in index_of(book)["phrases"]}  # type: ignore[attr-defined]
    phrase = next(p for p in book.phrases if p.why)
    assert " ".join(phrase.why.split()[:3]) in rows[phrase.id]["y"]


def test_the_same_handbook_gives_the_same_index() -> None:
    assert phrase_index(bundled(), Options(today=dt.date(2026, 11, 23))) == \
        phrase_index(bundled(), Options(today=dt.date(2026, 11, 23)))


@pytest.mark.parametrize("path", sorted(LANGUAGES.glob("*.yml")), ids=lambda p: p.stem)
def test_each_language_file_names_a_snowball_stemmer_and_filler_words(path: Path) -> None:
    lang = language(path.stem)
    assert lang.stemmer in snowballstemmer.algorithms()
    assert lang.filler and all(w == w.lower() for w in lang.filler)


def test_a_language_without_a_file_still_stems_when_snowball_knows_it() -> None:
    italian = Reader(language("it-IT"))
    assert italian.stem("clienti") == italian.stem("cliente")
    assert language("it").filler == ()
    assert Reader(language("zh")).stem("退款") == "退款", "no stemmer: the word itself"
