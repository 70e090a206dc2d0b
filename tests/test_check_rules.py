"""Each guidance rule fires on content that breaks it and stays silent on content that keeps it.

Every case is a small handbook file written out below, loaded with the real loader and
checked with the real rules; the assertion names the rule and the exact file:line:col.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from service_phrasebook import check
from service_phrasebook.load import load
from service_phrasebook.settings import Settings

BASE = """\
    method:
      title: M
      steps:
        - {id: listen, title: Listen, goal: Let them finish.}
        - {id: apologize, title: Apologize, goal: Apologize for the trouble.}
        - {id: fix, title: Fix, goal: Put it right.}
        - {id: extra, title: Extra, goal: Add something small.}
      rules:
        - {id: extra-after-fix, title: The extra after the fix, first: fix, then: extra}
    situations:
      - {id: s, title: S}
    sources:
      - {id: src, title: A source}
    """


def diagnostics(tmp_path: Path, text: str, **settings: object) -> list[tuple[str, str, str]]:
    """(rule, place, message) of every diagnostic for a handbook of BASE plus `text`."""
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "base.yml").write_text(textwrap.dedent(BASE), encoding="utf-8")
    (folder / "case.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    handbook = load([folder], tmp_path)
    config = Settings(root=tmp_path, content=(folder,), today=dt.date(2026, 11, 23),
                      **settings)  # type: ignore[arg-type]
    return [(d.rule, str(d.at), str(d.message)) for d in check.run(handbook, config).diagnostics]


def fired(tmp_path: Path, rule: str, text: str, **settings: object) -> list[str]:
    """The places where `rule` fired."""
    return [place for r, place, _ in diagnostics(tmp_path, text, **settings) if r == rule]


PHRASES = """\
    phrases:
      - id: apologize
        step: apologize
        situations: [s]
        say: I apologize for the trouble.
        avoid:
          - I'm sorry
        sources: [src]
      - id: listening
        step: listen
        situations: [s]
        say: {say}
      - {id: fixing, step: fix, situations: [s], say: Let me put this right now.}
      - {id: extra, step: extra, situations: [s], say: Dessert is on us tonight.}
    """


def phrases(say: str) -> str:
    """Four clean phrases, the second saying `say`."""
    return PHRASES.replace("{say}", json.dumps(say, ensure_ascii=False)).rstrip(" ")


# --- avoided-phrase --------------------------------------------------------------------------

def test_an_avoided_phrase_in_a_text_to_say_is_found_however_it_is_typed(tmp_path: Path) -> None:
    assert fired(tmp_path, "avoided-phrase", phrases("Go on. I’M so… no: I am sorry, go on.")) \
        == ["content/case.yml:12:30"]


def test_an_avoided_phrase_in_a_rep_line_is_found_but_not_in_a_customer_line(
    tmp_path: Path,
) -> None:
    example = phrases("Go on.") + """\
    examples:
      - id: e
        title: E
        channel: phone
        setting: S.
        dialogue:
          - customer: I'm sorry, but this is ridiculous.
          - rep: I'm sorry you had to wait.
            step: apologize
        takeaway: T.
    """
    assert fired(tmp_path, "avoided-phrase", example) == ["content/case.yml:22:14"]


def test_counterexamples_may_show_what_to_avoid(tmp_path: Path) -> None:
    example = phrases("Go on.") + """\
    examples:
      - id: wrong
        title: Wrong
        channel: phone
        setting: S.
        dialogue:
          - rep: I'm sorry, dessert is on us.
            step: extra
        takeaway: T.
        breaks: [extra-after-fix]
    """
    assert fired(tmp_path, "avoided-phrase", example) == []


def test_struck_through_text_is_a_quoted_dont_and_emphasis_hides_nothing(tmp_path: Path) -> None:
    text = phrases("Go on.") + """\
    lessons:
      - id: l
        title: L
        objectives:
          - Say "I apologize", never ~~I'm sorry~~.
          - Never say **I'm** sorry.
        plan: [{step: apologize}]
    """
    assert fired(tmp_path, "avoided-phrase", text) == ["content/case.yml:20:21"]


def test_a_step_goal_and_advice_are_checked_but_not_its_donts(tmp_path: Path) -> None:
    text = phrases("Go on.").replace("say: Dessert is on us tonight.", "say: Dessert is ours.")
    base_goal = "Apologize for the trouble."
    folder_text = BASE.replace(base_goal, "Say I'm sorry once.")
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "base.yml").write_text(textwrap.dedent(folder_text), encoding="utf-8")
    (folder / "case.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    handbook = load([folder], tmp_path)
    found = [(d.rule, str(d.at)) for d in check.run(handbook, Settings()).diagnostics]
    assert ("avoided-phrase", "content/base.yml:5:51") in found


# --- struck-through-speech --------------------------------------------------------------------

def hints(tmp_path: Path, rule: str, text: str) -> list[str]:
    folder = tmp_path / "content"
    folder.mkdir(parents=True)
    (folder / "base.yml").write_text(textwrap.dedent(BASE), encoding="utf-8")
    (folder / "case.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    report = check.run(load([folder], tmp_path), Settings(root=tmp_path, content=(folder,)))
    return [str(d.hint) for d in report.diagnostics if d.rule == rule]


def test_strike_through_in_a_text_to_say_is_an_error_at_the_tildes(tmp_path: Path) -> None:
    """The hint once offered `~~...~~` for any line; a team followed it inside `say:`, and the
    Copy button copied the tildes and the struck-through words (issue 11, point 1)."""
    text = phrases("~~there is nothing I can do~~ Before you go, let me note it.").replace(
        "say: I apologize for the trouble.",
        "say: I apologize for the trouble.\n        variants: {chat: Sorry ~~for that~~.}",
    ) + """\
    examples:
      - id: e
        title: E
        channel: phone
        setting: S.
        dialogue:
          - rep: Let me ~~just~~ check.
            step: fix
        takeaway: T.
    """
    assert fired(tmp_path, "struck-through-speech", text) == [
        "content/case.yml:6:28", "content/case.yml:13:11", "content/case.yml:22:21"]


def test_strike_through_where_markdown_renders_is_a_quoted_dont(tmp_path: Path) -> None:
    text = phrases("Go on.") + """\
    lessons:
      - id: l
        title: L
        objectives:
          - Say "I apologize", never ~~I'm sorry~~.
        plan: [{step: apologize, note: "~~Calm down~~ is never said."}]
    """
    assert fired(tmp_path, "struck-through-speech", text) == []


def test_the_avoided_phrase_hint_offers_strike_through_only_where_it_renders(
    tmp_path: Path,
) -> None:
    said = hints(tmp_path / "said", "avoided-phrase", phrases("Go on, I'm sorry."))
    assert said == ["reword it (say instead: “I apologize for the trouble.”)"]
    advised = hints(tmp_path / "advised", "avoided-phrase", phrases("Go on.") + """\
    lessons:
      - {id: l, title: L, objectives: [Never say I'm sorry.], plan: [{step: apologize}]}
    """)
    assert len(advised) == 1 and "strike it through (~~...~~)" in advised[0]


# --- contradiction ---------------------------------------------------------------------------

def test_a_phrase_that_is_word_for_word_an_avoided_one_is_a_contradiction(tmp_path: Path) -> None:
    found = diagnostics(tmp_path, phrases("I am SORRY."))
    assert [(r, p) for r, p, _ in found if r in ("contradiction", "avoided-phrase")] == [
        ("contradiction", "content/case.yml:12:10")]


# --- substitution ----------------------------------------------------------------------------

CYCLE = """\
    phrases:
      - id: a
        step: listen
        situations: [s]
        say: Please hold on.
        avoid: [just a moment]{suppress}
      - id: b
        step: listen
        situations: [s]
        say: Just a moment.
        avoid: [please hold]{suppress}
      - {{id: f, step: fix, situations: [s], say: Fixed.}}
      - {{id: x, step: extra, situations: [s], say: Extra.}}
      - {{id: y, step: apologize, situations: [s], say: I apologize.}}
    """
QUOTED_ON_PURPOSE = """
        suppress: [{rule: avoided-phrase, reason: sure}, {rule: contradiction, reason: too}]"""


def test_an_alternative_that_is_itself_avoided_is_reported_with_the_cycle(tmp_path: Path) -> None:
    """Where the alternative's own text is not reported (avoided-phrase, or contradiction
    when it is the avoided phrase word for word, suppressed)."""
    text = CYCLE.format(suppress=QUOTED_ON_PURPOSE)
    found = [m for r, _, m in diagnostics(tmp_path, text) if r == "substitution"]
    assert len(found) == 2 and all("(a cycle)" in m for m in found)


def test_an_avoided_phrase_in_a_text_to_say_is_one_error_not_three(tmp_path: Path) -> None:
    """The alternative's text holding an avoided phrase is reported there (avoided-phrase);
    every avoid entry that offers it as an alternative follows from it, and fixing that text
    fixes them all (issue 19, point 13: one avoided phrase gave three errors)."""
    found = diagnostics(tmp_path, CYCLE.format(suppress=""))
    assert [(r, p) for r, p, _ in found if r in ("avoided-phrase", "contradiction",
                                                   "substitution")] == [
        ("avoided-phrase", "content/case.yml:5:10"), ("contradiction", "content/case.yml:10:10")]


def test_a_clean_alternative_passes(tmp_path: Path) -> None:
    assert fired(tmp_path, "substitution", phrases("Go on.")) == []


# --- overlap ---------------------------------------------------------------------------------

def test_an_avoided_phrase_inside_another_is_an_overlap(tmp_path: Path) -> None:
    text = phrases("Go on.").replace("- I'm sorry", "- I'm sorry\n          - I'm sorry but")
    assert fired(tmp_path, "overlap", text) == ["content/case.yml:8:9"]


# --- spec ------------------------------------------------------------------------------------

def test_an_avoided_phrase_must_catch_its_fires_lines_and_spare_its_silent_ones(
    tmp_path: Path,
) -> None:
    text = phrases("Go on.").replace("- I'm sorry", """- text: calm down
            fires: ["Please CALM down.", "Calm yourself."]
            silent: ["I'll stay calm.", "Calm down, and breathe."]""")
    assert fired(tmp_path, "spec", text) == ["content/case.yml:8:38", "content/case.yml:9:37"]


# --- order -----------------------------------------------------------------------------------

DIALOGUE = """\
    examples:
      - id: meal
        title: Meal
        channel: in-person
        setting: S.
        dialogue:
          - rep: One.
            step: FIRST
          - rep: Two.
            step: SECOND
        takeaway: T.
        BREAKS
    """


def dialogue(first: str, second: str, breaks: str = "") -> str:
    return phrases("Go on.") + DIALOGUE.replace("FIRST", first).replace(
        "SECOND", second).replace("BREAKS", breaks)


def test_the_extra_before_the_fix_breaks_the_order(tmp_path: Path) -> None:
    assert fired(tmp_path, "order", dialogue("extra", "fix")) == ["content/case.yml:21:14"]


def test_the_extra_after_the_fix_keeps_it(tmp_path: Path) -> None:
    assert fired(tmp_path, "order", dialogue("fix", "extra")) == []


def test_a_counterexample_must_break_the_rule_it_names(tmp_path: Path) -> None:
    kept = dialogue("fix", "extra", "breaks: [extra-after-fix]")
    assert fired(tmp_path, "order", kept) == ["content/case.yml:26:13"]
    broken = dialogue("extra", "fix", "breaks: [extra-after-fix]")
    assert fired(tmp_path, "order", broken) == []


# --- duplicates ------------------------------------------------------------------------------

def test_the_same_words_twice_is_a_duplicate_named_with_the_first(tmp_path: Path) -> None:
    text = phrases("Let me put this RIGHT now!")
    found = [(r, p, m) for r, p, m in diagnostics(tmp_path, text) if r == "duplicate"]
    assert found == [("duplicate", "content/case.yml:13:51",
                      "the same words as phrase `listening`")]


def test_nearly_the_same_words_is_a_near_duplicate(tmp_path: Path) -> None:
    text = phrases("Let me put that right now.")
    assert fired(tmp_path, "near-duplicate", text) == ["content/case.yml:13:51"]
    assert fired(tmp_path, "near-duplicate", phrases("Tell me everything that happened.")) == []


# --- steps and situations without phrases ----------------------------------------------------

def test_a_step_or_situation_without_phrases_is_reported(tmp_path: Path) -> None:
    text = """\
    situations: [{id: empty, title: Empty}]
    phrases:
      - {id: a, step: listen, situations: [s], say: Go on.}
    """
    found = diagnostics(tmp_path, text)
    assert sorted(r for r, _, _ in found if r.endswith("without-phrases")) == [
        "situation-without-phrases", "step-without-phrases", "step-without-phrases",
        "step-without-phrases"]


# --- sources ---------------------------------------------------------------------------------

def test_statistics_need_a_caveat_unless_verified_and_sources_must_be_used(
    tmp_path: Path,
) -> None:
    text = phrases("Go on.") + """\
    sources:
      - {id: unused, title: Nobody cites me}
    statistics:
      - {id: a, figure: 86 %, claim: leave., source: src}
      - {id: b, figure: 95 %, claim: stay., source: src, verified: true}
      - {id: c, figure: 9 to 15, claim: tell., source: src, caveat: Second-hand.}
    """
    found = diagnostics(tmp_path, text)
    assert [(r, p) for r, p, _ in found if r in ("caveat", "unused-source")] == [
        ("unused-source", "content/case.yml:16:5"), ("caveat", "content/case.yml:18:5")]


# --- variables -------------------------------------------------------------------------------

def test_fill_ins_must_be_declared_and_declarations_used(tmp_path: Path) -> None:
    text = phrases("Thanks, {customer_name}, about order {order}.").replace(
        "order {order}.\"", """order {order}."
        variables:
          customer_name: their name
          ticket: the ticket number""")
    found = [(p, m) for r, p, m in diagnostics(tmp_path, text) if r == "variables"]
    assert found == [("content/case.yml:12:10", "{order} is not declared"),
                     ("content/case.yml:15:7", "variable `ticket` is declared but never used")]


# --- stale -----------------------------------------------------------------------------------

def test_an_entry_past_its_review_interval_is_stale(tmp_path: Path) -> None:
    text = phrases("Go on.").replace("sources: [src]",
                                     "sources: [src]\n        reviewed: 2025-01-01")
    assert fired(tmp_path, "stale", text) == ["content/case.yml:9:15"]
    assert fired(tmp_path, "stale", text, review_days=1000) == []


# --- say-ability and channel -----------------------------------------------------------------

def test_a_long_phone_text_is_hard_to_say(tmp_path: Path) -> None:
    long = "I hear you and " * 10 + "I will help."
    assert fired(tmp_path, "say-ability", phrases(long)) == ["content/case.yml:12:10"]
    assert fired(tmp_path, "say-ability", phrases(long), phone_max_words=60) == []


def test_spoken_text_must_not_point_at_writing_nor_written_at_voice(tmp_path: Path) -> None:
    text = phrases("Please see below for the steps.").replace(
        "say: \"Please see below", "channels: [phone, chat]\n        say: \"Please see below")
    assert fired(tmp_path, "channel", text) == ["content/case.yml:13:18"]
    chat = phrases("I can hear the frustration in your voice.").replace(
        "say: \"I can hear", "channels: [chat]\n        say: \"I can hear")
    assert fired(tmp_path, "channel", chat) == ["content/case.yml:13:17"]


# --- suppressions ----------------------------------------------------------------------------

def test_a_suppression_silences_one_rule_on_one_entry_and_an_unused_one_is_reported(
    tmp_path: Path,
) -> None:
    long = "I hear you and " * 10 + "I will help."
    text = phrases(long).replace("say: \"I hear", """suppress:
          - {rule: say-ability, reason: Legal wording read in full.}
          - {rule: channel, reason: Left over.}
        say: "I hear""")
    found = diagnostics(tmp_path, text)
    assert [r for r, _, _ in found if r in ("say-ability", "unused-suppression")] == [
        "unused-suppression"]


@pytest.mark.parametrize("rule", [r.id for r in check.RULES])
def test_every_rule_explains_itself_for_the_site(rule: str) -> None:
    doc = next(d for d in check.documentation() if d.id == rule)
    assert len(str(doc.doc)) > 80 and doc.severity in ("error", "warning")


# --- example-steps ---------------------------------------------------------------------------

OURS = """\
    situations:
      - {id: ours, title: Our mistake, example_steps: [apologize, fix]}
    """


def example_of_ours(first: str, second: str, breaks: str = "") -> str:
    """The two-line example of the order tests, as an example of situation `ours`."""
    return OURS.rstrip(" ") + dialogue(first, second, breaks).replace(
        "title: Meal\n", "title: Meal\n        situations: [ours]\n")


def test_an_example_shows_the_steps_its_situation_requires_in_order(tmp_path: Path) -> None:
    assert fired(tmp_path, "example-steps", example_of_ours("apologize", "fix")) == []


def test_an_example_that_skips_a_required_step_is_an_error_at_the_example(
    tmp_path: Path,
) -> None:
    found = [(p, m) for r, p, m in diagnostics(tmp_path, example_of_ours("listen", "fix"))
             if r == "example-steps"]
    assert found == [("content/case.yml:24:7", "`meal` is an example of `ours`, whose examples "
                      "show `apologize` before `fix`; it has no `apologize` line in that order")]


def test_required_steps_out_of_order_are_missing_from_that_order(tmp_path: Path) -> None:
    assert fired(tmp_path, "example-steps", example_of_ours("fix", "apologize")) == [
        "content/case.yml:24:7"]


def test_a_counterexample_need_not_show_the_required_steps(tmp_path: Path) -> None:
    text = example_of_ours("extra", "fix", "breaks: [extra-after-fix]")
    assert fired(tmp_path, "example-steps", text) == []


def test_any_team_names_its_own_situations_and_steps(tmp_path: Path) -> None:
    text = example_of_ours("listen", "extra").replace(
        "[apologize, fix]", "[listen, extra]").replace("Our mistake", "Late parcel")
    assert fired(tmp_path, "example-steps", text) == []
    assert fired(tmp_path, "example-steps", text.replace("[listen, extra]",
                                                          "[listen, apologize]")) == [
        "content/case.yml:24:7"]


# --- figure ----------------------------------------------------------------------------------

FIGURES = """\
    statistics:
      - {id: quick, figure: 95 %, claim: stay., source: src, caveat: Second-hand.}
    lessons:
      - id: l
        title: L
        objectives:
          - OBJECTIVE
        plan: [{step: apologize}]
    """



def lesson_saying(objective: str) -> str:
    return phrases("Go on.") + FIGURES.replace("OBJECTIVE", json.dumps(objective))


@pytest.mark.parametrize("said, figure", [
    ("Resolved quickly, 95 % of complaining customers stay.", "95 %"),
    ("Nine times out of ten, listening is enough.", "Nine times out of ten"),
    ("One in five callers never rings back.", "One in five"),
    ("A new customer costs five to seven times more than keeping one.",
     "five to seven times more"),
    ("Most unhappy customers leave without a word.", "Most unhappy customers"),
    ("Nearly all complaining customers buy again.", "Nearly all complaining customers"),
    ("3 of the top 4 complaints are about being passed along.", "3 of the top 4"),
    ("A 13 per cent share tells more than 20 people.", "13 per cent"),
])
def test_a_share_of_customers_stated_as_fact_is_an_error_at_the_figure(
    tmp_path: Path, said: str, figure: str,
) -> None:
    found = [(p, m) for r, p, m in diagnostics(tmp_path, lesson_saying(said)) if r == "figure"]
    column = 10 + said.index(figure)  # the objective's text starts at column 10 of line 21
    assert found == [(f"content/case.yml:21:{column}", f"“{figure}” is a figure stated as fact")]


@pytest.mark.parametrize("said", [
    "Resolved quickly, nearly all buy again ([95 %](statistic:quick)).",
    'A widely quoted line says "95 % of unhappy customers never complain".',
    "Call back by 10:30, or within 24 hours at the latest.",
    "Refund the 80 pounds on order 12345 and offer two options.",
    "Offer two options; a list of six is homework.",
    "The engineer comes at eight in the morning, three days from now.",
    "Be 100 % sure of the facts before you correct anyone.",
    "Ask a few questions, then answer the first of them.",
])
def test_linked_quoted_and_figures_that_are_not_shares_stay_silent(
    tmp_path: Path, said: str,
) -> None:
    assert fired(tmp_path, "figure", lesson_saying(said)) == []


def test_figures_are_checked_in_phrases_and_examples_but_not_in_a_customer_s_words(
    tmp_path: Path,
) -> None:
    why = "\n        why: Most customers forgive one mistake."
    text = phrases("Go on.").replace("trouble.", "trouble." + why, 1) + """\
    examples:
      - id: e
        title: E
        channel: phone
        setting: S.
        dialogue:
          - customer: 90 % of your reviews are bad!
          - rep: Nine in ten orders arrive on time, and yours did not.
            step: apologize
        takeaway: T.
    """
    assert fired(tmp_path, "figure", text) == ["content/case.yml:6:10", "content/case.yml:23:14"]


# --- rote-line -------------------------------------------------------------------------------

def examples_saying(*lines: str, breaks: str = "") -> str:
    text = phrases("Go on.") + "    examples:\n"
    for i, line in enumerate(lines):
        text += textwrap.indent(textwrap.dedent(f"""\
            - id: e{i}
              title: E{i}
              channel: chat
              setting: S.
              dialogue:
                - customer: Hello.
                - rep: {json.dumps(line)}
                  step: apologize
              takeaway: T.
              {breaks if i == len(lines) - 1 else ""}
            """), "      ")
    return text


ROTE = "Thank you again for letting us know about this."


def test_a_rep_line_said_word_for_word_in_three_model_examples_is_a_warning_naming_all(
    tmp_path: Path,
) -> None:
    text = examples_saying(f"Right. {ROTE}", "THANK YOU AGAIN for letting us know about this!",
                           f"{ROTE} Bye.")
    found = [(r, p, m) for r, p, m in diagnostics(tmp_path, text) if r == "rote-line"]
    assert found == [("rote-line", "content/case.yml:22:22",
                      f"“{ROTE}” is said word for word in 3 model examples: `e0`, `e1`, `e2`")]
    folder = tmp_path / "content"
    handbook = load([folder], tmp_path)
    config = Settings(root=tmp_path, content=(folder,), today=dt.date(2026, 11, 23))
    (warning,) = [d for d in check.run(handbook, config).diagnostics if d.rule == "rote-line"]
    assert [str(s) for s in warning.related] == ["content/case.yml:32:15",
                                                 "content/case.yml:42:15"]


def test_a_line_in_two_examples_a_short_line_or_a_counterexample_is_no_rote(
    tmp_path: Path,
) -> None:
    assert fired(tmp_path, "rote-line", examples_saying(ROTE, ROTE)) == []
    short = "Thank you for letting us know."
    assert fired(tmp_path, "rote-line", examples_saying(short, short, short)) == []
    text = examples_saying(ROTE, ROTE, ROTE, breaks="breaks: [extra-after-fix]")
    assert fired(tmp_path, "rote-line", text) == []


# --- synonyms --------------------------------------------------------------------------------

def test_synonym_sets_that_cannot_be_read_one_way_are_errors_at_their_place(
    tmp_path: Path,
) -> None:
    text = """\
    synonyms:
      - same: [parcel, package, delivery]
      - same: [Parcel, parcels]
      - same: [refund, Refund]
      - same: [bill, invoice, bill]
      - typed: CSR
        means: [csr]
      - typed: rdv
        means: [appointment]
      - typed: RDV
        means: [meeting]
    """
    found = [(place, message) for rule, place, message in diagnostics(tmp_path, text)
             if rule == "synonyms"]
    assert found == [
        # "Parcel" is the first set's "parcel", whatever its case
        ("content/case.yml:3:12", "“Parcel” is already in another synonym entry, which finds "
                                  "other words (“package”, “delivery”)"),
        ("content/case.yml:4:11", "a `same:` set needs two different words or more"),
        ("content/case.yml:5:27", "“bill” is already in this set"),
        ("content/case.yml:7:12", "`means:` finds nothing that “CSR” does not find already"),
        ("content/case.yml:10:12", "“RDV” is already in another synonym entry, which finds "
                                   "other words (“appointment”)"),
    ]


def test_well_formed_synonym_sets_pass(tmp_path: Path) -> None:
    text = """\
    synonyms:
      - same: [parcel, package, delivery]
      - same: [manager, supervisor, team leader]
      - typed: rdv
        means: [rendez-vous, appointment]
    """
    assert fired(tmp_path, "synonyms", text) == []
