"""The handbook as a ready Markdown project: `docs/`, `overrides/`, `mkdocs.yml`, `zensical.toml`.

Pages are the same HTML-in-Markdown the plugin serves (so any Markdown tool shows them as
built), every link relative (so the site works at a domain's root or under `/handbook/`),
and pages at `name.html` rather than `name/`: MkDocs leaves links inside HTML as written while
Zensical re-bases them from the source file to the page, and only when the page sits beside
its source file (no directory URLs) do both readings give the same address.
and the phrase finder, copy buttons and styles carried in `overrides/` and
`docs/assets/phrasebook/`. `mkdocs build` or `zensical build` in the folder builds the site
with no plugin of ours installed. Hand-written pages in the team's `docs_dir` come along.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .. import check, render, source
from ..diagnostic import ContentError
from ..load import SUFFIXES
from ..render import markup
from ..source import markdown_pages
from .common import Export, Job

THEME = Path(__file__).resolve().parent.parent / "theme"
CSS = ["assets/phrasebook/phrasebook.css"]
SCRIPTS = ["assets/phrasebook/messages.js", "assets/phrasebook/phrasebook.js"]  # labels first
FINDER = "partials/phrase-finder.html"
_BASE_URL = "\x00base_url\x00"
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}]


def pages(job: Job) -> dict[str, str | bytes]:
    """The docs folder: hand-written files, then generated pages and static files."""
    site = render.render(
        job.handbook, render.Options(today=job.settings.today,
                                     review_days=job.settings.review_days,
                                     use_directory_urls=False,
                                     site_name=job.site_name, labels=job.labels,
                                     feedback_url=job.settings.feedback_url,
                                     author_pages=job.settings.author_pages),
        check.documentation(), job.changes,
        hand_written=markdown_pages(job.docs_dir) if job.docs_dir is not None else {})
    files: dict[str, str | bytes] = {}
    content = [c.resolve() for c in job.settings.content]
    if job.docs_dir is not None and job.docs_dir.is_dir():
        linked = source.links(job.docs_dir, job.settings.root, job.settings.content)
        if linked:
            raise ContentError(linked)
        for path in sorted(job.docs_dir.rglob("*")):
            resolved = path.resolve()
            inside = any(c == resolved or c in resolved.parents for c in content)
            if path.is_file() and not (inside and path.suffix in SUFFIXES):
                files[path.relative_to(job.docs_dir).as_posix()] = path.read_bytes()
    hand_written = set(files)
    generated = [page.src for page in site.pages] + list(site.files) + [
        a.relative_to(THEME).as_posix() for a in (THEME / "assets").rglob("*") if a.is_file()]
    taken = [check.taken(job.settings, job.docs_dir / path, path) for path in sorted(
        hand_written.intersection(generated) - set(job.settings.replaces))
        if job.docs_dir is not None]
    if taken:
        raise ContentError(taken)  # as in the plugin: replaced only when `replaces:` says so
    for page in site.pages:
        if page.src in files:
            continue  # replaced on purpose (`replaces:`)
        front = yaml.safe_dump({"title": html.escape(page.title, quote=False)},
                               allow_unicode=True, sort_keys=False)
        files[page.src] = f"---\n{front}---\n\n{page.html}\n"
    files.update({k: v for k, v in site.files.items() if k not in hand_written})
    for asset in sorted((THEME / "assets").rglob("*")):
        if asset.is_file() and asset.relative_to(THEME).as_posix() not in hand_written:
            files[asset.relative_to(THEME).as_posix()] = asset.read_bytes()
    nav = render.nav_for_mkdocs(site.nav, lambda title: html.escape(title, quote=False))
    return {**{f"docs/{k}": v for k, v in files.items()}, **_theme(job),
            **_configs(job, nav)}


def _theme(job: Job) -> dict[str, str | bytes]:
    """The templates that put the finder on every page (Material's `custom_dir`)."""
    files: dict[str, str | bytes] = {
        f"overrides/{p.relative_to(THEME).as_posix()}": p.read_bytes()
        for p in sorted(THEME.rglob("*.html"))}
    files[f"overrides/{FINDER}"] = finder(job)
    return files


def finder(job: Job) -> str:
    """The finder's partial with its words written in, for a theme that has no plugin to
    give them. Only `{{ base_url }}` is left for the theme; every other brace is written as
    an HTML entity, so a label a team wrote can never be read as a template by the theme."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    baked = env.get_template(FINDER).render(
        base_url=_BASE_URL,
        phrasebook={"t": job.labels.html,
                    "placeholder": render.finder_placeholder(job.handbook, job.labels),
                    "reply": ""})  # the reply-checker link needs MkDocs' per-page url filter
    baked = baked.replace("{", "&#123;").replace("}", "&#125;")
    return baked.replace(_BASE_URL, "{{ base_url }}") + "\n"


FEATURES = ["navigation.sections", "navigation.indexes"]
# Theme settings that are the export's own: Material it is, with the finder in `overrides/`.
_OURS = ("name", "custom_dir")
# Settings of the team's mkdocs.yml carried over as they are written.
CARRIED = ("site_description", "site_author", "copyright", "repo_url", "repo_name", "extra")


def theme(job: Job) -> dict[str, Any]:
    """Material's settings for the export: the team's own (palette and its dark scheme,
    logo, favicon, icons, features...) as written in their mkdocs.yml, the handbook's
    language, and what the export needs (the finder's templates, no request to Google
    Fonts unless the team asked for a font). A value MkDocs would read through a YAML tag
    (`!ENV`) is left out: the export has no environment to read it from."""
    team = job.config.get("theme")
    written = {k: v for k, v in (team.items() if isinstance(team, dict) else ())
               if k not in _OURS and _plain(v)}
    features = list(dict.fromkeys([*FEATURES, *(written.pop("features", None) or [])]))
    return {"name": "material", "custom_dir": "overrides", "language": job.settings.language,
            "font": False, **written, "features": features}


def _plain(value: Any) -> bool:
    """Whether a value read from YAML is plain data all through (no tag read as None)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return isinstance(value, (str, int, float, bool))


def _extensions(job: Job) -> list[Any]:
    """Ours, then the team's Markdown extensions (their hand-written pages may need them)."""
    names = {e if isinstance(e, str) else next(iter(e)) for e in EXTENSIONS}
    team = job.config.get("markdown_extensions")
    added = [e for e in (team if isinstance(team, list) else ())
             if _plain(e) and (isinstance(e, str) or (isinstance(e, dict) and len(e) == 1))
             and (e if isinstance(e, str) else next(iter(e))) not in names]
    return [*EXTENSIONS, *added]


def _team_list(job: Job, key: str) -> list[Any]:
    """The team's `extra_css` or `extra_javascript`: paths in their docs folder, which the
    export carries."""
    found = job.config.get(key)
    return [v for v in found if _plain(v)] if isinstance(found, list) else []


def _configs(job: Job, nav: list[Any]) -> dict[str, str | bytes]:
    config: dict[str, Any] = {
        # Plain MkDocs inserts it as HTML, in attributes too (Material's `aria-label`).
        "site_name": html.escape(job.site_name),
        "docs_dir": "docs",
        "use_directory_urls": False,
        "theme": theme(job),
        # None: the header's search is the finder (overrides/), so Material's index would be
        # built for no box; `plugins: []` keeps MkDocs from adding its default `search`.
        "plugins": [],
        "markdown_extensions": _extensions(job),
        "extra_css": CSS + _team_list(job, "extra_css"),
        "extra_javascript": SCRIPTS + _team_list(job, "extra_javascript"),
        "nav": nav,
        # Escaped: plain MkDocs and Material insert these texts as HTML.
        **{k: markup.escaped_texts(job.config[k], html.escape) for k in CARRIED
           if k in job.config and _plain(job.config[k])},
    }
    if job.site_url:
        config["site_url"] = job.site_url
    mkdocs = _comment(job.labels.text("export_mkdocs_comment")) + yaml.safe_dump(
        config, allow_unicode=True, sort_keys=False)
    return {"mkdocs.yml": mkdocs,
            "zensical.toml": _comment(job.labels.text("export_zensical_comment")) + _toml(config)}


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # allowed in neither format's comments


def _comment(text: str) -> str:
    """A note for people atop a YAML or TOML file, each line of it a comment: a team's label
    may span lines."""
    return "".join(f"# {_CONTROL.sub('', line)}\n" for line in text.splitlines())


def _toml(config: dict[str, Any]) -> str:
    """Zensical's own configuration: the same settings under `[project]`."""
    import json

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=False)  # a TOML basic string is JSON's
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {value(x)}"
                                    for k, x in v.items()) + " }"
        return str(v)

    project = {k: v for k, v in config.items() if k not in ("theme", "plugins")}
    lines = ["[project]"]
    lines += [f"{k} = {value(v)}" for k, v in project.items()]
    lines += ["", "[project.theme]"]
    lines += [f"{k} = {value(v)}" for k, v in config["theme"].items() if k != "name"]
    return "\n".join(lines) + "\n"


def export(job: Job) -> Export:
    return Export(pages(job))
