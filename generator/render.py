"""The handbook as pages: a pure function from the model to HTML, paths and a navigation.

Nothing here knows MkDocs. The plugin hands these pages to MkDocs in memory; `export` writes
them to a folder for any other Markdown tool. Pages are HTML already (fields are rendered with
markdown-it-py, templates escape everything), so the site generator has nothing to parse.

URLs come from ids, never from titles: `method/<step>/`, `phrasebook/<situation>/#<phrase>`,
`examples/<example>/`, `lessons/<lesson>/`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import cards, collector, desk, markup, reply
from . import model as m
from .finder import parts as finder_parts
from .finder.index import finder_index
from .history import History
from .labels import Labels, labels_for
from .reference import reference_html
from .settings import feedback_link

# --- What render produces --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    """Everything besides the content that a page depends on, so output is reproducible."""

    today: dt.date
    review_days: int = 365
    use_directory_urls: bool = True
    site_name: str = "Service phrasebook"
    labels: Labels = field(default_factory=lambda: labels_for("en")[0])
    feedback_url: str | None = None  # a checked template (settings.feedback_template)
    site_url: str = ""  # where the site is published, for {url} in feedback links
    author_pages: bool = False  # Writing content, Field reference, Checker rules


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading for the table of contents. `html` is escaped: site generators put it in
    the page as it is, so an author's `<script>` in a title must arrive as text."""

    level: int
    id: str
    html: str


@dataclass(frozen=True, slots=True, eq=False)
class Page:
    """A page of the site. Its HTML is made when asked for and not kept: MkDocs writes pages
    one at a time, and holding every page's HTML from the start of a build to its end was a
    third of a big handbook's memory. Ask once per use (`html`, then `headings_of(html)`)."""

    src: str  # the path MkDocs would see in docs_dir, e.g. "method/listen.md"
    title: str
    make: Callable[[], str] = field(repr=False)
    description: str = ""
    # Weight in full-text search: phrases first, authoring pages last; 0 keeps a page out of
    # it, for pages that repeat what others hold (a desk card, what changed), which would
    # otherwise push the phrase's own page down the results.
    boost: float = 1.0

    @property
    def html(self) -> str:
        return self.make()

    @property
    def headings(self) -> tuple[Heading, ...]:
        return headings_of(self.html)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Page) and (self.src, self.title, self.description,
                                            self.boost, self.html) == (
            other.src, other.title, other.description, other.boost, other.html)

    __hash__ = None  # type: ignore[assignment]


NavItem = tuple[str, "str | tuple[NavItem, ...]"]


@dataclass(frozen=True, slots=True)
class Site:
    pages: tuple[Page, ...]
    nav: tuple[NavItem, ...]
    files: Mapping[str, str | bytes] = field(default_factory=dict)  # static files by path


# --- Addresses -------------------------------------------------------------------------------


def src_of(handbook: m.Handbook, kind: str, id: str) -> tuple[str, str]:
    """The page and anchor of an entry. The one place URLs are decided."""
    if kind == "phrase":
        phrase = handbook.index["phrase"][id]
        assert isinstance(phrase, m.Phrase)
        return f"phrasebook/{home_of(phrase)}.md", id
    return {
        "step": (f"method/{id}.md", ""),
        "situation": (f"phrasebook/{id}.md", ""),
        "example": (f"examples/{id}.md", ""),
        "lesson": (f"lessons/{id}.md", ""),
        "rule": ("method/index.md", id),
        "source": ("sources/index.md", id),
        "statistic": ("sources/statistics.md", id),
        "decision": ("sources/decisions.md", id),
        "framework": ("method/crosswalk.md", id),
    }[kind]


def home_of(phrase: m.Phrase) -> str:
    """A phrase lives on the page of its first situation; others show a copy."""
    return phrase.situations[0]


def url_of(src: str, directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site root."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative(from_src: str, to_url: str, directory_urls: bool) -> str:
    """A link from page `from_src` to `to_url` (relative to the site root) that works
    wherever the site is served: up to the root, then down. Cheap, so it can be called for
    every link of a 10,000-phrase handbook."""
    if to_url.startswith("#"):
        return to_url
    return "../" * url_of(from_src, directory_urls).count("/") + to_url or "./"


# --- Freshness -------------------------------------------------------------------------------


def stale_since(entry: m.Entry, options: Options) -> dt.date | None:
    """The date an entry became due for review, if it is overdue."""
    return m.overdue(entry, options.today, options.review_days)


# --- Rendering -------------------------------------------------------------------------------

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(Path(__file__).with_name("templates"))),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)

CHANNEL_KEYS = {"phone": "channel_phone", "chat": "channel_chat", "email": "channel_email",
                "in-person": "channel_in_person"}
_VARIABLE = re.compile(r"\{([a-z0-9_-]+)\}")
_HEADING = re.compile(r'<h([1-3]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def say_html(text: str) -> Markup:
    """The text to say, escaped, with `{variables}` marked so a rep sees what to fill in."""
    escaped = html.escape(text, quote=False)
    return Markup(_VARIABLE.sub(r'<span class="pb-var">{\1}</span>', escaped))


@dataclass(frozen=True, slots=True)
class SearchSection:
    """One result for full-text search: a heading's anchor ("" for the page), title, text."""

    anchor: str
    title: str
    text: str


_EXCLUDED = re.compile(
    r"<section\b[^>]*\bdata-search-exclude\b[^>]*>.*?</section>|<button\b.*?</button>", re.S)
_ANY_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def _plain(fragment: str) -> str:
    """Text without tags, still escaped: search shows it as HTML, as Material's does."""
    return " ".join(_TAGS.sub(" ", fragment).split())


def search_sections(page: Page, html_of_page: str) -> list[SearchSection]:
    """The page cut at its headings, as Material's search indexes it, but from our own
    markup, which we know, instead of a general HTML parser: at 10,000 phrases that parser
    took half the build. Copies of phrases shown away from home are left out."""
    body = _EXCLUDED.sub("", html_of_page)
    found: list[SearchSection] = []
    page_title = html.escape(page.title, quote=False)
    anchor, title, start = "", page_title, 0
    for match in _ANY_HEADING.finditer(body):
        text = _plain(body[start:match.start()])
        if text or anchor:
            found.append(SearchSection(anchor, title, text))
        level, id, heading = match.groups()
        anchor, title = ("", page_title) if level == "1" else (id, _plain(heading))
        start = match.end()
    found.append(SearchSection(anchor, title, _plain(body[start:])))
    return found


def headings_of(body: str) -> tuple[Heading, ...]:
    return tuple(
        Heading(int(level), id, " ".join(_TAGS.sub("", title).split()))
        for level, id, title in _HEADING.findall(body)
        if level != "1"
    )


class _Context:
    """What templates may call while rendering one page: links relative to that page."""

    def __init__(self, handbook: m.Handbook, options: Options, src: str, index: Index) -> None:
        self.handbook, self.options, self.src, self.index = handbook, options, src, index
        self.t = options.labels.html

    def label(self, key: str) -> str:
        """A label without values, as HTML: looked up once per build, not per phrase."""
        return self.index.labels[key]

    def href(self, kind: str, id: str) -> str:
        page, anchor = src_of(self.handbook, kind, id)
        return self.page(page, anchor)

    def page(self, page: str, anchor: str = "") -> str:
        target = url_of(page, self.options.use_directory_urls)
        if page == self.src:
            return f"#{anchor}" if anchor else "./"
        rel = relative(self.src, target, self.options.use_directory_urls)
        return rel + (f"#{anchor}" if anchor else "")

    def md(self, text: str | None) -> Markup:
        return Markup(markup.block(text, self.href)) if text else Markup("")

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
        page, anchor = src_of(self.handbook, kind, id)
        url = url_of(page, self.options.use_directory_urls) + (f"#{anchor}" if anchor else "")
        if self.options.site_url:
            url = self.options.site_url.rstrip("/") + "/" + url
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


@dataclass(frozen=True, slots=True)
class Index:
    """Cross references computed once: who uses what."""

    phrases_by_situation: Mapping[str, tuple[m.Phrase, ...]]
    phrases_by_step: Mapping[str, tuple[m.Phrase, ...]]
    examples_by_step: Mapping[str, tuple[m.Example, ...]]
    examples_by_situation: Mapping[str, tuple[m.Example, ...]]
    phrases_by_tag: Mapping[str, tuple[m.Phrase, ...]]
    cited_by: Mapping[str, tuple[tuple[str, str, str], ...]]  # source -> (kind, id, title)
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
    for kind in ("step", "phrase", "example", "lesson"):
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
        cited_by={k: tuple(dict.fromkeys(v)) for k, v in _group(cites).items()},
        step_number={s.id: i + 1 for i, s in enumerate(handbook.steps)},
        labels={key: str(labels.html(key)) for key in labels.forms} if labels else {},
    )


BOOST = {"situation.html": 2.0, "checks.html": 0.5, "desk.html": 0.0, "desk-all.html": 0.0,
         "changes.html": 0.0}


def _page(handbook: m.Handbook, options: Options, index: Index, src: str, template: str,
          title: str, description: str = "", **values: Any) -> Page:
    @collector.paused()
    def make() -> str:
        context = _Context(handbook, options, src, index)
        return _ENV.get_template(template).render(
            h=handbook, x=context, ix=index, title=title, say_html=say_html, t=context.t,
            **values)

    return Page(src, title, make, description, BOOST.get(template, 1.0))


@collector.paused()
def render(handbook: m.Handbook, options: Options, checks: Sequence[m.CheckDoc] = (),
           changes: History | None = None) -> Site:
    """Every page of the handbook, its navigation and its static files; a page of what
    changed when the content's history is given."""
    index = build_index(handbook, options.labels)
    t = options.labels.text

    def page(src: str, template: str, title: str, description: str = "", **values: Any) -> Page:
        return _page(handbook, options, index, src, template, title, description, **values)

    h = handbook
    # A page only when there is something on it: a team without lessons gets no Lessons.
    indexes = (
        ("method/crosswalk.md", "crosswalk.html", t("crosswalk"), h.frameworks),
        ("examples/index.md", "examples.html", t("examples"), h.examples),
        ("lessons/index.md", "lessons.html", t("lessons"), h.lessons),
        ("sources/index.md", "sources.html", t("sources"), h.sources),
        ("sources/statistics.md", "statistics.html", t("statistics"), h.statistics),
        ("sources/decisions.md", "decisions.html", t("decisions"), h.decisions),
    )
    pages: list[Page] = [
        page("index.md", "home.html", options.site_name, t("home_description"),
             examples=typing_examples(handbook)),
        page("phrasebook/index.md", "phrasebook.html", t("phrasebook")),
        page("method/index.md", "method.html", handbook.method.title),
        *(page(src, template, title) for src, template, title, entries in indexes if entries),
    ]
    for situation in handbook.situations:
        pages.append(page(f"phrasebook/{situation.id}.md", "situation.html", situation.title,
                          situation=situation))
    for n, step in enumerate(handbook.steps, start=1):
        pages.append(page(f"method/{step.id}.md", "step.html", f"{n}. {step.title}", step=step))
    for example in handbook.examples:
        pages.append(page(f"examples/{example.id}.md", "example.html", example.title,
                          example=example))
    for lesson in handbook.lessons:
        pages.append(page(f"lessons/{lesson.id}.md", "lesson.html", lesson.title, lesson=lesson))
    if any(p.avoid for p in handbook.phrases):
        pages.append(reply_page(handbook, options, index))
    pages.extend(desk_pages(handbook, options, index))
    if changes is not None:
        pages.append(page(CHANGES, "changes.html", t("changes_title"), changes=changes,
                          days=(options.today - changes.since).days + 1))
    if options.author_pages:
        pages += author_pages(handbook, options, index, checks)
    made = {p.src for p in pages}

    def having(*items: NavItem) -> tuple[NavItem, ...]:
        """The items whose page exists; a section left with none goes too."""
        kept: list[NavItem] = []
        for title, target in items:
            if isinstance(target, str):
                if target in made:
                    kept.append((title, target))
            elif target:
                kept.append((title, target))
        return tuple(kept)

    nav: tuple[NavItem, ...] = having(
        (t("home"), "index.md"),
        (t("phrasebook"), "phrasebook/index.md"),
        (handbook.method.title, having(
            (t("overview"), "method/index.md"),
            *((f"{n}. {s.title}", f"method/{s.id}.md")
              for n, s in enumerate(handbook.steps, start=1)),
            (t("crosswalk"), "method/crosswalk.md"),
        )),
        (t("reply_title"), REPLY),
        (t("desk_all_title"), DESK),
        (t("changes_title"), CHANGES),
        (t("examples"), "examples/index.md"),
        (t("lessons"), having((t("all_lessons"), "lessons/index.md"),
                              *((lesson.title, f"lessons/{lesson.id}.md")
                                for lesson in handbook.lessons))),
        (t("sources"), having((t("sources"), "sources/index.md"),
                              (t("statistics"), "sources/statistics.md"),
                              (t("decisions"), "sources/decisions.md"))),
        # Last and apart: pages for whoever writes the handbook, not for a rep mid-call.
        (t("for_authors"), having((t("writing_content"), "writing-content.md"),
                                  (t("reference"), "reference.md"),
                                  (t("checks"), "checks.md"))),
    )
    files: dict[str, str | bytes] = {
        f"{FINDER}/{name}": data for name, data in phrase_index(handbook, options).items()}
    files["assets/phrasebook/messages.js"] = script_messages(options.labels)
    if any(p.src == REPLY for p in pages):
        files[REPLY_TABLE] = reply_table(handbook, options)
    files.update(redirects(handbook, options))
    return Site(tuple(pages), nav, files)


DESK = "cards/index.md"
CHANGES = "changes/index.md"


def desk_pages(handbook: m.Handbook, options: Options, index: Index) -> list[Page]:
    """A desk card per situation that has phrases, and one page that prints them all."""
    made = [desk.card(handbook, s, index.phrases_by_situation) for s in handbook.situations]
    made = [c for c in made if c.phrases]
    if not made:
        return []
    addresses = {}
    for c in made:
        url = url_of(src_of(handbook, "situation", c.situation.id)[0],
                     options.use_directory_urls)
        addresses[c.situation.id] = (options.site_url.rstrip("/") + "/" + url
                                     if options.site_url else url)
    t = options.labels.text
    pages = [_page(handbook, options, index, f"cards/{c.situation.id}.md", "desk.html",
                   t("desk_title", title=c.situation.title), card=c,
                   address=addresses[c.situation.id]) for c in made]
    pages.append(_page(handbook, options, index, DESK, "desk-all.html", t("desk_all_title"),
                       t("desk_description"), cards=made, addresses=addresses))
    return pages


REPLY = "reply/index.md"
REPLY_TABLE = "assets/phrasebook/avoided.json"


def reply_page(handbook: m.Handbook, options: Options, index: Index) -> Page:
    """The reply checker's page: a script that checks the draft as it is typed, against the
    table of avoided phrases (REPLY_TABLE), read once from the site."""
    def up(path: str) -> str:
        return relative(REPLY, path, options.use_directory_urls)

    t = options.labels.text
    return _page(handbook, options, index, REPLY, "reply.html", t("reply_title"),
                 t("reply_description"), base=up(""), table=up(REPLY_TABLE),
                 script=up("assets/phrasebook/reply.js"))


def reply_table(handbook: m.Handbook, options: Options) -> str:
    """The avoided phrases for the reply page, the same table `phrasebook reply` reads."""
    def url(phrase: m.Phrase) -> str:
        page, anchor = src_of(handbook, "phrase", phrase.id)
        return f"{url_of(page, options.use_directory_urls)}#{anchor}"

    return reply.table_json(handbook, url)


def author_pages(handbook: m.Handbook, options: Options, index: Index,
                 checks: Sequence[m.CheckDoc]) -> list[Page]:
    """The pages for whoever writes the handbook: how to write it, every field, every rule.
    Built only when a site asks, so a team's reps never meet them uninvited."""
    t = options.labels.text
    guide, reference = writing_guide(options.use_directory_urls), reference_html()
    pages = [Page("writing-content.md", t("writing_content"), lambda: guide, boost=0.5),
             Page("reference.md", t("reference"), lambda: reference, boost=0.5)]
    if checks:
        pages.append(_page(handbook, options, index, "checks.md", "checks.html", t("checks"),
                           checks=checks))
    return pages


_GUIDE = Path(__file__).with_name("authoring") / "writing-content.md"
_H1_H2 = re.compile(r"<h([12])>(.*?)</h\1>")
_PAGE_LINK = re.compile(r'href="([a-z-]+\.md)"')


def writing_guide(directory_urls: bool) -> str:
    """The Writing content page, from the Markdown shipped with the package. Its examples
    are neutral, not any one handbook's, since every team's site may show it."""
    body = markup.block(_GUIDE.read_text(encoding="utf-8"))
    body = _H1_H2.sub(lambda h: f'<h{h.group(1)} id="{_anchor(h.group(2))}">{h.group(2)}'
                      f"</h{h.group(1)}>", body)
    return _PAGE_LINK.sub(lambda link: 'href="' + relative(
        "writing-content.md", url_of(link.group(1), directory_urls), directory_urls) + '"',
        body)


def _anchor(heading: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _TAGS.sub("", heading).casefold()).strip("-") or "section"


# --- Static files ----------------------------------------------------------------------------

# The labels phrasebook.js shows: the finder's messages and the copy buttons' announcements.
SCRIPT_LABELS = ("copy", "finder_found", "finder_partial", "finder_status", "finder_showing",
                 "finder_none", "finder_failed", "link_copied", "phrase_copied", "copy_failed",
                 "fill_in", "reply_copy_aria", "reply_instead", "reply_open", "reply_found",
                 "reply_clean", "reply_too_long", "reply_failed",
                 "finder_corrected", "finder_others", "finder_group", "finder_kind_example",
                 "finder_kind_situation", "finder_kind_lesson")


def script_messages(labels: Labels) -> str:
    """The script's labels from the same catalog as the pages, loaded before it: the finder
    speaks the site's language with no second translation to keep in step."""
    data = {"language": labels.language, "labels": labels.for_script(SCRIPT_LABELS)}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return f"window.phrasebookMessages = {text};\n"


def typing_examples(handbook: m.Handbook, count: int = 4) -> tuple[str, ...]:
    """What a rep might type, from the team's own situations: each one's first keyword,
    or its title when it has none, in the handbook's order. They find something by
    construction, whatever the handbook's language or trade."""
    words: list[str] = []
    for situation in handbook.situations:
        word = situation.keywords[0] if situation.keywords else situation.title
        if word.casefold() not in (w.casefold() for w in words):
            words.append(word)
        if len(words) == count:
            break
    return tuple(words)


def finder_placeholder(handbook: m.Handbook, labels: Labels) -> str:
    """The finder's placeholder: a team's own (`labels: {finder_placeholder: ...}`) or the
    catalog's, filled with words from the team's situations."""
    return labels.text("finder_placeholder", examples=", ".join(typing_examples(handbook)))


FINDER = "assets/phrasebook"  # the finder's head (phrases.json) and its parts' folder


def phrase_index(handbook: m.Handbook, options: Options) -> dict[str, str | bytes]:
    """The phrase finder's index (finder/index.py), with this site's addresses: its files by
    path in the folder FINDER."""

    def locate(kind: str, id: str) -> str:
        page, anchor = src_of(handbook, kind, id)
        return url_of(page, options.use_directory_urls) + (f"#{anchor}" if anchor else "")

    return finder_parts.files(finder_index(handbook, locate, home_of, options.labels.language))


def redirects(handbook: m.Handbook, options: Options) -> dict[str, str]:
    """A small page at each renamed entry's old address that forwards to the new one."""
    out: dict[str, str] = {}
    for kind in ("step", "situation", "example", "lesson"):
        for entry in handbook.entries(kind):
            for alias in getattr(entry, "aliases", ()):
                old, _ = src_of(handbook, kind, alias)
                new, _ = src_of(handbook, kind, entry.id)
                old_url = url_of(old, options.use_directory_urls)
                path = old_url + "index.html" if old_url.endswith("/") else old_url
                target = relative(old, url_of(new, options.use_directory_urls),
                                  options.use_directory_urls)
                out[path] = _ENV.get_template("redirect.html").render(
                    target=target, t=options.labels.html, lang=options.labels.language)
    return out


def nav_sources(nav: Sequence[NavItem]) -> set[str]:
    """The pages the navigation names."""
    found: set[str] = set()
    for _, target in nav:
        found |= {target} if isinstance(target, str) else nav_sources(target)
    return found


def nav_for_mkdocs(nav: Sequence[NavItem]) -> list[Any]:
    """The navigation in the shape of `mkdocs.yml`'s `nav:`, titles escaped: MkDocs and
    Material insert nav titles into pages as HTML."""
    def item(entry: NavItem) -> dict[str, Any]:
        title, target = entry
        return {html.escape(title, quote=False):
                target if isinstance(target, str) else [item(e) for e in target]}
    return [item(e) for e in nav]

