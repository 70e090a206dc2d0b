"""Loading: content split over any files becomes one handbook, or every problem at once."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from service_phrasebook import model as m
from service_phrasebook.diagnostic import ContentError
from service_phrasebook.load import load

METHOD = """\
    method:
      title: M
      steps:
        - id: listen
          title: Listen
          goal: Let them finish.
        - id: fix
          title: Fix
          goal: Put it right.
      rules:
        - id: listen-first
          title: Listen first
          first: listen
          then: fix
    """


def handbook(tmp_path: Path, **files: str) -> m.Handbook:
    folder = tmp_path / "content"
    for name, text in {"method.yml": METHOD, **files}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load([folder], tmp_path)


def problems(tmp_path: Path, **files: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        handbook(tmp_path, **files)
    return [f"{d.at} {d.rule}" for d in caught.value.diagnostics]


def test_sections_may_be_split_over_any_files_and_folders(tmp_path: Path) -> None:
    book = handbook(
        tmp_path,
        **{"a/situations.yml": "situations:\n  - id: shouting\n    title: Shouting\n",
           "b/c/phrases.yml": textwrap.dedent("""\
               phrases:
                 - id: go-on
                   step: listen
                   situations: [shouting]
                   say: Go on, I'm listening.
               """)},
    )
    assert [p.id for p in book.phrases] == ["go-on"]
    assert book.index["situation"]["shouting"].title == "Shouting"  # type: ignore[attr-defined]
    assert [s.id for s in book.steps] == ["listen", "fix"], "steps keep the order written"


def test_every_value_remembers_its_file_line_and_column(tmp_path: Path) -> None:
    book = handbook(tmp_path)
    step = book.steps[1]
    assert str(step.at) == "content/method.yml:7:7"
    assert str(step.where("goal")) == "content/method.yml:9:13"


def test_an_avoided_phrase_may_be_a_bare_text_or_a_mapping(tmp_path: Path) -> None:
    book = handbook(tmp_path, **{"p.yml": """\
        situations: [{id: s, title: S}]
        phrases:
          - id: p
            step: listen
            situations: [s]
            say: Take your time.
            avoid:
              - calm down
              - text: relax
                why: It dismisses the feeling.
                fires: [Just relax.]
        """})
    avoid = book.phrases[0].avoid
    assert [a.text for a in avoid] == ["calm down", "relax"]
    assert avoid[1].fires == ("Just relax.",)


def test_defaults_fill_what_an_author_leaves_out(tmp_path: Path) -> None:
    book = handbook(tmp_path, **{"p.yml": """\
        situations: [{id: s, title: S}]
        phrases: [{id: p, step: listen, situations: [s], say: Hi.}]
        """})
    phrase = book.phrases[0]
    assert phrase.channels == m.CHANNELS
    assert phrase.text_for("email") == "Hi."
    assert phrase.heading == "Hi."


def test_dates_and_review_fields_load_as_dates(tmp_path: Path) -> None:
    book = handbook(tmp_path, **{"s.yml": """\
        sources:
          - id: a
            title: A
            date: 2016-01-19
            reviewed: 2026-03-01
            owner: Training team
          - id: b
            title: B
            date: July 2010
        """})
    assert book.sources[0].date == dt.date(2016, 1, 19)
    assert book.sources[0].reviewed == dt.date(2026, 3, 1)
    assert book.sources[1].date == "July 2010", "a date that is not ISO stays as written"


def test_a_turn_takes_its_speaker_as_its_key(tmp_path: Path) -> None:
    book = handbook(tmp_path, **{"e.yml": """\
        examples:
          - id: e
            title: E
            channel: phone
            setting: S.
            dialogue:
              - customer: "No"
              - rep: Tell me more.
                step: listen
              - note: The rep takes notes.
            takeaway: T.
        """})
    turns = book.examples[0].dialogue
    assert [(t.speaker, t.text) for t in turns] == [
        ("customer", "No"), ("rep", "Tell me more."), ("note", "The rep takes notes.")]


def test_all_problems_of_a_run_are_reported_together_in_file_order(tmp_path: Path) -> None:
    found = problems(tmp_path, **{
        "a.yml": "situations:\n  - id: Bad Id\n    title: x\n",
        "b.yml": "phrases:\n  - id: p\n    step: lisen\n    situations: []\n    say: no\n",
    })
    assert found == [
        "content/a.yml:2:9 id",
        "content/b.yml:3:11 unknown-reference",
        "content/b.yml:4:17 missing-value",
        "content/b.yml:5:10 yaml-boolean",
    ]


def test_a_reference_to_a_renamed_id_points_to_the_new_one(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        handbook(tmp_path, **{"p.yml": """\
            situations: [{id: shouting, title: S, aliases: [yelling]}]
            phrases: [{id: p, step: listen, situations: [yelling], say: Hi.}]
            """})
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.rule == "unknown-reference"
    assert "alias" in str(diagnostic.hint)


def test_links_inside_markdown_must_resolve(tmp_path: Path) -> None:
    assert problems(tmp_path, **{"s.yml": """\
        situations:
          - id: s
            title: S
            summary: See [the meal](example:cold-meal).
        """}) == ["content/s.yml:4:14 unknown-reference"]


def test_one_method_exactly(tmp_path: Path) -> None:
    second = "method:\n  title: N\n  steps: [{id: other, title: O, goal: G.}]\n"
    assert problems(tmp_path, **{"second.yml": second}) == ["content/second.yml:2:3 method"]


@pytest.mark.parametrize(("written", "hint"), [
    ("Störung", "stoerung"),
    ("Straße-Sperrung", "strasse-sperrung"),
    ("Café crème", "cafe-creme"),
    ("Ærgerlig Kunde", "aergerlig-kunde"),
    ("Łódź", "lodz"),
    ("Ça ne marche pas!", "ca-ne-marche-pas"),
])
def test_an_id_hint_spells_letters_out_as_their_language_does(
        tmp_path: Path, written: str, hint: str) -> None:
    """A German team writes `störung`; the hint offers `stoerung`, not `st-rung`."""
    with pytest.raises(ContentError) as caught:
        handbook(tmp_path, **{"s.yml": f"situations:\n  - id: {written}\n    title: T\n"})
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.rule == "id" and str(diagnostic.at).endswith("s.yml:2:9")
    assert str(diagnostic.hint).endswith(f"try `{hint}`")


def test_an_id_without_latin_letters_gets_no_empty_hint(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        handbook(tmp_path, **{"s.yml": "situations:\n  - id: жалоба\n    title: T\n"})
    (diagnostic,) = caught.value.diagnostics
    assert "try" not in str(diagnostic.hint) and "lower-case letters" in str(diagnostic.hint)
