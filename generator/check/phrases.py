"""A phrase fits where it is said: fill-ins declared, short enough for the phone, worded for
its channel."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ..finder.language import language
from ..messages import say
from ..normalize import Matcher, key
from .core import Context, Finding, finding, quote, rule, spoken

_VARIABLE = re.compile(r"\{([^{}\s]*)\}")


@rule("variables", "error", local=True)
def variables(c: Context) -> Iterator[Finding]:
    """Every `{fill_in}` in a text to say is declared under `variables:` with what to fill
    in, and every declared one appears in the text. A rep reading a phrase aloud must know
    what `{order_number}` stands for; an unused declaration is a leftover."""
    for phrase in c.view.phrases:
        used: set[str] = set()
        texts = [("say", phrase.say)] + [(f"variants.{ch}", t) for ch, t in
                                         phrase.variants.items()]
        for name, text in texts:
            for match in _VARIABLE.finditer(text):
                variable = match.group(1)
                used.add(variable)
                if variable not in phrase.variables:
                    yield finding(phrase, "variables", phrase.where(name),
                                  say("variable_undeclared", variable=f"{{{variable}}}"),
                                  say("variable_undeclared_hint", name=variable or "name"))
        for variable in phrase.variables:
            if variable not in used:
                yield finding(phrase, "variables", phrase.where(f"variables.{variable}:key"),
                              say("variable_unused", variable=variable),
                              say("variable_unused_hint", variable=f"{{{variable}}}"))


def said(text: str) -> int:
    """The words a listener hears: what stands between spaces, unless it holds no letter or
    digit (French sets `:`, `;`, `?` and `!` apart with a space; a dash may stand alone)."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


@rule("say-ability", "warning", local=True)
def say_ability(c: Context) -> Iterator[Finding]:
    """A phrase said over a spoken channel (phone, in person, or any channel the team
    declares as spoken) is heard once, not read: past `phone_max_words` words (set in
    mkdocs.yml) a listener stops following. Shorten the text, or give the channel its own
    shorter variant."""
    limit = c.settings.phone_max_words
    heard = {ch.id for ch in c.handbook.channels if ch.spoken}
    for phrase in c.view.phrases:
        too_long: dict[str, list[str]] = {}  # field -> the spoken channels that say it
        for channel, text, name in spoken(phrase):
            if channel in heard and said(text) > limit:
                too_long.setdefault(name, []).append(channel)
        for name, channels in too_long.items():
            words = said(phrase.text_for(channels[0]))
            yield finding(phrase, "say-ability", phrase.where(name),
                          say("say_ability", count=words, channels=", ".join(channels),
                              limit=limit),
                          say("say_ability_hint", channel=channels[0]))


@functools.cache
def _pointers(code: str) -> tuple[Matcher[str], Matcher[str]]:
    """The language's words that point at writing, and at the voice (its file in
    finder/languages/), compiled once."""
    lang = language(code)
    return (Matcher((key(p), p) for p in lang.writing),
            Matcher((key(p), p) for p in lang.voice))


@rule("channel", "warning", local=True)
def channel(c: Context) -> Iterator[Finding]:
    """A caller cannot "see below"; a chat customer has no voice to hear. A text for a
    spoken channel (phone, in person, or one the team declares spoken) that refers to
    writing, or a text for a written one (chat, email, or the team's own) that refers to
    voice, was copied from another channel. Give that channel its own variant."""
    written = {ch.id for ch in c.handbook.channels if not ch.spoken}
    writing, voice = _pointers(c.settings.language)
    for phrase in c.view.phrases:
        for ch, text, name in spoken(phrase):
            matcher, kind = (voice, "voice") if ch in written else (writing, "writing")
            refers = f"channel_refers_to_{kind}"
            if not matcher.may_match(c.rough(text)):
                continue
            found = c.words(text)
            for match in matcher.find(found):
                yield finding(
                    phrase, "channel", c.place(phrase.where(name), found, match.first,
                                               match.last),
                    say(refers, channel=ch, words=quote(match.value)),
                    say("channel_hint", channel=ch))
                break
