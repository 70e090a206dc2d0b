"""The avoid list checked against what the handbook recommends, and against itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from .. import model as m
from ..normalize import Matcher
from .core import Avoided, Context, Finding, finding, quote, recommended, rule, spoken, whole


@rule("avoided-phrase", "error", "No recommended line contains a phrase to avoid", local=True)
def avoided_phrase(c: Context) -> Iterator[Finding]:
    """A phrase listed under `avoid` must not appear in anything the handbook recommends: a
    text to say, a rep's line in a worked example, a step's goal or advice, a lesson.
    Matching ignores case, curly quotes and Markdown emphasis, counts *I'm* and *I am*
    as the same, and sees through letters of other scripts that look like Latin ones and
    through invisible characters, as a reader does. Fix it by rewording the line, or, in
    advice, goals and lessons (where Markdown renders) to mention the phrase as a "don't",
    strike it through: `~~I'm sorry~~`. Counterexamples and customers' lines are exempt."""
    for text in recommended(c.view):
        found, matches = c.avoided_in(text.value)
        for match in matches:
            avoided = match.value
            if text.phrase is not None and whole(found, match):
                continue  # a whole text to say that is avoided: the contradiction rule's
            reword = f"reword it (say instead: {quote(avoided.phrase.say)})"
            yield finding(
                text.owner, "avoided-phrase", c.place(text.at, found, match.first, match.last),
                f"{text.what} contains {quote(avoided.text.text)}, which the handbook says "
                "to avoid",
                reword if text.as_written
                else f"{reword}, or strike it through (~~...~~) if it is quoted as a don't",
                avoided.text.at, quoted=(avoided.phrase,),
            )


@rule("struck-through-speech", "error", "Nothing is struck through in a text to say",
      local=True)
def struck_through_speech(c: Context) -> Iterator[Finding]:
    """A text to say (`say`, `variants`, a rep's line in a worked example) is read aloud and
    copied word for word, so `~~...~~` is not struck through there: the Copy button copies
    the tildes and the words between them. Strike-through marks a "don't" only where
    Markdown renders (a step's advice, a lesson, a note); in a text to say, delete the
    words, and list the phrase under the phrase's `avoid:` instead."""
    for text in recommended(c.view):
        if not text.as_written or "~~" not in text.value:
            continue
        raw = c.handbook.texts.get(text.at.path, "")
        offset = raw.find("~~", text.at.start, text.at.end) if text.at.end > text.at.start else -1
        yield finding(
            text.owner, "struck-through-speech",
            c.span(text.at.path, offset, offset + 2) if offset >= 0 else text.at,
            f"{text.what} holds `~~`: it is said and copied as written, so the struck-through "
            "words would be said and copied too",
            "delete the struck-through words; to warn against them, add them to the phrase's "
            "`avoid:` list",
        )


@rule("contradiction", "error", "Nothing is both recommended and avoided", local=True)
def contradiction(c: Context) -> Iterator[Finding]:
    """A text to say that is, word for word, a phrase the handbook avoids elsewhere: the
    handbook both recommends and forbids it. Decide which it is, and remove the other."""
    for text in recommended(c.view):
        if text.phrase is None:
            continue
        found, matches = c.avoided_in(text.value)
        for match in matches:
            if whole(found, match):
                yield finding(
                    text.owner, "contradiction", text.at,
                    f"{quote(text.value)} is recommended here and avoided by phrase "
                    f"`{match.value.phrase.id}`",
                    "decide: remove this phrase, or remove the avoid entry",
                    match.value.text.at, quoted=(match.value.phrase,),
                )


@rule("substitution", "error", "The alternative to an avoided phrase is not itself avoided")
def substitution(c: Context) -> Iterator[Finding]:
    """Every avoided phrase names what to say instead: the phrase it is listed under. That
    alternative must not itself contain a phrase to avoid, or the handbook sends the rep in a
    circle (say A instead of B, and B instead of A). Fix the alternative's text, or move the
    avoid entry under a phrase that can really replace it. Reported only where the
    alternative's text is not already reported as containing the avoided phrase (a
    suppressed *avoided-phrase*): fixing that one fixes this."""
    replaced_by: dict[str, set[str]] = defaultdict(set)
    where: dict[tuple[str, str], Avoided] = {}

    def avoided_in(phrase: m.Phrase) -> tuple[int, ...]:
        """The numbers of the avoided phrases found in what the phrase says, in order."""
        return tuple(n for _, text, _name in spoken(phrase) for n, _, _ in c.matched(text))

    phrases = c.handbook.phrases
    for phrase, numbers in zip(phrases, c.kept.entries("substitution", phrases, avoided_in),
                               strict=True):
        for number in numbers:
            avoided = c.avoided[number]
            if avoided.phrase.id != phrase.id:
                replaced_by[phrase.id].add(avoided.phrase.id)
                where[(phrase.id, avoided.phrase.id)] = avoided
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
                follows=("avoided-phrase", "contradiction"),
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
    def found(matcher: Matcher[int]) -> list[tuple[int, int]]:
        """(position, other): each avoided phrase found in another, by their numbers."""
        return [(position, match.value) for position, avoided in enumerate(c.avoided)
                for match in matcher.find(list(avoided.key))]

    for position, number in c.kept.entry("overlap", c.matcher, found):
        avoided, other = c.avoided[position], c.avoided[number]
        same = other.key == avoided.key
        if number == position or (same and number > position):
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
        if not (avoided.text.fires or avoided.text.silent):
            continue
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
