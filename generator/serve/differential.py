"""`phrasebook serve`'s rebuild: only the pages a save changed go through the theme again.

A full MkDocs build of a 10,000-phrase handbook puts some 1,240 pages through Material's
`base.html`, about 4 ms each, on every save, though a reworded phrase changes one or two of
them. MkDocs cannot rebuild part of a site by itself (its `--dirty` builds still gather every
page, and go by file times, which our generated pages do not have), so the last good build is
kept here: its config, files, navigation and Jinja environment. On a save the content is
loaded (through the content-keyed cache: only changed files are decoded), checked and
rendered again (pure functions, no MkDocs). Each of our pages is made and compared with a
digest of what the last build wrote (pages are not kept, see render.Page); only those whose
HTML, title, description or search weight differ go through MkDocs' own page builder, with
the kept navigation and environment. Changed asset files (the finder's index, the reply
checker's table, messages.js) are rewritten. The live-reload server then reloads the
browser as after any build.

Whatever this cannot vouch for is a full build: a first build, a handbook in several
languages, a changed navigation or set of pages, a changed mkdocs.yml, hand-written page or
theme override, a plugin this module does not know, or anything unexpected on the way.
Broken content changes nothing on disk: the last good pages stay, the problem page is served
(live.py), and the next good save is compared with the last good build.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mkdocs import utils
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, InclusionLevel

from .. import collector, render
from ..labels import labels_for
from ..load import SUFFIXES
from ..messages import Message, say
from ..plugin import Generated, PhrasebookPlugin, digest, without_material_search
from ..render import reads

log = logging.getLogger("mkdocs.plugins.phrasebook")


@dataclass(frozen=True, slots=True)
class _Kept:
    """The last good build, and a digest of every input besides the content it came from."""

    config: MkDocsConfig
    plugin: PhrasebookPlugin
    inputs: str


class Differential:
    """MkDocs' `build` for the serve loop: a full build first, differential ones after."""

    def __init__(self, full: Callable[..., None]) -> None:
        self.full = full
        self.kept: _Kept | None = None

    def __call__(self, config: MkDocsConfig, *, serve_url: str | None = None,
                 dirty: bool = False) -> None:
        kept, self.kept = self.kept, None  # until this build is known good
        inputs = _inputs(config)
        if kept is not None and kept.inputs == inputs:
            start = time.monotonic()
            try:
                done = rebuild(kept.config, kept.plugin)
            except PluginError as error:  # broken content: the last good pages stay
                self.kept = kept
                raise Abort(str(error)) from None
            except Exception:
                log.warning("phrasebook: %s", _say(config, say("serve_rebuild_failed")),
                            exc_info=True)
                done = None
            if done is not None:
                self.kept = kept
                seconds = f"{time.monotonic() - start:.2f}"
                log.info("phrasebook: %s", _say(config, say(
                    "serve_rebuilt", pages=say("pages", count=done[0]),
                    files=say("files", count=done[1]), seconds=seconds)))
                return
        try:
            self.full(config, serve_url=serve_url, dirty=dirty)
        finally:
            if kept is not None:
                kept.plugin.ready = None  # never carried to a later build
        plugin = config.plugins.get("phrasebook")
        # A handbook in several languages is built whole on every save: a site per
        # language, each from the same config (plugin.py's _Builds), which this module
        # does not compare yet.
        if isinstance(plugin, PhrasebookPlugin) and plugin.env is not None and \
                plugin.languages is None:
            self.kept = _Kept(config, plugin, inputs)


@collector.paused()  # one pause for the whole: each inner one's end woke the collector
def rebuild(config: MkDocsConfig, plugin: PhrasebookPlugin) -> tuple[int, int] | None:
    """Rebuild what the content's change touched, in the site `config` last built; None,
    having written nothing, when only a full build can be trusted. Returns how many pages
    and files were written."""
    files, nav, env, old = plugin.files, plugin.nav, plugin.env, plugin.site
    # MkDocs loaded the config again for this build, resetting its plugins' settings, and
    # only our on_config (of a full build) switches Material's search off: so here too.
    without_material_search(config)
    if files is None or nav is None or env is None or old is None or not _known(config, plugin):
        return None
    new = plugin.generate(config)
    if not _same_frame(plugin, new):
        log.info("phrasebook: %s", _say(config, say("serve_full_build")))
        plugin.ready = new  # the full build that follows, for the same config, starts from it
        return None
    before = {page.src: page for page in old.pages}
    made: dict[str, str] = {}  # the HTML of each changed page, made once to compare
    differs = (reads.comparer(old.world, new.site.world)
               if old.world is not None and new.site.world is not None else None)
    premade = dict(new.site.made)  # pages rendering made already (render.Site.made)
    new.site.made.clear()
    changed = [page.src for page in new.site.pages if page.src not in plugin.hand_written
               and _changed(plugin, before[page.src], page, made, differs, premade)]
    assets = {path: data for path, data in new.site.files.items()
              if old.files.get(path) != data}
    gone = old.files.keys() - new.site.files.keys()
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    plugin.adopt(new)
    plugin.made = made
    for src in changed:
        file = files.get_file_from_path(src)
        if file is None or file.page is None:
            raise LookupError(f"{src} is not a page of the last build")
        _populate_page(file.page, config, files)
        _build_page(file.page, config, doc_files, nav, env,
                    excluded=file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
    for path, data in assets.items():  # the finder's parts are named by their content
        file = files.get_file_from_path(path)
        if file is None:
            file = File.generated(config, path, content=data)
            file.generated_by = "phrasebook"
            files.append(file)
        elif file.generated_by != "phrasebook":
            continue  # the team's own file of that name wins, as in on_files
        file.content_bytes = data.encode("utf-8") if isinstance(data, str) else data
        utils.write_file(file.content_bytes, file.abs_dest_path)
    for path in gone:
        file = files.get_file_from_path(path)
        if file is not None and file.generated_by == "phrasebook":
            files.remove(file)
            Path(file.abs_dest_path).unlink(missing_ok=True)
    return len(changed), len(assets) + len(gone)


def _changed(plugin: PhrasebookPlugin, old: render.Page, new: render.Page,
             made: dict[str, str], differs: Callable[[Iterable[reads.Key]], bool] | None,
             premade: dict[str, tuple[str, frozenset[reads.Key] | None]]) -> bool:
    """Whether MkDocs would write `new` otherwise than it wrote `old`. A page whose kind
    handed it the same values, and none of whose reads the save changed, is the page it
    was (render/reads.py): it is not made at all. Any other is made (pages are not kept,
    render.Page), unless rendering made it already (`premade`), and compared with a digest
    of the last; a changed one's HTML is kept in `made` for the theme, so it is not made
    twice."""
    same_frame = (new.title, new.description, new.boost) == (old.title, old.description,
                                                             old.boost)
    ready = premade.pop(new.src, None)
    if ready is not None:
        body, noted = ready
        if noted is not None:
            plugin.reads[new.src] = noted
    else:
        noted = plugin.reads.get(new.src)
        if (same_frame and differs is not None and noted is not None
                and new.tracked is not None and new.inputs == old.inputs
                and not differs(noted)):
            return False
        body = plugin.make(new)
    if same_frame and plugin.written.get(new.src) == digest(body):
        return False
    if len(made) < KEEP_MADE:
        made[new.src] = body
    return True


# Past this many changed pages their HTML is made again by the theme rather than held: a save
# that changes every page must not hold a big handbook's pages all at once (render.Page).
KEEP_MADE = 64


def _same_frame(plugin: PhrasebookPlugin, new: Generated) -> bool:
    """Whether the new content leaves everything that every page shows as it was: the
    navigation, the set of pages, the settings and the finder's labels. Static files may
    come and go (the finder's parts are named by their content): no page lists them."""
    old = plugin.site
    assert old is not None
    return (new.site.nav == old.nav and new.settings == plugin.settings
            and [p.src for p in new.site.pages] == [p.src for p in old.pages]
            # the finder's labels follow the settings; its placeholder, the situations
            and new.finder["placeholder"] == plugin.finder.get("placeholder"))


# Plugins whose part in a page build is known: ours, and Material's search, which ours
# switches off (the finder is the search). Any other may keep state across pages (tags, blog,
# social cards): its sites are built in full.
_KNOWN = {"phrasebook", "search", "material/search"}


def _say(config: MkDocsConfig, message: Message) -> str:
    """A message for the terminal, in the handbook's language."""
    return labels_for(str(config.theme.get("language") or "en"))[0].say(message)


def _known(config: MkDocsConfig, plugin: PhrasebookPlugin) -> bool:
    return set(config.plugins) <= _KNOWN and all(
        not config.plugins[name].config.get("enabled", True)
        for name in ("search", "material/search") if name in config.plugins)


def _inputs(config: MkDocsConfig) -> str:
    """A digest of what a build reads besides the content: mkdocs.yml, the files of
    docs_dir that are not content, and the theme's overrides. By content, not by time: two
    saves within a second have the same modification time on many file systems."""
    digest = hashlib.sha256()
    plugin = config.plugins.get("phrasebook")
    root = Path(config.config_file_path or ".").resolve().parent
    content = [(root / folder).resolve()
               for folder in getattr(plugin, "config", {}).get("content", ())]
    for path in _files(config, content):
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\1unreadable")
    return digest.hexdigest()


def _files(config: MkDocsConfig, content: list[Path]) -> Iterator[Path]:
    if config.config_file_path:
        yield Path(config.config_file_path)
    folders = [Path(config.docs_dir)]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            if path.suffix in SUFFIXES and any(path.resolve().is_relative_to(c)
                                               for c in content):
                continue
            yield path
