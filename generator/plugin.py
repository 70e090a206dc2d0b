"""The MkDocs adapter: load, check and render the handbook, and hand MkDocs the pages.

Kept thin on purpose (see DESIGN.md): MkDocs 1.x is frozen and its successors drop plugins,
so everything that matters lives in `load`, `check` and `render`, which import nothing from
MkDocs. Pages are added in memory, never written into `docs_dir`, so `mkdocs serve` does not
rebuild itself in a loop.
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import logging
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import material
from markupsafe import Markup, escape
from mkdocs import utils
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import check, render, sites, source
from .addresses import REPLY
from .diagnostic import ContentError, Diagnostic, as_text
from .labels import Labels, labels_for
from .load import SUFFIXES, load
from .load.cache import Cache
from .messages import say
from .render import history, markup, reads
from .render.sharednav import SharedNav
from .settings import (
    CHANGES_DAYS,
    PHONE_MAX_WORDS,
    REVIEW_DAYS,
    BadOption,
    ConfigError,
    Settings,
    check_labels,
    feedback_template,
    language_of,
    place,
    team_channels,
    team_languages,
)
from .source import markdown_pages

log = logging.getLogger("mkdocs.plugins.phrasebook")


def _speaking(path: Path) -> Labels:
    """The labels of the handbook's language, read from mkdocs.yml itself: a mistake in the
    plugin's options is reported before MkDocs has the theme's settings."""
    return labels_for(language_of(path))[0]


class _Labels(c.Type[dict[str, Any]]):
    """A team's label texts, checked against the catalog when mkdocs.yml is read, so a
    misspelt key stops the build as a configuration error (exit 2) at its line."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def post_validation(self, config: base.Config, key_name: str) -> None:
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            check_labels(path, config[key_name])
        except ConfigError as error:
            raise ValidationError(error.text(_speaking(path))) from None


class _Channels(c.Optional[list[Any]]):
    """The team's own channels, checked when mkdocs.yml is read, each mistake at its line."""

    def __init__(self) -> None:
        super().__init__(c.Type(list))

    def post_validation(self, config: base.Config, key_name: str) -> None:
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            team_channels(config[key_name], lambda keys: place(path, keys))
        except ConfigError as error:
            raise ValidationError(error.text(_speaking(path))) from None


class _Languages(c.Optional[dict[str, Any]]):
    """The handbook's languages, checked when mkdocs.yml is read, each mistake at its line."""

    def __init__(self) -> None:
        super().__init__(c.Type(dict))

    def post_validation(self, config: base.Config, key_name: str) -> None:
        path = Path(config.config_file_path or "mkdocs.yml")
        try:
            team_languages(config[key_name], path.resolve().parent,
                           lambda keys: place(path, keys))
        except ConfigError as error:
            raise ValidationError(str(error)) from None


class _FeedbackUrl(base.BaseConfigOption[str]):
    """`feedback_url`, checked when MkDocs reads mkdocs.yml: a mistake is a config error."""

    def run_validation(self, value: object) -> str:
        try:
            return feedback_template(value)
        except BadOption as error:
            raise ValidationError(str(error)) from None


class PhrasebookConfig(base.Config):
    content = c.ListOfItems(c.Type(str), default=["content", "phrasebook"])
    review_days = c.Type(int, default=REVIEW_DAYS)
    phone_max_words = c.Type(int, default=PHONE_MAX_WORDS)
    changes_days = c.Type(int, default=CHANGES_DAYS)
    labels = _Labels()
    feedback_url = c.Optional(_FeedbackUrl())
    author_pages = c.Type(bool, default=False)
    channels = _Channels()
    languages = _Languages()
    zendesk_placeholders = c.Type(dict, default={})  # read by `phrasebook export` only
    replaces = c.ListOfItems(c.Type(str), default=[])  # generated pages replaced on purpose
    pages_with_script = c.ListOfItems(c.Type(str), default=[])  # see check/pages.py


def settings_from(plugin_config: PhrasebookConfig, config_dir: Path, language: str = "en",
                  docs_dir: Path | None = None) -> Settings:
    # Checked with their places when mkdocs.yml is read (_Channels, _Languages): no place
    # is needed here.
    channels = team_channels(plugin_config.channels, lambda keys: "mkdocs.yml")
    languages = team_languages(plugin_config.languages, config_dir, lambda keys: "mkdocs.yml")
    return Settings(
        root=config_dir,
        channels=channels,
        languages=languages,
        content=languages[0].content if languages else
        tuple(config_dir / folder for folder in plugin_config.content),
        language=languages[0].code if languages else language,
        review_days=plugin_config.review_days,
        phone_max_words=plugin_config.phone_max_words,
        changes_days=plugin_config.changes_days,
        labels=plugin_config.labels,
        feedback_url=plugin_config.feedback_url,
        author_pages=plugin_config.author_pages,
        docs_dir=docs_dir,
        replaces=tuple(plugin_config.replaces),
        pages_with_script=tuple(plugin_config.pages_with_script),
    )


@dataclass(frozen=True, slots=True)
class Generated:
    """What one reading of the content gives, before MkDocs sees any of it: kept whole so
    that `phrasebook serve` can compare a save's result with the last good one
    (differential.py)."""

    settings: Settings
    site: render.Site
    finder: Mapping[str, Any]  # the finder partial's labels and placeholder, on every page
    handbook: Any = None  # the model it was made from, for the checks across languages


class _Builds:
    """The build of a handbook in several languages, one MkDocs build per language of the
    same config, set to that language in turn (`enter`) and given back as the team wrote it
    afterwards (`leave`). MkDocs keeps one instance of this plugin for every build in a
    process, so the builds share it: `nesting` says a build is one of the later languages'."""

    def __init__(self, settings: Settings, generated: dict[str, Generated],
                 linked: sites.Sites, config: MkDocsConfig, serving: bool) -> None:
        self.settings, self.generated, self.sites, self.serving = (
            settings, generated, linked, serving)
        self.current = settings.languages[0].code
        self.nesting = False
        # What `enter` changes, as mkdocs.yml (and the command line) set it.
        self.site_dir, self.site_url, self.site_name = (
            config.site_dir, config.site_url or "", _plain(config.site_name))
        self.nav, self.theme_language = config.nav, config.theme.get("language")
        self.docs_dir = config.docs_dir
        self.team_alternate = config.extra.get("alternate")
        self.selector = not self.team_alternate  # a team's own selector is left as written

    def enter(self, config: MkDocsConfig, code: str) -> None:
        language = next(lang for lang in self.settings.languages if lang.code == code)
        self.current = code
        config.site_dir = str(Path(self.site_dir, code))
        config.site_url = sites.site_url(self.site_url, code) or self.site_url or None
        config.site_name = language.site_name or self.site_name
        config.nav = self.nav  # the team's, or None: made again in this language
        config.docs_dir = str(language.docs_dir or self.docs_dir)
        if config.theme.name == "material":
            config.theme["language"] = _material_language(code)
        else:
            config.theme["language"] = code
        if self.selector:
            config.extra["alternate"] = _named(self.sites.roots())
            if sites.SCRIPT not in map(str, config.extra_javascript):
                config.extra_javascript.append(sites.SCRIPT)

    def leave(self, config: MkDocsConfig) -> None:
        config.site_dir, config.site_name = self.site_dir, self.site_name
        config.docs_dir = self.docs_dir
        config.site_url = self.site_url or None
        config.nav = self.nav
        config.theme["language"] = self.theme_language
        if self.selector:
            config.extra.pop("alternate", None)


def _named(alternates: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The selector's entries with each language's name (a team may write its own) safe to
    insert as HTML, as `_escape_texts` makes every other text of mkdocs.yml."""
    return [{**entry, "name": escape(entry["name"])} for entry in alternates]


def _material_language(code: str) -> str:
    """Material's language for a code: its own when it has one (`pt-BR`), else the main
    language's (`fr-CA` reads `fr`), else English."""
    for candidate in (code, code.split("-")[0]):
        if (MATERIAL / "partials" / "languages" / f"{candidate}.html").is_file():
            return candidate
    return "en"


class PhrasebookPlugin(BasePlugin[PhrasebookConfig]):
    def __init__(self) -> None:
        self.problems: tuple[Diagnostic, ...] = ()  # why the last build stopped, for serve
        self.site: render.Site | None = None
        self.pages: dict[str, render.Page] = {}
        self.settings: Settings | None = None
        self.finder: dict[str, Any] = {}
        self.hand_written: set[str] = set()  # generated pages a team's own page replaces
        self.written: dict[str, bytes] = {}  # each page's HTML as last written, by digest
        # Content serve has just generated for this same config, when it found the nav or
        # the pages changed and starts a full build: not generated a second time.
        self.ready: Generated | None = None
        self.made: dict[str, str] = {}  # pages serve has made already to compare them
        # What each page read when it was last made (render/reads.py), when serving: a save
        # makes again only the pages whose reads it changed.
        self.reads: dict[str, frozenset[reads.Key]] = {}
        # What each content file decoded to, and the findings of the rules that read one
        # file, by its text: serve loads and checks again only what a save changed. In
        # memory, as long as MkDocs keeps this instance; only when serving (see on_startup):
        # a single build would pay to fill it and keep it for nothing.
        self.cache: Cache | None = None
        # The last build as MkDocs made it, kept for `phrasebook serve`'s differential rebuild.
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None
        # A handbook in several languages: the build of each language's site in turn.
        self.languages: _Builds | None = None
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this one instance across the rebuilds of `serve`:
        the last good build is what a differential rebuild compares a save with."""
        self.serving = command == "serve"
        if command == "serve" and self.cache is None:
            self.cache = Cache()

    def generate(self, config: MkDocsConfig, settings: Settings | None = None,
                 site_url: str | None = None, site_name: str | None = None,
                 docs_dir: Path | None = None) -> Generated:
        """Load, check and render the handbook for `config` (or for one of its languages:
        its `settings`, site address, name and pages); raise PluginError (with `problems` set for
        serve's problem page) when the content is wrong. Changes nothing else: the caller
        decides whether to adopt the result."""
        if settings is None:
            root = Path(config.config_file_path or ".").resolve().parent
            settings = settings_from(self.config, root,
                                     str(config.theme.get("language") or "en"),
                                     Path(config.docs_dir))
        self.problems = ()
        labels, problems = labels_for(settings.language, settings.labels)
        pages_dir = docs_dir or Path(config.docs_dir)
        linked = source.links(pages_dir, settings.root, settings.content)
        linked += [d for d in check.pages(dataclasses.replace(settings, docs_dir=pages_dir))
                   if d.severity == "error"]
        if linked:
            raise self._stopped("build_problems", linked, labels)
        try:
            handbook = load(settings.content, settings.root, settings.channels, self.cache)
        except ContentError as error:
            raise self._stopped("build_problems", error.diagnostics, labels) from None
        finally:
            if self.cache is not None:
                self.cache.save()  # keeps what this reading used: one handbook's worth
        self._said(check.run(handbook, settings, self.cache), "build_check_errors", labels)
        for problem in problems:
            text = labels.say(problem)
            if text not in _WARNED:  # once per process, not on every rebuild of serve
                _WARNED.add(text)
                log.warning("phrasebook: %s", text)
        options = render.Options(
            today=settings.today,
            review_days=settings.review_days,
            use_directory_urls=config.use_directory_urls,
            site_name=_plain(config.site_name) if site_name is None else site_name,
            labels=labels,
            feedback_url=settings.feedback_url,
            site_url=(config.site_url or "") if site_url is None else site_url,
            author_pages=settings.author_pages,
        )
        site = render.render(handbook, options, check.documentation(), changes_of(settings),
                             markdown_pages(Path(config.docs_dir)),
                             self.cache.resident if self.cache is not None else None)
        finder = {"t": labels.html,
                  "placeholder": escape(render.finder_placeholder(handbook, labels))}
        return Generated(settings, site, finder, handbook)

    def adopt(self, generated: Generated) -> None:
        self.settings = generated.settings
        self.site = generated.site
        self.finder.update(generated.finder)  # the Jinja env holds this very dict
        self.pages = {page.src: page for page in generated.site.pages
                      if page.src not in self.hand_written}
        for src, (body, noted) in generated.site.made.items():  # made while rendering
            if src in self.pages:
                self.made[src] = body
                if noted is not None:
                    self.reads[src] = noted
        generated.site.made.clear()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.files = self.nav = self.env = None
        self.hand_written = set()
        self.written = {}
        self.made = {}
        self.reads = {}
        self.finder = {}
        ready, self.ready = self.ready, None
        if self.languages is not None and self.languages.nesting:  # a language after the first
            generated = self.languages.generated[self.languages.current]
        else:
            self.languages = None
            root = Path(config.config_file_path or ".").resolve().parent
            settings = settings_from(self.config, root,
                                     str(config.theme.get("language") or "en"),
                                     Path(config.docs_dir))
            if settings.languages:
                self.languages = self.generate_languages(config, settings)
                self.languages.enter(config, settings.languages[0].code)
                generated = self.languages.generated[self.languages.current]
            else:
                generated = ready or self.generate(config)
        self.adopt(generated)
        _use_theme(config)
        _escape_texts(config)
        without_material_search(config)
        if config.nav is None:
            config.nav = render.nav_for_mkdocs(generated.site.nav) + _hand_written(
                Path(config.docs_dir), set(self.pages)
            )
        return config

    def _stopped(self, heading: str, problems: Sequence[Diagnostic],
                 labels: Labels) -> PluginError:
        """The build's end for `problems`, under `heading` (a catalog key counting them):
        kept in `problems` too, for serve's problem page."""
        self.problems = tuple(problems)
        return PluginError(labels.say(say(heading, count=len(problems))) + "\n"
                           + as_text(problems, labels))

    def _said(self, report: check.Report, heading: str, labels: Labels) -> None:
        """The check's warnings logged; its errors stop the build."""
        for diagnostic in report.warnings:
            log.warning(diagnostic.text(labels))
        if report.errors:
            raise self._stopped(heading, report.errors, labels)

    def generate_languages(self, config: MkDocsConfig, settings: Settings) -> _Builds:
        """Every language generated and checked, then checked across languages, before
        any site is written: a problem in one language stops them all."""
        generated = {
            language.code: self.generate(
                config, settings.for_language(language.code),
                site_url=sites.site_url(config.site_url or "", language.code),
                site_name=language.site_name or _plain(config.site_name),
                docs_dir=language.docs_dir)
            for language in settings.languages}
        report = check.across({code: made.handbook for code, made in generated.items()},
                              settings)
        self._said(report, "build_across_errors", labels_for(settings.language)[0])
        pages = {language.code: frozenset(
            page.src for page in generated[language.code].site.pages).union(_hand_written(
                language.docs_dir or Path(config.docs_dir), set()))
            for language in settings.languages}
        return _Builds(settings, generated, sites.Sites(
            settings.languages, pages, config.use_directory_urls), config, self.serving)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.languages is not None and not self.languages.nesting:
            utils.clean_directory(self.languages.site_dir)  # MkDocs cleans one language's

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.site is not None and self.settings is not None
        every = [lang.content for lang in self.settings.languages] or [self.settings.content]
        folders = [folder.resolve() for content in every for folder in content]
        for file in list(files):
            source = Path(file.abs_src_path or "")
            if source.suffix in SUFFIXES and any(f in source.resolve().parents for f in folders):
                files.remove(file)  # content is data for the generator, not a page to copy
        in_nav = render.nav_sources(self.site.nav)
        docs_dir = os.path.abspath(config.docs_dir)
        # The team's own files, by the address each is published at: one at a generated
        # page's or file's address is an error unless mkdocs.yml's `replaces:` lists it.
        theirs = {f.dest_uri: f for f in files
                  if f.abs_src_path and f.abs_src_path.startswith(docs_dir + os.sep)}
        replaces = set(self.settings.replaces)
        taken: list[Diagnostic] = [
            check.taken(self.settings, Path(f.abs_src_path or ""), f.src_uri)
            for f in theirs.values() if f.src_uri not in replaces
            and not f.src_uri.endswith((".md", ".html")) and any(
                os.path.isfile(os.path.join(d, f.src_uri)) for d in config.theme.dirs)]
        for page in self.site.pages:
            made = File.generated(config, page.src, content="", inclusion=(
                # Situations and examples are reached from their index pages, not the nav:
                # a nav entry per page is what makes a big site's build quadratic (DESIGN.md).
                InclusionLevel.UNDEFINED if page.src in in_nav else InclusionLevel.NOT_IN_NAV))
            own = theirs.get(made.dest_uri)
            if own is None:
                files.append(made)
            elif page.src in replaces or own.src_uri in replaces:
                self.hand_written.add(page.src)
                self.pages.pop(page.src, None)
                self.made.pop(page.src, None)
            else:
                taken.append(check.taken(self.settings, Path(own.abs_src_path or ""), page.src))
        mine = {f.src_uri for f in theirs.values()}
        for path, text in self.site.files.items():
            own = files.get_file_from_path(path)
            if own is None:
                files.append(File.generated(config, path, content=text))
            elif own.src_uri in mine and path not in replaces:  # a theme's file is left be
                taken.append(check.taken(self.settings, Path(own.abs_src_path or ""), path))
        if taken:
            raise self._stopped("build_problems", taken,
                                labels_for(self.settings.language if self.settings else None)[0])
        if self.languages is not None and self.languages.selector and \
                files.get_file_from_path(sites.SCRIPT) is None:
            files.append(File.generated(config, sites.SCRIPT, content=sites.SCRIPT_TEXT))
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
               ) -> Navigation:
        self.nav, self.files = nav, files
        return nav

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is None or page.file.generated_by != "phrasebook":
            return markdown
        page.meta["title"] = escape(ours.title)  # themes insert it as HTML
        if ours.description:
            page.meta["description"] = escape(ours.description)
        return ""

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is None or page.file.generated_by != "phrasebook":
            return html
        return ""  # made in on_page_context, when MkDocs writes this page, and then let go

    @event_priority(100)  # first: another search plugin after us reads the page's content
    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        if self.languages is not None and self.languages.selector:
            config.extra["alternate"] = _named(self.languages.sites.alternates(
                page.file.src_uri, self.languages.current))
        ours = self.pages.get(page.file.src_uri)
        if ours is None or page.file.generated_by != "phrasebook":
            return context
        body = self.made.pop(page.file.src_uri, None) or self.make(ours)
        self.written[page.file.src_uri] = digest(body)
        page.content = body
        page.toc = get_toc(_toc_tokens(render.headings_of(body)))
        return context

    @event_priority(-100)  # last: every other plugin has written this language's site
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """After the first language's site, the others', each a whole MkDocs build of the
        same config set to that language (Material wants one language per site), then the
        page at the root that picks a language."""
        state = self.languages
        if state is None or state.nesting:
            return
        from mkdocs.commands.build import build

        state.nesting = True
        try:
            for language in state.settings.languages[1:]:
                state.enter(config, language.code)
                build(config, serve_url=state.site_url if state.serving else None)
        finally:
            state.nesting = False
            state.leave(config)
        Path(state.site_dir, sites.INDEX).write_text(
            sites.root_page(state.settings.languages, config.site_name,
                            config.use_directory_urls), encoding="utf-8")

    @event_priority(-100)  # last: other plugins may still read the content
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.pages and page.file.generated_by == "phrasebook":
            page.content = None  # written: a big site's pages are not all held at once
        return output

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        env.bytecode_cache = _COMPILED
        reply = files.get_file_from_path(REPLY)
        self.finder["reply"] = reply.url if reply and REPLY in self.pages else ""
        env.globals["phrasebook"] = self.finder  # the finder's labels, for its partial
        if config.theme.name == "material" and self.nav is not None and env.loader is not None:
            SharedNav(env.loader, MATERIAL, self.nav.pages).install(env)
        self.env, self.files = env, files
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        address = f"{config.dev_addr.host}:{config.dev_addr.port}"
        if not loopback(config.dev_addr.host):
            log.warning("phrasebook: %s", _speaking(Path(config.config_file_path or "mkdocs.yml"))
                        .say(say("serve_exposed", address=address)))
        if self.settings is not None:
            every = [lang.content for lang in self.settings.languages] or [self.settings.content]
            pages = [lang.docs_dir for lang in self.settings.languages if lang.docs_dir]
            for folder in dict.fromkeys([*(f for content in every for f in content), *pages]):
                server.watch(str(folder))
        if config.theme.custom_dir:  # an edited override rebuilds the site in full
            server.watch(config.theme.custom_dir)
        return server


    def make(self, page: render.Page) -> str:
        """A page's HTML; when serving, what it read is noted for the next save."""
        if self.cache is None or page.tracked is None:
            return page.html
        noted: reads.Reads = set()
        body = page.tracked(noted)
        self.reads[page.src] = frozenset(noted)
        return body


def loopback(host: str) -> bool:
    """Whether `host` is reached only from this machine (127.0.0.0/8, ::1, localhost)."""
    if host.strip("[]").casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name that resolves who knows where


def digest(body: str) -> bytes:
    """A page's HTML, short: what serve compares a page's new HTML with (pages are not
    kept, see render.Page)."""
    return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def changes_of(settings: Settings) -> history.History | None:
    """The content's recent history for the changes page. A shallow clone is said once, on
    standard error rather than as a MkDocs warning: CI checks out one commit by default, and
    a missing page is no reason to fail a `--strict` build.

    Reading it is a second or more for a thousand commits, and it changes only with a commit:
    `phrasebook serve` reads it again only when HEAD has moved (or the day has changed)."""
    if settings.changes_days <= 0:
        return None
    key = (settings.root, settings.content, settings.today, settings.changes_days,
           _head(settings.root))
    if key[-1] and key in _HISTORY:
        return _HISTORY[key]
    try:
        found = history.read(settings.root, settings.content, settings.today,
                             settings.changes_days)
    except history.Unavailable as error:
        text = labels_for(settings.language)[0].say(say("no_changes_page", why=error.message))
        if text not in _WARNED:
            _WARNED.add(text)
            print(f"phrasebook: {text}", file=sys.stderr)
        found = None
    _HISTORY.clear()
    _HISTORY[key] = found
    return found


def _head(root: Path) -> str:
    """Where HEAD points and the commit it names ("" outside a repository): one git process
    of a few milliseconds, against a second or more for the history itself."""
    try:
        return subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD", "--symbolic-full-name", "HEAD"],
            capture_output=True, check=True, timeout=30, text=True,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


_HISTORY: dict[tuple[object, ...], history.History | None] = {}  # the last read, by HEAD


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates, compiled once per process. `mkdocs serve` makes a new Jinja
    environment for every rebuild and compiles Material's templates again, a fifth of the
    time between saving a phrase and seeing it. Jinja checks each template's source against
    the checksum stored with its code, so an edited override is compiled afresh."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


_WARNED: set[str] = set()
THEME = Path(__file__).with_name("theme")  # the phrase finder, copy buttons and styles
MATERIAL = Path(material.__file__).with_name("templates")


def _use_theme(config: MkDocsConfig) -> None:
    """Put the phrasebook's theme files under the site's own `custom_dir` and above the
    theme, and its stylesheet and script on every page, so `plugins: [phrasebook]` is all a
    team writes. A team's own `main.html` or partials still win; listing our files again in
    `mkdocs.yml` adds nothing twice."""
    dirs = config.theme.dirs
    if not any(Path(d).resolve() == THEME.resolve() for d in dirs):
        custom = config.theme.custom_dir
        dirs.insert(1 if custom and Path(dirs[0]) == Path(custom) else 0, str(THEME))
    for listed, asset in ((config.extra_css, "assets/phrasebook/phrasebook.css"),
                          (config.extra_javascript, "assets/phrasebook/phrasebook.js")):
        if asset not in map(str, listed):
            listed.append(asset)
    names = [str(script) for script in config.extra_javascript]
    if "assets/phrasebook/messages.js" not in names:  # the script's labels, read before it
        config.extra_javascript.insert(names.index("assets/phrasebook/phrasebook.js"),
                                       "assets/phrasebook/messages.js")


# What mkdocs.yml says that themes insert into every page as HTML (Material and MkDocs'
# own templates do not escape them, and the Jinja environment does not auto-escape).
TEXTS = ("site_name", "site_description", "site_author", "copyright", "repo_name", "extra")


def _escape_texts(config: MkDocsConfig) -> None:
    """Make every text of mkdocs.yml that a theme shows safe to insert as HTML, once: as
    Markup, which Jinja's `| e` (used by Material in a few places) leaves as it is, so a
    name with `&` is not shown as `&amp;`. `extra` is walked to its strings: Material reads
    many of its keys (consent texts, status titles, social links)."""
    for key in TEXTS:
        config[key] = markup.escaped_texts(config[key], escape)


def _plain(text: str) -> str:
    """A text of mkdocs.yml as written, whether or not it was escaped already (serve
    builds again with the same config)."""
    return text.unescape() if isinstance(text, Markup) else text


def without_material_search(config: MkDocsConfig) -> None:
    """The finder is the site's search box (partials/header.html), and it finds everything
    Material's search found: Material's index, a tenth of a big handbook's build and an
    open tab's biggest download, would be built for nothing. Its plugin, when listed, is
    switched off for this build (it reads `enabled` at every event)."""
    if config.theme.name != "material":
        return
    for name in ("search", "material/search"):
        plugin = config.plugins.get(name)
        if plugin is not None and type(plugin).__module__.startswith("material."):
            plugin.config["enabled"] = False


def _hand_written(docs_dir: Path, generated: set[str]) -> list[str]:
    """Pages the team wrote by hand, after the generated ones, in a stable order."""
    found = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
    return [p for p in found if p not in generated and not p.startswith(".")]


def _toc_tokens(headings: tuple[render.Heading, ...]) -> list[Any]:
    """Nest h3 under the h2 before it, as Python-Markdown's toc extension would."""
    tokens: list[dict[str, Any]] = []
    for heading in headings:
        token = {"level": heading.level, "id": heading.id, "name": heading.html,
                 "children": []}
        if heading.level > 2 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens
