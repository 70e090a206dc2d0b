"""What a template may use while it renders one page: the handbook, cross references
worked out once per build (Index), and helpers that make links relative to that page
(Context). Every page kind (phrasebook.py, method.py, ...) makes its pages through `page()`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import collector
from .. import model as m
from ..addresses import absolute, entry_url, home_of, phrase_src, relative, src_of, url_of
from ..labels import CHANNEL_KEYS, Labels
from ..settings import feedback_link
from . import cards, markup, reads
from .page import TAGS, Options, Page


def stale_since(entry: m.Entry, options: Options) -> dt.date | None:
    """The date an entry became due for review, if it is overdue."""
    return m.overdue(entry, options.today, options.review_days)


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(Path(__file__).parent.parent / "templates")),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)
_VARIABLE = re.compile(r"\{([a-z0-9_-]+)\}")


# What markupsafe's `escape` (Jinja's autoescape) does to a plain string, without making a
# Markup object of each value: for the long lists made in Python below.
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;"})


def _escaped(text: str) -> str:
    return text.translate(_ESCAPES)


def say_html(text: str) -> Markup:
    """The text to say, escaped, with `{variables}` marked so a rep sees what to fill in."""
    escaped = html.escape(text, quote=False)
    return Markup(_VARIABLE.sub(r'<span class="pb-var">{\1}</span>', escaped))



class Context:
    """What templates may call while rendering one page: links relative to that page."""

    def __init__(self, handbook: m.Handbook, options: Options, src: str, index: Index) -> None:
        self.handbook, self.options, self.src, self.index = handbook, options, src, index
        self.t = options.labels.html
        self._relative: dict[str, str] = {}  # each page's address from this one

    def label(self, key: str) -> str:
        """A label without values, as HTML: looked up once per build, not per phrase."""
        return self.index.labels[key]

    def href(self, kind: str, id: str) -> str:
        page, anchor = src_of(self.handbook, kind, id)
        return self.page(page, anchor)

    def page(self, page: str, anchor: str = "") -> str:
        if page == self.src:
            return f"#{anchor}" if anchor else "./"
        rel = self._relative.get(page)
        if rel is None:
            target = url_of(page, self.options.use_directory_urls)
            rel = self._relative[page] = relative(self.src, target,
                                                  self.options.use_directory_urls)
        return rel + (f"#{anchor}" if anchor else "")

    # The index pages list every phrase, and the sources page every entry citing a source:
    # thousands of lines in a big handbook. Made here in one call per list rather than one
    # template call per line, they cost a tenth as much (the phrasebook's index page was most
    # of the page-making time a save took at 10,000 phrases).

    def phrase_lines(self, phrases: Iterable[m.Phrase]) -> Markup:
        """An `<li>` per phrase, linking to it: its heading, and its text if it has a title."""
        out = []
        for p in phrases:
            line = (f'<li class="pb-phrase-line"><a href="{_escaped(self.page(*phrase_src(p)))}">'
                    f"{_escaped(p.heading)}</a>")
            if p.title:
                line += f": {self.t('quoted', text=p.say)}"
            out.append(line + "</li>\n")
        return Markup("".join(out))

    def cite_lines(self, cites: Iterable[Cite]) -> Markup:
        """An `<li>` per entry citing a source: its kind, and its name linking to it."""
        kinds: dict[str, str] = {}
        out = []
        for kind, _, name, where in cites:
            label = kinds.get(kind)
            if label is None:
                label = kinds[kind] = self.t(f"kind_{kind}")
            href = self.page(*where)
            link = Markup(f'<a href="{_escaped(href)}">{_escaped(name)}</a>')
            out.append(f"<li>{self.t('listed', item=Markup(label), text=link)}</li>")
        return Markup("".join(out))

    def md(self, text: str | None) -> Markup:
        return Markup(markup.block(text, self.href)) if text else Markup("")

    def plain(self, text: str | None) -> Markup:
        """Inline Markdown without its tags (for a text beside a link: links do not nest),
        still escaped. Not Jinja's `striptags`, which squeezes spaces as Python splits them
        and so drops the no-break spaces a language's typography puts in."""
        return Markup(TAGS.sub("", markup.inline(text, self.href))) if text else Markup("")

    def inline(self, text: str | None) -> Markup:
        return Markup(markup.inline(text, self.href)) if text else Markup("")

    def stale(self, entry: m.Entry) -> dt.date | None:
        return stale_since(entry, self.options)

    def stale_note(self, entry: m.Entry) -> Markup:
        since = self.stale(entry)
        if since is None:
            return Markup("")
        reviewed = self.date(entry.reviewed)
        note = (self.t("stale_by", reviewed=reviewed, owner=entry.owner, due=self.date(since))
                if entry.owner else self.t("stale", reviewed=reviewed, due=self.date(since)))
        return Markup(f'<p class="pb-stale" role="note"><strong>{self.label("needs_review")}'
                      f"</strong> {note}</p>")

    def feedback(self, kind: str, id: str, title: str) -> Markup:
        """A "Report a problem" link filled in for one entry, when the team asked for one.
        {url} is the entry's address: absolute when the site's `site_url` is known."""
        template = self.options.feedback_url
        if template is None:
            return Markup("")
        url = absolute(entry_url(self.handbook, kind, id, self.options.use_directory_urls),
                       self.options.site_url)
        href = feedback_link(template, {"id": id, "title": title, "url": url})
        return Markup(f'<a class="pb-feedback" href="{html.escape(href)}">{self.t("feedback")}</a>')

    def exists(self, kind: str, id: str) -> bool:
        return id in self.handbook.index.get(kind, {})

    def card(self, phrase: m.Phrase, anchored: bool) -> Markup:
        return cards.card(self, phrase, say_html, anchored)

    def say_block(self, phrase: m.Phrase) -> Markup:
        return Markup(cards.say(self, phrase, say_html))

    def avoid_block(self, phrase: m.Phrase) -> Markup:
        return Markup(cards.avoid(self, phrase))

    def tag_href(self, tag: str) -> str:
        return self.page("phrasebook/index.md", self.tag_anchor(tag))

    def step_number(self, step: str) -> int:
        return self.index.step_number[step]

    def get(self, kind: str, id: str) -> Any:
        return self.handbook.index[kind][id]

    def home(self, phrase: m.Phrase) -> str:
        return home_of(phrase)

    def uid(self) -> int:
        self._uid = getattr(self, "_uid", 0) + 1
        return self._uid

    def date(self, value: object) -> str:
        """A date in the site's language; a date written as text stays as written."""
        return self.options.labels.date(value) if isinstance(value, dt.date) else str(value)

    def channel_name(self, channel: str) -> str:
        """A channel's name: a built-in one in the site's language, a team's own as declared."""
        key = CHANNEL_KEYS.get(channel)
        return self.options.labels.text(key) if key else self.handbook.channel(channel).label

    def channel_names(self, channels: Iterable[str]) -> str:
        return ", ".join(self.channel_name(c) for c in channels)

    def speaker_name(self, speaker: str) -> str:
        key = f"speaker_{speaker}"
        return self.options.labels.text(key) if key in self.options.labels.forms else ""

    def variant_groups(self, phrase: m.Phrase) -> list[tuple[str, str]]:
        """Channels that share a text share a tab: "Phone, In person" and "Chat"."""
        groups: dict[str, list[str]] = {}
        for channel in phrase.channels:
            groups.setdefault(phrase.text_for(channel), []).append(self.channel_name(channel))
        return [(", ".join(names), text) for text, names in groups.items()]

    @staticmethod
    def tag_anchor(tag: str) -> str:
        return "tag-" + (re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-") or "x")

    def keywords(self, phrase: m.Phrase) -> str:
        """Words a rep might type for this phrase's situations, for full-text search."""
        situations = self.handbook.index["situation"]
        return " ".join(
            k for s in phrase.situations for k in situations[s].keywords  # type: ignore[attr-defined]
        )

    def rules_for(self, step: str) -> list[m.Rule]:
        return [r for r in self.handbook.rules if step in (r.first, r.then)]

    def examples_without_situation(self) -> list[m.Example]:
        return [e for e in self.handbook.examples if not e.situations]


# An entry citing a source: its kind, id and title, and its page and anchor.
Cite = tuple[str, str, str, tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Index:
    """Cross references computed once: who uses what."""

    phrases_by_situation: Mapping[str, tuple[m.Phrase, ...]]
    phrases_by_step: Mapping[str, tuple[m.Phrase, ...]]
    examples_by_step: Mapping[str, tuple[m.Example, ...]]
    examples_by_situation: Mapping[str, tuple[m.Example, ...]]
    phrases_by_tag: Mapping[str, tuple[m.Phrase, ...]]
    cited_by: Mapping[str, tuple[Cite, ...]]  # source -> (kind, id, title, (page, anchor))
    step_number: Mapping[str, int]
    labels: Mapping[str, str]  # every label that takes no value, as HTML


def _group(pairs: Iterable[tuple[str, Any]]) -> dict[str, tuple[Any, ...]]:
    out: dict[str, list[Any]] = {}
    for key, value in pairs:
        bucket = out.setdefault(key, [])
        if not bucket or bucket[-1] is not value:
            bucket.append(value)
    return {k: tuple(v) for k, v in out.items()}


def build_index(handbook: m.Handbook, labels: Labels | None = None) -> Index:
    order = {s.id: i for i, s in enumerate(handbook.steps)}

    def by_step(phrases: Iterable[m.Phrase]) -> tuple[m.Phrase, ...]:
        return tuple(sorted(phrases, key=lambda p: order[p.step]))

    by_situation = _group((s, p) for p in handbook.phrases for s in p.situations)
    cites: list[tuple[str, tuple[str, str, str]]] = []
    for kind in ("step", "phrase", "example", "lesson", "roleplay", "goodwill", "template"):
        for entry in handbook.entries(kind):
            title = str(getattr(entry, "title", None) or getattr(entry, "say", entry.id))
            for source in getattr(entry, "sources", ()):
                cites.append((source, (kind, entry.id, title)))
    for stat in handbook.statistics:
        for source in filter(None, (stat.source, stat.via)):
            cites.append((source, ("statistic", stat.id, stat.figure)))
    for framework in handbook.frameworks:
        cites.append((framework.source, ("framework", framework.id, framework.title)))
    for decision in handbook.decisions:
        for side in decision.sides:
            for source in side.sources:
                cites.append((source, ("decision", decision.id, decision.title)))
    examples_by_step = _group(
        (t.step, e) for e in handbook.examples for t in e.dialogue if t.step is not None
    )
    return Index(
        phrases_by_situation={k: by_step(v) for k, v in by_situation.items()},
        phrases_by_step=_group((p.step, p) for p in handbook.phrases),
        examples_by_step=examples_by_step,
        examples_by_situation=_group((s, e) for e in handbook.examples for s in e.situations),
        phrases_by_tag=dict(sorted(_group((t, p) for p in handbook.phrases for t in p.tags)
                                   .items(), key=lambda kv: kv[0].casefold())),
        # each with its page and anchor: the sources page then reads no phrase for its
        # address (at 10,000 phrases, 30,000 noted reads of the phrases' homes: reads.py)
        cited_by={k: tuple(dict.fromkeys((*c, src_of(handbook, c[0], c[1])) for c in v))
                  for k, v in _group(cites).items()},
        step_number={s.id: i + 1 for i, s in enumerate(handbook.steps)},
        labels={key: str(labels.html(key)) for key in labels.forms} if labels else {},
    )


BOOST = {"situation.html": 2.0, "checks.html": 0.5, "desk.html": 0.0, "desk-all.html": 0.0,
         "changes.html": 0.0, "roleplays.html": 0.0, "quiz-key.html": 0.0}


@dataclass(frozen=True, slots=True)
class Maker:
    """What one build's pages are made from: the handbook, the options, the cross references.
    Each page kind's `pages(maker)` asks it for its pages."""

    handbook: m.Handbook
    options: Options
    index: Index

    def text(self, key: str, **values: str) -> str:
        """A label as plain text, for titles and the navigation."""
        return self.options.labels.text(key, None, **values)

    def page(self, src: str, template: str, title: str, description: str = "",
             **values: Any) -> Page:
        """A page whose HTML is made from `template` when it is written, not now."""
        handbook, options, index = self.handbook, self.options, self.index

        @collector.paused()
        def make(noted: reads.Reads | None = None) -> str:
            h, ix = ((handbook, index) if noted is None else
                     (reads.handbook(handbook, noted), reads.index(index, noted)))
            context = Context(h, options, src, ix)
            return _ENV.get_template(template).render(
                h=h, x=context, ix=ix, title=title, say_html=say_html, t=context.t, **values)

        return Page(src, title, make, description, BOOST.get(template, 1.0), inputs=values,
                    tracked=make)


def template(name: str) -> jinja2.Template:
    """One of the page templates, for a file that is not a page (a redirect)."""
    return _ENV.get_template(name)
