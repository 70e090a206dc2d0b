"""The handbook as typed, immutable records.

The dataclasses below are the single description of the content format: the loader decodes
YAML into them by reading their type hints, the JSON Schema is generated from them, and the
"Writing content" page documents them. Adding a field here adds it everywhere.

Every record also remembers where it came from (`at`, and `spans` for each field), so a
diagnostic found long after loading can still name the file, line and column.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Annotated, Literal

from .messages import Message

# --- Positions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A place in a content file. Lines and columns count from 1, as editors show them."""

    path: str
    line: int
    column: int
    start: int = 0  # character offsets into the file, for matches inside a value
    end: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


NOWHERE = Span("<unknown>", 1, 1)

# A place in the file of the record that holds it: line, column, start and end offsets.
Place = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Places:
    """Where each field and list item of a record was written, kept compactly: the names'
    order, shared by every record written in the same shape, and four 32-bit numbers per
    name in one array. A Span is made only when a diagnostic asks (`Record.where`): most
    places are never asked for. At 10,000 phrases, a dictionary of Spans (later of tuples)
    per record was some 33 MB of the model; an array holds a place in 16 bytes."""

    order: Mapping[str, int]
    numbers: array[int]

    def get(self, name: str) -> Place | None:
        i = self.order.get(name)
        if i is None:
            return None
        n = self.numbers
        return (n[4 * i], n[4 * i + 1], n[4 * i + 2], n[4 * i + 3])

    def __contains__(self, name: str) -> bool:
        return name in self.order

    @classmethod
    def of(cls, places: Mapping[str, Place]) -> Places:
        numbers = array("i")
        for place in places.values():
            numbers.extend(place)
        return cls(shape(tuple(places)), numbers)


_SHAPES: dict[tuple[str, ...], Mapping[str, int]] = {}


def shape(names: tuple[str, ...]) -> Mapping[str, int]:
    """The one shared order of these names (a phrase's fields, a turn's...): records of the
    same shape share it, so a record pays only for its numbers."""
    found = _SHAPES.get(names)
    if found is None:
        found = _SHAPES[names] = MappingProxyType({name: i for i, name in enumerate(names)})
    return found

# --- Field kinds -----------------------------------------------------------------------------
# Annotations tell the loader, the schema and the renderer what a string means.


@dataclass(frozen=True, slots=True)
class Ref:
    """A string that must be the id of an entry of `kind`."""

    kind: str


class _Kind:
    def __init__(self, name: str, doc: str) -> None:
        self.name, self.doc = name, doc

    def __repr__(self) -> str:
        return self.name


SLUG = _Kind("slug", "a lower-case slug: letters a-z, digits and single hyphens, e.g. `calm-voice`")
MARKDOWN = _Kind("markdown", "text with inline Markdown (emphasis, links, `step:listen` links)")
PLAIN = _Kind("plain", "plain text, shown and copied exactly as written")
VARIABLE = _Kind("variable", "a fill-in name: lower-case letters, digits and underscores")
URL = _Kind("url", "an http(s) address")
FINGERPRINT = _Kind("fingerprint", "the source language and the fingerprint of the entry "
                    "translated, as `phrasebook translated` writes them, e.g. `en@3f9a2c1e`")

Id = Annotated[str, SLUG]
Markdown = Annotated[str, MARKDOWN]
Plain = Annotated[str, PLAIN]
Url = Annotated[str, URL]
VariableName = Annotated[str, VARIABLE]
Fingerprint = Annotated[str, FINGERPRINT]
StepRef = Annotated[str, Ref("step")]
RuleRef = Annotated[str, Ref("rule")]
SituationRef = Annotated[str, Ref("situation")]
PhraseRef = Annotated[str, Ref("phrase")]
ExampleRef = Annotated[str, Ref("example")]
LessonRef = Annotated[str, Ref("lesson")]
SourceRef = Annotated[str, Ref("source")]



@dataclass(frozen=True, slots=True)
class ChannelInfo:
    """A way a team talks to its customers. Whether it is spoken decides which checker rules
    hold its text to speech (say-ability) and which to writing."""

    id: str
    label: str
    spoken: bool


# Every handbook has these; a team declares its own (SMS, social, a messaging app) beside them
# in mkdocs.yml, so a channel is an id checked against that list, not a fixed choice.
DEFAULT_CHANNELS: tuple[ChannelInfo, ...] = (
    ChannelInfo("phone", "Phone", spoken=True),
    ChannelInfo("chat", "Chat", spoken=False),
    ChannelInfo("email", "Email", spoken=False),
    ChannelInfo("in-person", "In person", spoken=True),
)
Channel = Annotated[str, Ref("channel")]
CHANNELS: tuple[Channel, ...] = tuple(c.id for c in DEFAULT_CHANNELS)

_EMPTY = Places(shape(()), array("i"))


def _spans() -> Places:
    return _EMPTY


def overdue(entry: Entry, today: dt.date, review_days: int) -> dt.date | None:
    """The day an entry fell due for review, if that day has passed."""
    if entry.reviewed is None:
        return None
    due = entry.reviewed + dt.timedelta(days=review_days)
    return due if due < today else None


# --- Records ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    """Fields every record has: where it was written."""

    at: Span = field(default=NOWHERE, compare=False, repr=False, metadata={"internal": True})
    spans: Places = field(
        default_factory=_spans, compare=False, repr=False, metadata={"internal": True}
    )

    def where(self, name: str) -> Span:
        """The position of field `name` (or `name.index` for a list item), else the record's."""
        place = self.spans.get(name) or self.spans.get(name.split(".")[0])
        return Span(self.at.path, *place) if place else self.at


@dataclass(frozen=True, slots=True, kw_only=True)
class Suppression(Record):
    """Silences one checker rule on one entry. A reason is required so a reviewer can judge."""

    rule: Annotated[str, SLUG]
    reason: Plain


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry(Record):
    """Fields every addressable entry has: its id and who keeps it fresh.

    In a handbook written in several languages, an entry is the same in each by its id, and
    a translation records which version of the source-language entry it translates
    (`translated_from`), so the checker can tell when the source changed after it."""

    id: Id
    owner: Plain | None = None
    reviewed: dt.date | None = None
    suppress: tuple[Suppression, ...] = ()
    translated_from: Fingerprint | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Step(Entry):
    """One step of the house method."""

    title: Plain
    goal: Markdown
    do: tuple[Markdown, ...] = ()
    dont: tuple[Markdown, ...] = ()
    why: Markdown | None = None
    sources: tuple[SourceRef, ...] = ()
    aliases: tuple[Id, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule(Entry):
    """An ordering rule: in every worked example, step `then` only after step `first`."""

    title: Plain
    first: StepRef
    then: StepRef
    why: Markdown | None = None
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Method(Record):
    """The house method: its steps in order and the rules between them."""

    title: Plain
    summary: Markdown | None = None
    steps: tuple[Step, ...]
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Situation(Entry):
    """What a rep sees happening; the phrasebook is grouped by these.

    `customer_says` are lines customers say in it, in their own words ("you people are
    useless"): a rep types what they just heard, and the finder answers with this situation
    and its phrases. `example_steps` are the steps every model example of this situation
    shows, in that order (an apology before the fix, when the mistake was ours); the checker
    holds examples to it.
    """

    title: Plain
    summary: Markdown | None = None
    keywords: tuple[Plain, ...] = ()
    customer_says: tuple[Plain, ...] = ()
    example_steps: tuple[StepRef, ...] = ()
    aliases: tuple[Id, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Avoid(Record):
    """A phrase not to say. Its alternative is the phrase it is listed under.

    `fires` and `silent` are its own specs: lines that must and must not match it.
    """

    text: Plain
    why: Markdown | None = None
    fires: tuple[Plain, ...] = ()
    silent: tuple[Plain, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Phrase(Entry):
    """Something to say, for a step and one or more situations."""

    title: Plain | None = None
    step: StepRef
    situations: tuple[SituationRef, ...]
    channels: tuple[Channel, ...] = CHANNELS  # every channel of the handbook when left out
    say: Plain
    variants: Mapping[Channel, Plain] = field(default_factory=lambda: MappingProxyType({}))
    avoid: tuple[Avoid, ...] = ()
    why: Markdown | None = None
    sources: tuple[SourceRef, ...] = ()
    variables: Mapping[VariableName, Plain] = field(default_factory=lambda: MappingProxyType({}))
    tags: tuple[Plain, ...] = ()
    aliases: tuple[Id, ...] = ()

    def text_for(self, channel: Channel) -> str:
        return self.variants.get(channel, self.say)

    @property
    def heading(self) -> str:
        return self.title or self.say


Speaker = Literal["customer", "rep", "colleague", "note"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Turn(Record):
    """One line of a dialogue. Write the speaker as the key: `rep: ...` or `customer: ...`.

    A rep's line names the step it serves; `note` is narration, not speech.
    """

    customer: Plain | None = None
    rep: Plain | None = None
    colleague: Plain | None = None
    note: Markdown | None = None
    step: StepRef | None = None
    phrase: PhraseRef | None = None

    @property
    def speaker(self) -> Speaker:
        for name in ("rep", "customer", "colleague", "note"):
            if getattr(self, name) is not None:
                return name
        return "note"

    @property
    def text(self) -> str:
        value = getattr(self, self.speaker)
        return value if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Example(Entry):
    """A worked example as a dialogue. With `breaks`, it is a counterexample of those rules."""

    title: Plain
    situations: tuple[SituationRef, ...] = ()
    channel: Channel
    setting: Markdown
    dialogue: tuple[Turn, ...]
    outcome: Markdown | None = None
    takeaway: Markdown
    breaks: tuple[RuleRef, ...] = ()
    contrast: ExampleRef | None = None
    sources: tuple[SourceRef, ...] = ()
    tags: tuple[Plain, ...] = ()
    aliases: tuple[Id, ...] = ()

    @property
    def counterexample(self) -> bool:
        return bool(self.breaks)


@dataclass(frozen=True, slots=True, kw_only=True)
class LessonItem(Record):
    """One item of a lesson plan: exactly one of step, phrase, example, situation or text."""

    step: StepRef | None = None
    phrase: PhraseRef | None = None
    example: ExampleRef | None = None
    situation: SituationRef | None = None
    text: Markdown | None = None
    note: Markdown | None = None
    minutes: int | None = None

    @property
    def kind(self) -> str:
        for name in ("step", "phrase", "example", "situation", "text"):
            if getattr(self, name) is not None:
                return name
        return "text"


@dataclass(frozen=True, slots=True, kw_only=True)
class Drill(Record):
    """A practice drill: what trainees do, for how many minutes, and the steps it practises.
    Written as a bare text, it stands for `text` alone."""

    text: Markdown
    minutes: int | None = None
    steps: tuple[StepRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Lesson(Entry):
    """A training session: objectives, an ordered plan, practice drills.

    With `minutes` (the session's length), every plan item and drill is an activity with its
    own `minutes`, and the checker holds that they add up. `teaches` names the steps the
    session claims to teach; each needs an activity: the step itself, one of its phrases, or
    a drill that practises it. `duration` is free text, shown as written when `minutes` is
    not given."""

    title: Plain
    summary: Markdown | None = None
    minutes: int | None = None
    duration: Plain | None = None
    teaches: tuple[StepRef, ...] = ()
    objectives: tuple[Markdown, ...]
    plan: tuple[LessonItem, ...]
    practice: tuple[Drill, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    aliases: tuple[Id, ...] = ()

    def activities(self) -> tuple[tuple[str, LessonItem | Drill], ...]:
        """Every timed part of the session in order, with the field it is written in."""
        return (*((f"plan.{i}", item) for i, item in enumerate(self.plan)),
                *((f"practice.{i}", drill) for i, drill in enumerate(self.practice)))


@dataclass(frozen=True, slots=True, kw_only=True)
class RolePlay(Entry):
    """A role-play for a training session, printed as one card: the customer's brief for the
    trainee who plays them, the facts the rep must find out (told only when asked), and the
    moment the customer escalates. The observer's checklist is made from the method's steps
    and the phrases the situation avoids, so it never drifts from the handbook."""

    title: Plain
    situation: SituationRef
    channel: Channel | None = None
    customer: Markdown
    opening: Plain | None = None
    facts: tuple[Markdown, ...]
    escalates: Markdown
    settles: Markdown | None = None
    rep: Markdown | None = None
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleQuestion(Record):
    """Which ordering rule does this counterexample break? `answer` is the rule it breaks;
    each of `wrong` is one it keeps. The checker reads the dialogue to hold both true."""

    example: ExampleRef
    answer: RuleRef
    wrong: tuple[RuleRef, ...]
    explain: Markdown | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplacementQuestion(Record):
    """Which phrase replaces this avoided one? `answer` is a phrase that lists `avoided`
    under its `avoid` and says nothing the handbook avoids; none of `wrong` lists it."""

    avoided: Plain
    answer: PhraseRef
    wrong: tuple[PhraseRef, ...]
    explain: Markdown | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NextStepQuestion(Record):
    """Which step comes next in this dialogue? The quiz shows its lines up to `after`
    (counting every line from 1); `answer` is the step of the next line that serves one."""

    example: ExampleRef
    after: int
    answer: StepRef
    wrong: tuple[StepRef, ...]
    explain: Markdown | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Question(Record):
    """One question of a quiz: exactly one of `broken_rule`, `replacement`, `next_step`."""

    broken_rule: RuleQuestion | None = None
    replacement: ReplacementQuestion | None = None
    next_step: NextStepQuestion | None = None

    @property
    def kind(self) -> str:
        for name in ("broken_rule", "replacement", "next_step"):
            if getattr(self, name) is not None:
                return name
        return "broken_rule"

    @property
    def body(self) -> RuleQuestion | ReplacementQuestion | NextStepQuestion:
        body = getattr(self, self.kind)
        assert body is not None  # the loader holds exactly one present
        return body  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True, kw_only=True)
class Quiz(Entry):
    """Questions drawn from the handbook, with an answer key the checker verifies against
    it. The site prints the quiz and its key apart, and checks answers in the browser only
    when asked."""

    title: Plain
    summary: Markdown | None = None
    lesson: LessonRef | None = None
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Criterion(Record):
    """One row of a scorecard: a step, what the trainer watches for, and what passes."""

    step: StepRef
    observe: Markdown
    pass_if: Markdown


@dataclass(frozen=True, slots=True, kw_only=True)
class Scorecard(Entry):
    """A trainer's scorecard: per step of the method, what to observe and the pass
    criteria, printed with a column to tick for each of its `sessions` (a week's five by
    default). The checker holds that every step has its row, once."""

    title: Plain
    summary: Markdown | None = None
    sessions: int = 5
    rows: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Goodwill(Entry):
    """One level of the goodwill table: who may give, what, and within which limit. Levels
    are listed from the first a customer meets (the rep) upward."""

    title: Plain
    may_give: tuple[Markdown, ...]
    limit: Markdown
    record: Markdown | None = None
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Blank(Record):
    """A line of a template to fill in. Written as a bare text, it is the label alone."""

    label: Plain
    hint: Markdown | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Template(Entry):
    """A form a rep fills in and files: recording an exception, reporting a process gap.
    The site prints it and copies it as plain text, a line per blank."""

    title: Plain
    purpose: Markdown
    step: StepRef | None = None
    fields: tuple[Blank, ...]
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Source(Entry):
    """Where advice or a figure comes from."""

    title: Plain
    author: Plain | None = None
    publisher: Plain | None = None
    date: dt.date | Plain | None = None
    url: Url | None = None
    note: Markdown | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Statistic(Entry):
    """A figure with the claim it supports. `via` is where we read it, if not the original."""

    figure: Plain
    claim: Markdown
    source: SourceRef
    via: SourceRef | None = None
    verified: bool = False
    caveat: Markdown | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Side(Record):
    """One position in a disagreement, and who holds it."""

    position: Markdown
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision(Entry):
    """Where the sources disagree: the sides, what the house decided and why."""

    title: Plain
    question: Markdown
    sides: tuple[Side, ...]
    decision: Markdown
    reasons: tuple[Markdown, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Part(Record):
    """One part of a source's own framework and the house steps it maps onto."""

    name: Plain
    steps: tuple[StepRef, ...]
    note: Markdown | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Framework(Entry):
    """A source's own method, mapped onto the house method (the crosswalk)."""

    title: Plain
    source: SourceRef
    summary: Markdown | None = None
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SynonymSet(Record):
    """Words the finder takes for one another, in the handbook's language. Write either
    `same` (any one of them finds the others: parcel, package, delivery) or `typed` with
    `means` (what reps type finds what the handbook says, not the other way round: rdv finds
    rendez-vous, CSR finds customer service). A match through a synonym ranks below the
    word itself."""

    same: tuple[Plain, ...] = ()
    typed: Plain | None = None
    means: tuple[Plain, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Document(Record):
    """One YAML file. Every section is optional, so content can be split however a team likes."""

    method: Method | None = None
    situations: tuple[Situation, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    examples: tuple[Example, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    roleplays: tuple[RolePlay, ...] = ()
    quizzes: tuple[Quiz, ...] = ()
    scorecards: tuple[Scorecard, ...] = ()
    goodwill: tuple[Goodwill, ...] = ()
    templates: tuple[Template, ...] = ()
    sources: tuple[Source, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    decisions: tuple[Decision, ...] = ()
    frameworks: tuple[Framework, ...] = ()
    synonyms: tuple[SynonymSet, ...] = ()


# --- The whole handbook ----------------------------------------------------------------------

KINDS: Mapping[str, str] = MappingProxyType(
    {
        "step": "steps",
        "rule": "rules",
        "situation": "situations",
        "phrase": "phrases",
        "example": "examples",
        "lesson": "lessons",
        "roleplay": "roleplays",
        "quiz": "quizzes",
        "scorecard": "scorecards",
        "goodwill": "goodwill",
        "template": "templates",
        "source": "sources",
        "statistic": "statistics",
        "decision": "decisions",
        "framework": "frameworks",
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Handbook:
    """Every file merged, ids unique and every reference resolved (the loader guarantees it)."""

    method: Method
    situations: tuple[Situation, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    examples: tuple[Example, ...] = ()
    lessons: tuple[Lesson, ...] = ()
    roleplays: tuple[RolePlay, ...] = ()
    quizzes: tuple[Quiz, ...] = ()
    scorecards: tuple[Scorecard, ...] = ()
    goodwill: tuple[Goodwill, ...] = ()
    templates: tuple[Template, ...] = ()
    sources: tuple[Source, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    decisions: tuple[Decision, ...] = ()
    frameworks: tuple[Framework, ...] = ()
    synonyms: tuple[SynonymSet, ...] = ()
    channels: tuple[ChannelInfo, ...] = DEFAULT_CHANNELS
    texts: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    index: Mapping[str, Mapping[str, Entry]] = field(
        init=False, compare=False, repr=False, default_factory=lambda: MappingProxyType({})
    )

    def __post_init__(self) -> None:
        index = {
            kind: MappingProxyType({e.id: e for e in self.entries(kind)}) for kind in KINDS
        }
        object.__setattr__(self, "index", MappingProxyType(index))

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.method.steps

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self.method.rules

    def channel(self, id: str) -> ChannelInfo:
        """A channel by its id; the loader has made sure every id used is declared."""
        return next(c for c in self.channels if c.id == id)

    def entries(self, kind: str) -> tuple[Entry, ...]:
        """The entries of one kind (`step`, `phrase`, ...), in content order."""
        return getattr(self, KINDS[kind])  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class CheckDoc:
    """A checker rule as documented on the site (filled in by `check`)."""

    id: str
    severity: str
    title: Message  # written in the site's language when the page is made
    doc: Message
