"""The phrase card: what to say, what to avoid, why, where it belongs.

It is the most repeated piece of the site (every phrase on every situation page), so it is
built here with plain string joins rather than as a Jinja macro: on a 10,000-phrase
handbook the macro calls alone took a third of rendering. Everything from content is
escaped with `esc`, or rendered by markup.py; nothing is inserted as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Protocol

from markupsafe import Markup

from .. import model as m


def esc(text: str) -> str:
    return escape(text, quote=True)


class Links(Protocol):
    """What a card needs from the page it is on (render.context.Context provides it)."""

    def href(self, kind: str, id: str) -> str: ...
    def inline(self, text: str | None) -> Markup: ...
    def md(self, text: str | None) -> Markup: ...
    def get(self, kind: str, id: str) -> object: ...
    def uid(self) -> int: ...
    def stale_note(self, entry: m.Entry) -> str: ...
    def keywords(self, phrase: m.Phrase) -> str: ...
    def tag_href(self, tag: str) -> str: ...
    def step_number(self, step: str) -> int: ...
    def variant_groups(self, phrase: m.Phrase) -> list[tuple[str, str]]: ...
    def channel_names(self, channels: Iterable[str]) -> str: ...
    def label(self, key: str) -> str: ...
    def feedback(self, kind: str, id: str, title: str) -> Markup: ...


SayHtml = Callable[[str], Markup]


def say_line(x: Links, text: str, say_html: SayHtml) -> str:
    return (f'<div class="pb-say-line"><blockquote class="pb-text"><p>{say_html(text)}</p>'
            f'</blockquote><button type="button" class="md-button pb-copy" '
            f'data-clipboard-text="{esc(text)}" aria-label="{x.label("copy_say_aria")}">'
            f'{x.label("copy")}</button></div>')


def say(x: Links, phrase: m.Phrase, say_html: SayHtml) -> str:
    """The text to say, with one tab per group of channels that share a wording."""
    groups = x.variant_groups(phrase)
    head = ('<div class="pb-say"><p class="pb-label"><span class="pb-mark" '
            f'aria-hidden="true">✓</span> {x.label("say")}</p>')
    if len(groups) == 1:
        return head + say_line(x, groups[0][1], say_html) + "</div>"
    uid = x.uid()
    inputs = "".join(
        f'<input type="radio" name="__tabbed_{uid}" id="__tabbed_{uid}_{n}"'
        + (' checked="checked"' if n == 1 else "") + ">"
        for n in range(1, len(groups) + 1))
    labels = "".join(f'<label for="__tabbed_{uid}_{n}">{esc(names)}</label>'
                     for n, (names, _) in enumerate(groups, start=1))
    blocks = "".join(f'<div class="tabbed-block" data-pb-channel="{esc(names)}">'
                     f"{say_line(x, text, say_html)}</div>" for names, text in groups)
    return (f'{head}<div class="tabbed-set tabbed-alternate" data-tabs="{uid}:{len(groups)}">'
            f'{inputs}<div class="tabbed-labels">{labels}</div>'
            f'<div class="tabbed-content">{blocks}</div></div></div>')


def avoid(x: Links, phrase: m.Phrase) -> str:
    if not phrase.avoid:
        return ""
    items = "".join(
        f"<li><del>{esc(a.text)}</del>"
        + (f' <span class="pb-avoid-why">{x.inline(a.why)}</span>' if a.why else "") + "</li>"
        for a in phrase.avoid)
    return ('<div class="pb-avoid"><p class="pb-label"><span class="pb-mark" '
            f'aria-hidden="true">✗</span> {x.label("instead_of")}</p><ul>{items}</ul></div>')


def _title(x: Links, kind: str, id: str) -> str:
    return esc(str(getattr(x.get(kind, id), "title", id)))


def card(x: Links, phrase: m.Phrase, say_html: SayHtml, anchored: bool) -> Markup:
    """A phrase as a section. Only its home page gives it its anchor and indexes it."""
    step = f'{x.step_number(phrase.step)}. {_title(x, "step", phrase.step)}'
    when = ", ".join(f'<a href="{x.href("situation", s)}">{_title(x, "situation", s)}</a>'
                     for s in phrase.situations)
    anchor = f' id="{phrase.id}"' if anchored else ""
    parts = [
        f'<section class="pb-phrase{"" if anchored else " pb-phrase--copy"}" '
        f'data-phrase="{phrase.id}"{"" if anchored else " data-search-exclude"}>',
        f'<h2{anchor} class="pb-phrase-title">{esc(phrase.heading)}</h2>',
        x.stale_note(phrase), say(x, phrase, say_html), avoid(x, phrase),
    ]
    if phrase.why:
        parts.append(f'<div class="pb-why"><span class="pb-label-inline">{x.label("why")}</span> '
                     f"{x.md(phrase.why)}</div>")
    if phrase.variables:
        fills = "; ".join(f"<code>{{{esc(name)}}}</code> {esc(meaning)}"
                          for name, meaning in phrase.variables.items())
        parts.append(f'<p class="pb-fill"><span class="pb-label-inline">{x.label("fill_in")}'
                     f"</span> {fills}</p>")
    facts = (f'<span class="pb-label-inline">{x.label("step_label")}</span> '
             f'<a href="{x.href("step", phrase.step)}">{step}</a> · '
             f'<span class="pb-label-inline">{x.label("when")}</span> {when} · '
             f'<span class="pb-label-inline">{x.label("channels")}</span> '
             f"{esc(x.channel_names(phrase.channels))}")
    if phrase.tags:
        facts += f' · <span class="pb-label-inline">{x.label("tags")}</span> ' + ", ".join(
            f'<a href="{x.tag_href(t)}">{esc(t)}</a>' for t in phrase.tags)
    parts.append(f'<p class="pb-facts">{facts}</p>')
    if phrase.sources:
        cited = "; ".join(f'<a href="{x.href("source", s)}">{_title(x, "source", s)}</a>'
                          for s in phrase.sources)
        parts.append(f'<p class="pb-sources"><span class="pb-label-inline">'
                     f'{x.label("sources_label")}</span> '
                     f"{cited}</p>")
    link = x.href("phrase", phrase.id)
    parts.append(f'<p class="pb-actions"><button type="button" class="md-button pb-permalink" '
                 f'data-pb-link="{link}" aria-label="{x.label("copy_link_aria")}">'
                 f'{x.label("copy_link")}</button>'
                 + ("" if anchored else f' <a class="pb-open" href="{link}">'
                    f'{x.label("open_own_page")}</a>')
                 + (f" {feedback}" if (feedback := x.feedback("phrase", phrase.id,
                                                             phrase.heading)) else "")
                 + "</p>")
    parts.append(f"<span hidden>{esc(x.keywords(phrase))}</span></section>")
    return Markup("\n".join(p for p in parts if p))
