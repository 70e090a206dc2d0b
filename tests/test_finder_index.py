"""The phrase finder's index, built from the model: the words of the handbook with the stems
the browser cannot compute, read the way the site's language is read, written as a head and
parts named by their content."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
import snowballstemmer
from conftest import ROOT
from service_phrasebook import model as m
from service_phrasebook.addresses import src_of, url_of
from service_phrasebook.finder import parts
from service_phrasebook.finder.index import finder_index
from service_phrasebook.finder.language import LANGUAGES, language
from service_phrasebook.finder.postings import WEIGHT, Row, invert
from service_phrasebook.finder.words import Reader
from service_phrasebook.labels import labels_for
from service_phrasebook.load import load
from service_phrasebook.render import Options
from service_phrasebook.render.assets import phrase_index
from service_phrasebook.settings import from_mkdocs_yml


def bundled() -> m.Handbook:
    return load([ROOT / "content", ROOT / "phrasebook"], ROOT)


def index_of(book: m.Handbook, lang: str = "en") -> parts.Index:
    options = Options(today=dt.date(2026, 11, 23), labels=labels_for(lang)[0])
    return parts.Index.of(phrase_index(book, options))


def stems_of(index: parts.Index) -> dict[str, list[str]]:
    """Stem -> the words of the vocabulary that have it, for words that are not their stem."""
    vocabulary = index.vocabulary()
    return {stem: [vocabulary[i] for i in group] for stem, group in index.head["stems"].items()}


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
    stems = stems_of(index_of(bundled()))
    stem_of = {word: stem for stem, words in stems.items() for word in words}
    assert stem_of["frustrating"] == stem_of.get("frustrated", "frustrat") == "frustrat"
    assert all(word != stem for stem, words in stems.items() for word in words)


def test_a_german_handbook_is_stemmed_in_german() -> None:
    settings = from_mkdocs_yml(ROOT / "tests" / "finder_de" / "mkdocs.yml")
    book = load(settings.content, settings.root, settings.channels)
    index = index_of(book, "de")
    stems = stems_of(index)
    reader = Reader(language("de"))
    assert reader.stem("störungen") == reader.stem("stoerungen") == reader.stem("störung")
    assert stems["erstatt"] == ["erstattung"], "Erstattung, stemmed the German way"
    assert stems["ruckerstatt"] == ["ruckerstattung"], "ü folded after stemming"
    assert "der" in index.head["language"]["filler"]


def test_worked_examples_situations_and_lessons_are_in_the_index_with_their_pages() -> None:
    book = bundled()
    kinds = {(e["k"], e["i"]): e for e in index_of(book).rows() if "k" in e}
    for example in book.examples:
        assert kinds[("example", example.id)]["u"] == f"examples/{example.id}/"
        assert kinds[("example", example.id)]["t"] == example.title
    assert {i for k, i in kinds if k == "situation"} == {s.id for s in book.situations}
    assert {i for k, i in kinds if k == "lesson"} == {lesson.id for lesson in book.lessons}


def test_the_advice_around_a_phrase_is_searchable() -> None:
    book = bundled()
    index = index_of(book)
    row_of = {row["i"]: n for n, row in enumerate(index.rows()) if "k" not in row}
    reader = Reader(language("en"))
    phrase, word = next((p, w) for p in book.phrases if p.why
                        for w, _ in reader.words(p.why)
                        if len(w) > 6 and w not in {w for w, _ in reader.words(p.say)})
    assert row_of[phrase.id] in index.rows_with(word), f"{word!r}, only in its advice"


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


def test_every_row_holds_each_word_of_its_text_with_the_weight_of_its_fields() -> None:
    """The postings read back from the parts are the words of each row's fields, a word
    counted once per field: the text to say weighs less than the title, the advice least."""
    reader = Reader(language("en"))
    first = (("say", "Go on, go on: I'm listening"), ("title", "Listening"), ("why", "script"))
    inverted = invert(reader, ["Shouting loud"], ["Listen"],
                      [Row(first, step=0, situations=(0,)),
                       Row((("say", "Shouting is fine"),), step=0, situations=(0,))])
    made = parts.Index.of(parts.files(parts.Contents({}, inverted, [{}, {}], {})))
    postings = {word: (p.rows, p.weights, p.own) for word, p in made.postings()}
    say, title, situation, step = (WEIGHT[k] for k in ("say", "title", "situation", "step"))
    assert postings["go"] == ((0,), (say,), (say,)), "once per field"
    assert postings["am"] == ((0,), (say,), (say,)), "I'm is read as two words"
    assert postings["listening"] == ((0,), (say + title,), (say + title,))
    assert postings["script"] == ((0,), (WEIGHT["why"],), (0,)), \
        "found by its advice, ranked least by it"
    assert postings["shouting"] == ((0, 1), (situation, situation + say), (0, say)), \
        "a situation's words weigh, but are not the phrase's own"
    assert postings["listen"] == ((0, 1), (step, step), (0, 0))


def test_a_synonym_is_found_at_half_the_weight_of_the_word_itself() -> None:
    """`same:` words find one another, a `typed:` word finds what it means but not the other
    way round, a set's words are compared by their stems ("parcels" is "parcel") and a
    member of several words is held when its words follow one another."""
    from service_phrasebook import model as m
    from service_phrasebook.finder.synonyms import expander

    reader = Reader(language("en"))
    synonyms = expander(reader, [m.SynonymSet(same=("parcel", "package")),
                                 m.SynonymSet(typed="CSR", means=("customer service",))])
    rows = [Row((("say", "Your parcels are on their way"),)),
            Row((("say", "Our customer service team will call"),)),
            Row((("say", "A package for you"),)),
            Row((("say", "The service desk and the customer"),))]
    inverted = invert(reader, [], [], rows, synonyms=synonyms)
    made = parts.Index.of(parts.files(parts.Contents({}, inverted, [{}] * 4, {})))
    postings = {word: (p.rows, p.weights) for word, p in made.postings()}
    say = WEIGHT["say"]
    assert postings["package"] == ((0, 2), (say // 2, say)), "below the word itself"
    assert postings["parcel"] == ((2,), (say // 2,))
    assert postings["csr"] == ((1,), (say // 2,)), "only where the words follow each other"
    assert "rdv" not in postings and 3 not in postings["csr"][0]


def test_a_big_index_is_cut_into_parts_named_by_their_content_that_read_back_whole() -> None:
    book = bundled()
    contents = finder_index(book, lambda kind, id: f"{kind}/{id}", lambda p: p.situations[0],
                            "en")
    whole = parts.Index.of(parts.files(contents))
    made = parts.files(contents, postings_bytes=2_000, shard_bytes=1_000, bucket_bytes=500,
                       eager_bytes=0)
    cut = parts.Index.of(made)
    assert len(whole.head["postings"]) == 1, "a small handbook's postings are one part"
    assert whole.head["eager"] and not cut.head["eager"], "and are fetched with the head"
    assert len(cut.head["postings"]) > 5 and len(cut.head["shards"]) > 5
    assert len(cut.head["ids"]) > 5
    assert list(cut.postings()) == list(whole.postings())
    assert list(cut.rows()) == list(whole.rows())
    assert cut.ids() == whole.ids()
    for name, data in made.items():
        if name != parts.HEAD:
            content = data.encode() if isinstance(data, str) else data
            assert name.split("/")[-1].split(".")[0] == hashlib.sha256(content).hexdigest()[:20]


def test_an_old_link_finds_its_phrase_by_its_id_or_an_old_id() -> None:
    book = bundled()
    renamed = dataclasses.replace(book.phrases[5], aliases=("old-name", "older-name"))
    book = dataclasses.replace(book, phrases=(*book.phrases[:5], renamed, *book.phrases[6:]))
    ids = index_of(book).ids()
    for phrase in book.phrases:
        page, anchor = src_of(book, "phrase", phrase.id)
        assert ids[phrase.id] == url_of(page, True) + f"#{anchor}"
    assert ids["old-name"] == ids["older-name"] == ids[renamed.id]
    assert len(ids) == len(book.phrases) + sum(len(p.aliases) for p in book.phrases)


def test_words_that_begin_with_a_figure_wait_in_a_part_of_their_own() -> None:
    """Reference numbers make most of a big handbook's vocabulary ("ref 1234"); a query word
    that begins with a letter never matches them, so the head leaves them out."""
    reader = Reader(language("en"))
    rows = [Row((("say", f"Your refund, ref {n}, is on its way to 2nd floor"),), step=0)
            for n in range(1000, 1300)]
    inverted = invert(reader, [], ["Listen"], rows)
    made = parts.Index.of(parts.files(parts.Contents({}, inverted, [{}] * len(rows), {})))
    count, name = made.head["figures"]
    assert count == 301 and "2nd" in json.loads(made.read(name))
    assert not any(word[0].isdigit() for word in made.head["vocabulary"])
    assert made.vocabulary() == list(inverted.vocabulary)


def test_each_situation_lists_its_phrases_for_when_the_customer_s_words_name_it() -> None:
    """A rep types what a customer says in a situation (its `customer_says`); the situation
    answers with its phrases, which the index lists under it, after the vocabulary's
    postings: every phrase under each situation it names, and no other row."""
    book = bundled()
    index = index_of(book)
    rows = list(index.rows())
    members = index.members()
    assert len(members) == len(index.head["members"]) == len(book.situations)
    for situation, row, phrases in zip(book.situations, index.head["members"], members,
                                       strict=True):
        assert rows[row]["k"] == "situation" and rows[row]["i"] == situation.id
        assert {rows[r]["i"] for r in phrases} == {
            p.id for p in book.phrases if situation.id in p.situations}
