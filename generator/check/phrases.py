"""A phrase fits where it is said: fill-ins declared, short enough for the phone, worded for
its channel."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import model as m
from ..normalize import Matcher, key
from .core import Context, Finding, finding, quote, rule, spoken

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
