"""Guidance rules: the handbook checked against itself.

Prose linters check a document against a rulebook. Here the rulebook is part of the content
(phrases to avoid, ordering rules between steps), so the checker also checks the rulebook
against itself: a phrase both recommended and avoided, an alternative that is itself
avoided, a worked example that teaches the steps in the wrong order.

Each rule is a function registered with `@rule`: its docstring is the explanation shown on
the site's "Checker rules" page. Rules yield findings tied to the entry they concern, so an
entry's `suppress:` can silence one rule for it, with a reason.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from . import collector
from . import model as m
from .diagnostic import Diagnostic, Severity, ordered
from .normalize import Match, Matcher, Word, key, quick_words, words
from .render import CheckDoc
from .settings import Settings

# --- Findings and rules ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic and the entry it is about (None when no entry can silence it)."""

    entry: m.Entry | None
    diagnostic: Diagnostic


RuleFunction = Callable[["Context"], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    title: str
    run: RuleFunction

    @property
    def doc(self) -> str:
        return " ".join((self.run.__doc__ or "").split())


RULES: list[Rule] = []


def rule(id: str, severity: Severity, title: str) -> Callable[[RuleFunction], RuleFunction]:
    def register(function: RuleFunction) -> RuleFunction:
        RULES.append(Rule(id, severity, title, function))
        return function

    return register


def _severity(rule_id: str) -> Severity:
    return next(r.severity for r in RULES if r.id == rule_id)


def finding(entry: m.Entry | None, rule_id: str, at: m.Span, message: str, hint: str,
            *related: m.Span) -> Finding:
    return Finding(entry, Diagnostic(at, _severity(rule_id), rule_id, message, hint,
                                     tuple(related)))


# --- What the handbook recommends ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of text the handbook tells reps to say or to follow."""

    owner: m.Entry
    value: str
    at: m.Span
    what: str  # "the phrase", "a rep's line", ...
    phrase: m.Phrase | None = None  # set for a phrase's own text to say
    channel: m.Channel | None = None


def recommended(handbook: m.Handbook) -> Iterator[Text]:
    """Everything that must never contain an avoided phrase.

    Not here, on purpose: customers' lines (they may say anything), counterexamples (showing
    the wrong way is their point), `dont` lists, `why` texts and the avoided phrases
    themselves, which all quote what not to say.
    """
    for phrase in handbook.phrases:
        yield Text(phrase, phrase.say, phrase.where("say"), "the text to say", phrase)
        for channel, text in phrase.variants.items():
            yield Text(phrase, text, phrase.where(f"variants.{channel}"),
                       f"the {channel} text to say", phrase, channel)
    for step in handbook.steps:
        yield Text(step, step.goal, step.where("goal"), "a step's goal")
        for i, advice in enumerate(step.do):
            yield Text(step, advice, step.where(f"do.{i}"), "a step's advice")
    for example in handbook.examples:
        if example.counterexample:
            continue
        for turn in example.dialogue:
            if turn.speaker in ("rep", "colleague"):
                yield Text(example, turn.text, turn.where(turn.speaker),
                           f"a {turn.speaker}'s line")
    for lesson in handbook.lessons:
        for i, objective in enumerate(lesson.objectives):
            yield Text(lesson, objective, lesson.where(f"objectives.{i}"),
                       "a lesson's objective")
        for item in lesson.plan:
            if item.text:
                yield Text(lesson, item.text, item.where("text"), "a lesson's plan")
        for i, prompt in enumerate(lesson.practice):
            yield Text(lesson, prompt, lesson.where(f"practice.{i}"), "a practice prompt")


def spoken(phrase: m.Phrase) -> Iterator[tuple[m.Channel, str, str]]:
    """Each channel the phrase is for, with its text and the field it is written in."""
    for channel in phrase.channels:
        name = f"variants.{channel}" if channel in phrase.variants else "say"
        yield channel, phrase.text_for(channel), name


# --- Shared, computed once per run -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Avoided:
    text: m.Avoid
    phrase: m.Phrase
    key: tuple[str, ...]


class Context:
    """The handbook plus what several rules need: the avoided phrases compiled once."""

    def __init__(self, handbook: m.Handbook, settings: Settings) -> None:
        self.handbook = handbook
        self.settings = settings
        self.avoided = [Avoided(a, p, key(a.text)) for p in handbook.phrases for a in p.avoid]
        self.matcher: Matcher[Avoided] = Matcher((a.key, a) for a in self.avoided)
        self._lines: dict[str, list[int]] = {}
        self._words: dict[str, list[Word]] = {}
        self._rough: dict[str, set[str]] = {}
        self.say_keys = [key(p.say) for p in handbook.phrases]  # duplicates: both rules

    def words(self, text: str) -> list[Word]:
        cached = self._words.get(text)
        if cached is None:
            cached = self._words[text] = words(text)
        return cached

    def rough(self, text: str) -> set[str]:
        cached = self._rough.get(text)
        if cached is None:
            cached = self._rough[text] = quick_words(text)
        return cached

    def avoided_in(self, text: str) -> tuple[list[Word], list[Match[Avoided]]]:
        """The words of `text` and the avoided phrases in it."""
        if not self.matcher.may_match(self.rough(text)):
            return [], []
        found = self.words(text)
        return found, list(self.matcher.find(found))

    def place(self, at: m.Span, found: Sequence[Word], first: int, last: int) -> m.Span:
        """The exact file position of words `first..last` of a value written at `at`.

        The value was decoded from YAML (quotes, escapes, folded lines), so the words are
        found again in the raw text of the file; if they cannot be, the value's start is
        still a true place.
        """
        raw = self.handbook.texts.get(at.path)
        if raw is None or at.end <= at.start:
            return at
        wanted = [w.text for w in found[first:last + 1]]
        before = sum(1 for i in range(first) if [w.text for w in found[i:i + len(wanted)]]
                     == wanted)
        segment = words(raw[at.start:at.end])
        texts = [w.text for w in segment]
        seen = 0
        for i in range(len(texts) - len(wanted) + 1):
            if texts[i:i + len(wanted)] == wanted:
                if seen == before:
                    return self.span(at.path, at.start + segment[i].start,
                                     at.start + segment[i + len(wanted) - 1].end)
                seen += 1
        return at

    def span(self, path: str, start: int, end: int) -> m.Span:
        lines = self._lines.get(path)
        if lines is None:
            raw = self.handbook.texts[path]
            lines = self._lines[path] = [0] + [i + 1 for i, c in enumerate(raw) if c == "\n"]
        line = bisect.bisect_right(lines, start)
        return m.Span(path, line, start - lines[line - 1] + 1, start, end)


def quote(text: str) -> str:
    return f"“{text}”"


# --- The rules -------------------------------------------------------------------------------


@rule("avoided-phrase", "error", "No recommended line contains a phrase to avoid")
def avoided_phrase(c: Context) -> Iterator[Finding]:
    """A phrase listed under `avoid` must not appear in anything the handbook recommends: a
    text to say, a rep's line in a worked example, a step's goal or advice, a lesson.
    Matching ignores case, curly quotes and Markdown emphasis, and counts *I'm* and *I am*
    as the same. Fix it by rewording the line, or, to mention the phrase as a "don't",
    strike it through: `~~I'm sorry~~`. Counterexamples and customers' lines are exempt."""
    for text in recommended(c.handbook):
        found, matches = c.avoided_in(text.value)
        for match in matches:
            avoided = match.value
            if text.phrase is not None and _whole(found, match):
                continue  # a whole text to say that is avoided: the contradiction rule's
            yield finding(
                text.owner, "avoided-phrase", c.place(text.at, found, match.first, match.last),
                f"{text.what} contains {quote(avoided.text.text)}, which the handbook says "
                "to avoid",
                f"reword it (say instead: {quote(avoided.phrase.say)}), or strike it through "
                "(~~...~~) if it is quoted as a don't",
                avoided.text.at,
            )


def _whole(found: Sequence[Word], match: Match[Avoided]) -> bool:
    return match.first == 0 and match.last == len(found) - 1


@rule("contradiction", "error", "Nothing is both recommended and avoided")
def contradiction(c: Context) -> Iterator[Finding]:
    """A text to say that is, word for word, a phrase the handbook avoids elsewhere: the
    handbook both recommends and forbids it. Decide which it is, and remove the other."""
    for text in recommended(c.handbook):
        if text.phrase is None:
            continue
        found, matches = c.avoided_in(text.value)
        for match in matches:
            if _whole(found, match):
                yield finding(
                    text.owner, "contradiction", text.at,
                    f"{quote(text.value)} is recommended here and avoided by phrase "
                    f"`{match.value.phrase.id}`",
                    "decide: remove this phrase, or remove the avoid entry",
                    match.value.text.at,
                )


@rule("substitution", "error", "The alternative to an avoided phrase is not itself avoided")
def substitution(c: Context) -> Iterator[Finding]:
    """Every avoided phrase names what to say instead: the phrase it is listed under. That
    alternative must not itself contain a phrase to avoid, or the handbook sends the rep in a
    circle (say A instead of B, and B instead of A). Fix the alternative's text, or move the
    avoid entry under a phrase that can really replace it."""
    replaced_by: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], Avoided] = {}
    for phrase in c.handbook.phrases:
        for _, text, _name in spoken(phrase):
            for match in c.avoided_in(text)[1]:
                avoider = match.value.phrase
                if avoider.id != phrase.id:
                    replaced_by[phrase.id].add(avoider.id)
                    where[(phrase.id, avoider.id)] = match.value
    for avoided in c.avoided:
        alternative = avoided.phrase.id
        for target in sorted(replaced_by.get(alternative, ())):
            cycle = target == alternative or alternative in _reachable(replaced_by, target)
            other = where[(alternative, target)]
            yield finding(
                avoided.phrase, "substitution", avoided.text.at,
                f"instead of {quote(avoided.text.text)} the handbook offers "
                f"`{alternative}`, but that text contains {quote(other.text.text)}, avoided "
                f"by `{target}`" + (" (a cycle)" if cycle else ""),
                "reword the alternative so it avoids nothing", other.text.at,
            )


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@rule("overlap", "warning", "Avoided phrases do not contain each other")
def overlap(c: Context) -> Iterator[Finding]:
    """One avoided phrase inside another (*sorry* and *I'm sorry to hear*) means every line
    the longer one catches is already caught by the shorter: two entries, two reasons, one
    rule. Merge them, keeping the shorter phrase."""
    position = {id(a): i for i, a in enumerate(c.avoided)}
    for avoided in c.avoided:
        for match in c.matcher.find(list(avoided.key)):
            other = match.value
            same = other.key == avoided.key
            if other is avoided or (same and position[id(other)] > position[id(avoided)]):
                continue  # the same phrase twice is reported once, at the later entry
            yield finding(
                avoided.phrase, "overlap", avoided.text.at,
                f"{quote(avoided.text.text)} "
                + ("is also avoided" if same else f"contains the avoided {quote(other.text.text)}")
                + f" (under `{other.phrase.id}`)",
                "keep one entry: merge them under the phrase that best replaces both",
                other.text.at,
            )


@rule("spec", "error", "Each avoided phrase catches its `fires` lines and spares its `silent` ones")
def spec(c: Context) -> Iterator[Finding]:
    """An avoided phrase may carry its own tests, as prh dictionaries do: `fires` lists lines
    it must catch, `silent` lines it must leave alone. They document the entry and keep it
    honest when matching changes. Fix the phrase, or the test line."""
    for avoided in c.avoided:
        single: Matcher[bool] = Matcher([(avoided.key, True)])
        for i, line in enumerate(avoided.text.fires):
            if not any(single.find(c.words(line))):
                yield finding(avoided.phrase, "spec", avoided.text.where(f"fires.{i}"),
                              f"{quote(avoided.text.text)} does not catch {quote(line)}",
                              "change the avoided phrase, or this example line")
        for i, line in enumerate(avoided.text.silent):
            if any(single.find(c.words(line))):
                yield finding(avoided.phrase, "spec", avoided.text.where(f"silent.{i}"),
                              f"{quote(avoided.text.text)} catches {quote(line)}, which it "
                              "must leave alone", "narrow the avoided phrase, or this line")


@rule("order", "error", "The method's ordering rules hold in every worked example")
def order(c: Context) -> Iterator[Finding]:
    """Some steps only work after others: the free dessert only after the cold meal is fixed,
    the solution only after the customer has vented. Every worked example must keep every
    ordering rule, and a counterexample must break the rule it names (`breaks:`), or it
    teaches nothing. Fix it by reordering the rep's lines or correcting their `step:`."""
    for example in c.handbook.examples:
        steps = [t for t in example.dialogue if t.step is not None]
        for r in c.handbook.rules:
            broken = _first_break(steps, r)
            if r.id in example.breaks:
                if broken is None:
                    yield finding(
                        example, "order", example.where("breaks"),
                        f"counterexample `{example.id}` says it breaks `{r.id}` but follows it",
                        f"let a `{r.then}` line come before any `{r.first}` line",
                        r.at)
            elif broken is not None:
                yield finding(
                    example, "order", broken.where(broken.speaker),
                    f"step `{r.then}` comes before `{r.first}`: against “{r.title}”",
                    f"move this line after a `{r.first}` line, or mark the example as a "
                    f"counterexample: `breaks: [{r.id}]`", r.at)


def _first_break(turns: Sequence[m.Turn], r: m.Rule) -> m.Turn | None:
    for turn in turns:
        if turn.step == r.first:
            return None
        if turn.step == r.then:
            return turn
    return None


@rule("duplicate", "error", "No phrase is written twice")
def duplicate(c: Context) -> Iterator[Finding]:
    """Two phrases with the same words (ignoring case, punctuation and contractions) split
    their situations, tags and reviews in two. Keep one and list all its situations."""
    first: dict[tuple[str, ...], m.Phrase] = {}
    for phrase, k in zip(c.handbook.phrases, c.say_keys, strict=True):
        if k in first:
            yield finding(phrase, "duplicate", phrase.where("say"),
                          f"the same words as phrase `{first[k].id}`",
                          "keep one phrase and give it both phrases' situations",
                          first[k].where("say"))
        else:
            first.setdefault(k, phrase)


NEAR = 90  # rapidfuzz ratio, 0-100: one or two words changed in a sentence
RAREST = 3  # word pairs per phrase used to find its candidates


@rule("near-duplicate", "warning", "No two phrases are nearly the same")
def near_duplicate(c: Context) -> Iterator[Finding]:
    """Two phrases that differ by a word or two are usually one phrase edited twice. Keep
    one, or make the difference matter. Only phrases sharing an uncommon pair of words are
    compared, so the check stays fast on large handbooks."""
    keys = c.say_keys
    joined = [" ".join(k) for k in keys]
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        for pair in set(itertools.pairwise(k)):
            pairs[pair].append(i)
    # Two nearly equal sentences share almost all their word pairs, so each phrase is only
    # compared with the phrases sharing one of its rarest pairs: near-linear, not quadratic.
    candidates: set[tuple[int, int]] = set()
    for i, k in enumerate(keys):
        rarest = heapq.nsmallest(RAREST, set(itertools.pairwise(k)),
                                 key=lambda p: (len(pairs[p]), p))
        for pair in rarest:
            candidates.update((min(i, j), max(i, j)) for j in pairs[pair] if j != i)
    phrases = c.handbook.phrases
    for a, b in sorted(candidates):
        if keys[a] == keys[b]:
            continue  # exact duplicates are the `duplicate` rule's
        score = fuzz.ratio(joined[a], joined[b], score_cutoff=NEAR)
        if score >= NEAR:
            yield finding(phrases[b], "near-duplicate", phrases[b].where("say"),
                          f"nearly the same as phrase `{phrases[a].id}` ({score:.0f} % alike)",
                          "keep one, or make the difference between them matter",
                          phrases[a].where("say"))


@rule("step-without-phrases", "warning", "Every step has phrases")
def step_without_phrases(c: Context) -> Iterator[Finding]:
    """A step with nothing to say leaves a rep with advice but no words. Add a phrase whose
    `step` is this step."""
    used = {p.step for p in c.handbook.phrases}
    for step in c.handbook.steps:
        if step.id not in used:
            yield finding(step, "step-without-phrases", step.at,
                          f"no phrase serves step `{step.id}`",
                          f"add a phrase with `step: {step.id}`")


@rule("situation-without-phrases", "warning", "Every situation has phrases")
def situation_without_phrases(c: Context) -> Iterator[Finding]:
    """The home page offers every situation to a rep mid-call; an empty one is a dead end.
    Add phrases for it, or remove it."""
    used = {s for p in c.handbook.phrases for s in p.situations}
    for situation in c.handbook.situations:
        if situation.id not in used:
            yield finding(situation, "situation-without-phrases", situation.at,
                          f"no phrase is listed for situation `{situation.id}`",
                          f"add `{situation.id}` to a phrase's situations, or remove it")


@rule("turn-phrase", "warning", "A dialogue line that uses a phrase serves that phrase's step")
def turn_phrase(c: Context) -> Iterator[Finding]:
    """A rep's line that names the phrase it uses (`phrase:`) should serve the same step as
    that phrase, or the example and the phrasebook teach different things."""
    phrases = c.handbook.index["phrase"]
    for example in c.handbook.examples:
        for turn in example.dialogue:
            if turn.phrase is None or turn.step is None:
                continue
            phrase = phrases[turn.phrase]
            assert isinstance(phrase, m.Phrase)
            if phrase.step != turn.step:
                yield finding(example, "turn-phrase", turn.where("phrase"),
                              f"this line serves `{turn.step}` but phrase `{phrase.id}` "
                              f"serves `{phrase.step}`",
                              "correct the line's `step`, or the phrase it names")


@rule("caveat", "error", "An unverified figure carries its caveat")
def caveat(c: Context) -> Iterator[Finding]:
    """A figure read second-hand, or one a source itself calls "widely circulating", is shown
    with what we could not check. Add a `caveat`, or mark the figure `verified: true` once
    you have read the original."""
    for stat in c.handbook.statistics:
        if not stat.verified and not stat.caveat:
            yield finding(stat, "caveat", stat.at,
                          f"figure {quote(stat.figure)} is not verified and has no caveat",
                          "add `caveat:` saying what is unchecked, or `verified: true`")


@rule("unused-source", "warning", "Every source is cited")
def unused_source(c: Context) -> Iterator[Finding]:
    """A source nothing cites is either a citation someone forgot or clutter. Cite it where
    its advice is used, or remove it."""
    h = c.handbook
    cited = {s for kind in ("step", "rule", "phrase", "example", "lesson")
             for e in h.entries(kind) for s in getattr(e, "sources", ())}
    cited |= {s for st in h.statistics for s in (st.source, st.via) if s}
    cited |= {f.source for f in h.frameworks}
    cited |= {s for d in h.decisions for side in d.sides for s in side.sources}
    cited |= {target for target in _linked(h, "source")}
    for source in h.sources:
        if source.id not in cited:
            yield finding(source, "unused-source", source.at,
                          f"nothing cites source `{source.id}`",
                          "cite it with `sources: [...]` where its advice is used, or remove it")


_LINK = re.compile(r"\]\(\s*([a-z]+):([a-z0-9-]+)")


def _linked(handbook: m.Handbook, kind: str) -> Iterator[str]:
    """Ids of `kind` linked from Markdown anywhere in the content (`[x](source:id)`)."""
    for text in handbook.texts.values():
        if f"]({kind}:" in text or f"]( {kind}:" in text:
            for scheme, target in _LINK.findall(text):
                if scheme == kind:
                    yield target


_VARIABLE = re.compile(r"\{([^{}\s]*)\}")


@rule("variables", "error", "Fill-ins are declared and used")
def variables(c: Context) -> Iterator[Finding]:
    """Every `{fill_in}` in a text to say is declared under `variables:` with what to fill
    in, and every declared one appears in the text. A rep reading a phrase aloud must know
    what `{order_number}` stands for; an unused declaration is a leftover."""
    for phrase in c.handbook.phrases:
        used: set[str] = set()
        texts = [("say", phrase.say)] + [(f"variants.{ch}", t) for ch, t in
                                         phrase.variants.items()]
        for name, text in texts:
            for match in _VARIABLE.finditer(text):
                variable = match.group(1)
                used.add(variable)
                if variable not in phrase.variables:
                    yield finding(phrase, "variables", phrase.where(name),
                                  f"{{{variable}}} is not declared",
                                  f"add `variables: {{{variable or 'name'}: what to fill in}}`")
        for variable in phrase.variables:
            if variable not in used:
                yield finding(phrase, "variables", phrase.where(f"variables.{variable}:key"),
                              f"variable `{variable}` is declared but never used",
                              f"use {{{variable}}} in the text, or remove the declaration")


@rule("stale", "warning", "Entries are reviewed within the review interval")
def stale(c: Context) -> Iterator[Finding]:
    """Advice ages: policies change, products change. An entry whose `reviewed` date is
    older than `review_days` (set in mkdocs.yml) is marked "Needs review" on the site. Have
    its owner read it again and update `reviewed`."""
    for kind in m.KINDS:
        for entry in c.handbook.entries(kind):
            due = m.overdue(entry, c.settings.today, c.settings.review_days)
            if due is not None:
                who = f" ({entry.owner})" if entry.owner else ""
                yield finding(entry, "stale", entry.where("reviewed"),
                              f"`{entry.id}` was due for review on {due}{who}",
                              "review it and set `reviewed:` to today's date")


@rule("say-ability", "warning", "Phone phrases are short enough to say")
def say_ability(c: Context) -> Iterator[Finding]:
    """A phrase for the phone is heard once, not read: past `phone_max_words` words (set in
    mkdocs.yml) a caller stops following. Shorten it, or give the phone its own shorter
    variant."""
    limit = c.settings.phone_max_words
    for phrase in c.handbook.phrases:
        for channel, text, name in spoken(phrase):
            if channel == "phone" and len(text.split()) > limit:
                yield finding(phrase, "say-ability", phrase.where(name),
                              f"the phone text has {len(text.split())} words; the limit is "
                              f"{limit}",
                              "shorten it, or add a shorter `variants: {phone: ...}`")


WRITTEN_ONLY = ("see below", "see above", "below", "above", "click", "click here",
                "scroll down", "the link below", "attached", "as shown")
SPOKEN_ONLY = ("as you can hear", "in your voice", "hear the frustration", "hold the line",
               "stay on the line", "can you hear me", "speak up", "on the phone with me")
_WRITTEN: Matcher[str] = Matcher((key(p), p) for p in WRITTEN_ONLY)
_SPOKEN: Matcher[str] = Matcher((key(p), p) for p in SPOKEN_ONLY)


@rule("channel", "warning", "Spoken text does not point at writing, written text not at voice")
def channel(c: Context) -> Iterator[Finding]:
    """A caller cannot "see below"; a chat customer has no voice to hear. A phone or
    in-person text that refers to writing, or a chat or email text that refers to voice,
    was copied from another channel. Give that channel its own variant."""
    for phrase in c.handbook.phrases:
        for ch, text, name in spoken(phrase):
            matcher, kind = (_SPOKEN, "voice") if ch in m.WRITTEN else (_WRITTEN, "writing")
            if not matcher.may_match(c.rough(text)):
                continue
            found = c.words(text)
            for match in matcher.find(found):
                yield finding(
                    phrase, "channel", c.place(phrase.where(name), found, match.first,
                                               match.last),
                    f"the {ch} text refers to {kind}: {quote(match.value)}",
                    f"add a `variants: {{{ch}: ...}}` worded for {ch}")
                break


# --- Running ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Report:
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


UNUSED_SUPPRESSION = "unused-suppression"


@collector.paused()
def run(handbook: m.Handbook, settings: Settings) -> Report:
    """Every rule over the whole handbook; suppressions applied; diagnostics sorted."""
    context = Context(handbook, settings)
    used: set[tuple[int, str]] = set()
    kept: list[Diagnostic] = []
    for r in RULES:
        for f in r.run(context):
            entry = f.entry
            if entry is not None and any(s.rule == r.id for s in entry.suppress):
                used.add((id(entry), r.id))
                continue
            kept.append(f.diagnostic)
    kept += _unused_suppressions(handbook, used)
    return Report(tuple(ordered(kept)))


def _unused_suppressions(handbook: m.Handbook, used: set[tuple[int, str]]) -> Iterable[
    Diagnostic
]:
    known = {r.id for r in RULES}
    for kind in m.KINDS:
        for entry in handbook.entries(kind):
            for suppression in entry.suppress:
                if (id(entry), suppression.rule) in used:
                    continue
                hint = ("remove it: the rule no longer fires here" if suppression.rule in known
                        else "no rule has this id; rules: " + ", ".join(sorted(known)))
                yield Diagnostic(suppression.at, "warning", UNUSED_SUPPRESSION,
                                 f"suppression of `{suppression.rule}` silences nothing", hint)


def documentation() -> tuple[CheckDoc, ...]:
    """The rules as the site's "Checker rules" page shows them."""
    docs = [CheckDoc(r.id, r.severity, r.title, r.doc) for r in RULES]
    docs.append(CheckDoc(
        UNUSED_SUPPRESSION, "warning", "Every suppression still silences something",
        "An entry may silence a rule with `suppress: [{rule: id, reason: why}]`. Once the "
        "content changes and the rule no longer fires there, the suppression is reported so "
        "it does not hide a future problem. Remove it."))
    return tuple(docs)
