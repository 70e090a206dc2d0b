"""Hostile content: whatever an author writes in any text field is shown as text.

A project puts script tags, event handlers, `javascript:` links, raw HTML, attribute
break-outs and template syntax into every text field of every kind of entry. The site must
build, hold every payload escaped, and in a real browser run none of them and fetch nothing
from outside the site.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXED_DAY, ROOT, make_project, phrasebook, serve
from service_phrasebook.labels import english, placeholders

SCHEMA = json.loads((ROOT / "generator" / "schema.json").read_text("utf-8"))
DATA = Path(__file__).with_name("hostile")
# The schema's words for a field a person writes text in (ids, references, dates, channels
# and addresses have a pattern or a format of their own).
TEXT_FIELDS = ("plain text", "text with inline Markdown")
# Everything at once in every field: markup that runs script, attribute break-outs, markup
# that fetches from outside, a `javascript:` link, template syntax, an end of textarea.
PAYLOAD = (
    '"><img src=x onerror=alert({n})> <script>alert({n})</script> </textarea> {{{{ 7*7 }}}} '
    '{{% raw %}} ${{{{ 7*7 }}}} <img src="https://evil.example/{n}.png" '
    'onerror="window.__pwned={n}"> '
    "'><svg onload=\"window.__pwned={n}\"> [click](javascript:alert({n})) "
    "![x](https://evil.example/{n}.gif) <a href=\"javascript:alert({n})\" "
    "onclick=\"alert({n})\">x</a> <iframe src=\"https://evil.example/{n}\"></iframe>"
)
# An address has to be http(s) and hold no quote or bracket (the loader refuses the rest,
# `javascript:` included: bad_inputs/bad-url.yml); what is left to try is template syntax.
HOSTILE_URL = "https://evil.example/{n}?q={{{{7*7}}}}&r=javascript:alert({n})#{{%raw%}}"


class Payloads:
    """Hands out the payload, numbered, for each field, so no two fields hold the same text
    (the checker would call them duplicates) and a finding says which field it came from."""

    def __init__(self) -> None:
        self.count = 0
        self.fields: set[str] = set()  # every `Def.property` that got one

    def __call__(self, where: str, before: str = "", template: str = PAYLOAD) -> str:
        self.count += 1
        self.fields.add(where)
        return f"{before} {template.format(n=self.count)}".strip()


def _node(node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A schema node with its `$ref` followed, and the name of the definition it is."""
    name = ""
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = SCHEMA["$defs"][name]
    return name, node


def _is_text(node: dict[str, Any]) -> bool:
    """Free text: a string with no pattern, format or choices (an entry's text written
    bare, as an avoided phrase or a drill can be, has no description of its own)."""
    return node.get("type") == "string" and not {"pattern", "format", "enum"} & set(node) \
        and str(node.get("description", TEXT_FIELDS[0])).startswith(TEXT_FIELDS)


def _is_url(node: dict[str, Any]) -> bool:
    return node.get("type") == "string" and "http(s) address" in str(node.get("description"))


def text_fields() -> set[str]:
    """Every `Def.property` of the schema that holds text, directly or in a list or map."""
    found: set[str] = set()
    for name, definition in SCHEMA["$defs"].items():
        for prop, sub in definition.get("properties", {}).items():
            options = [sub, sub.get("items", {}), sub.get("additionalProperties") or {},
                       *sub.get("anyOf", ())]
            if any(_is_text(o) or _is_url(o) for o in options if isinstance(o, dict)):
                found.add(f"{name}.{prop}")
    return found


def hostile(value: Any, node: dict[str, Any], p: Payloads, where: str = "") -> Any:
    """`value` with hostile text in every text field the schema gives it: appended to the
    text written in the skeleton, and added where the skeleton leaves an optional text field
    out (unless the field is one of several the entry must choose between, or goes with one
    the entry did not choose). A field added to the model later is covered without touching
    this test."""
    name, node = _node(node)
    if "anyOf" in node:
        for option in node["anyOf"]:
            _, resolved = _node(option)
            if (resolved.get("type") == "object") == isinstance(value, dict) and not (
                    isinstance(value, str) and resolved.get("format") == "date"):
                return hostile(value, option, p, where)
        return value
    if _is_text(node):
        return p(where, str(value or ""))
    if _is_url(node):
        return p(where, template=HOSTILE_URL)
    if node.get("type") == "array" and isinstance(value, list):
        return [hostile(item, node["items"], p, where) for item in value]
    if node.get("type") != "object" or not isinstance(value, dict):
        return value
    props = node.get("properties", {})
    chosen = {key for option in node.get("oneOf", ()) for key in option.get("required", ())}
    chosen |= {key for key, needs in node.get("dependentRequired", {}).items()
               if not set(needs) <= set(value)}
    out = dict(value)
    for prop, sub in props.items():
        field_name = f"{name}.{prop}"
        _, resolved = _node(sub)
        if prop in out:
            out[prop] = hostile(out[prop], sub, p, field_name)
        elif prop not in chosen and _is_text(resolved):
            out[prop] = p(field_name)
        elif prop not in chosen and resolved.get("type") == "array" and _is_text(
                _node(resolved["items"])[1]):
            out[prop] = [p(field_name)]
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        for key in [k for k in out if k not in props]:
            out[key] = hostile(out[key], extra, p, f"{where}")
    return out


def hostile_content() -> dict[str, Any]:
    """The skeleton handbook with hostile text in every text field of the schema."""
    skeleton = yaml.safe_load((DATA / "skeleton.yml").read_text("utf-8"))
    p = Payloads()
    content = hostile(skeleton, SCHEMA, p)
    # What the checker holds to another field's text, made to hold it again: a `fires` line
    # holds its avoided phrase whole, a quiz's avoided line is one the handbook avoids.
    avoided = []
    for phrase in content["phrases"]:
        for avoid in phrase.get("avoid", ()):
            if isinstance(avoid, dict):
                avoid["fires"] = [f"{line} {avoid['text']}" for line in avoid.get("fires", ())]
                avoided.append(avoid["text"])
    for quiz in content["quizzes"]:
        for question in quiz["questions"]:
            if "replacement" in question:
                question["replacement"]["avoided"] = avoided[0]
    missing = text_fields() - p.fields
    assert not missing, f"add entries with these fields to {DATA / 'skeleton.yml'}: {missing}"
    assert set(content) == set(SCHEMA["properties"]), "every kind of entry is in the skeleton"
    return dict(content)


def hostile_labels() -> dict[str, str]:
    """Every label of the catalog, hostile, keeping the `{values}` each one may use."""
    p = Payloads()
    return {key: p(f"labels.{key}", " ".join(f"{{{name}}}" for name in
                                             sorted(placeholders(" ".join(forms)))))
            for key, forms in english().items()}


def hostile_mkdocs_yml(project: Path) -> None:
    p = Payloads()
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config.update(site_name=p("site_name"), site_description=p("site_description"),
                  site_author=p("site_author"), copyright=p("copyright"),
                  extra={"status": {"new": p("extra")}}, docs_dir="content")
    config["theme"]["custom_dir"] = str(ROOT / "site_overrides")
    config["theme"]["features"].append("navigation.footer")  # titles in aria-labels too
    options = next(p["phrasebook"] for p in config["plugins"]
                   if isinstance(p, dict) and "phrasebook" in p)
    options.update(content=["content"], labels=hostile_labels())
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")


def committed(project: Path, message: str) -> None:
    """The project as one commit, dated within the changes page's window."""
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-20T12:00:00Z",
           "GIT_COMMITTER_DATE": "2026-11-20T12:00:00Z", "GIT_AUTHOR_NAME": "x",
           "GIT_AUTHOR_EMAIL": "x@example.org", "GIT_COMMITTER_NAME": "x",
           "GIT_COMMITTER_EMAIL": "x@example.org"}
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(project), *command], env=env, check=True)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile")
    (project / "content").mkdir()
    (project / "content" / "all.yml").write_text(
        yaml.safe_dump(hostile_content(), allow_unicode=True, sort_keys=False), "utf-8")
    hostile_mkdocs_yml(project)
    committed(project, Payloads()("commit"))  # for the changes page, read from git
    result = phrasebook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def pages(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


class Live(HTMLParser):
    """Markup a payload would need to do harm: its elements, handlers and addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            fetches = name in ("src", "srcset", "srcdoc", "data", "poster", "background")
            if name.startswith("on") or (fetches and "evil.example" in value) or \
                    value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")

    def handle_data(self, data: str) -> None:
        if self.in_script and "pwned" in data:
            self.found.append(f"<script>{data[:40]}")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


def assert_no_live_markup(site: Path, at_least: int) -> None:
    """No page of `site` holds a payload as live markup, and the pages are really there."""
    checked = 0
    for page in pages(site):
        parser = Live()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], f"{page.relative_to(site)}: {parser.found[:5]}"
        checked += 1
    assert checked >= at_least


def test_no_payload_reaches_a_page_as_markup(hostile_site: Path) -> None:
    assert_no_live_markup(hostile_site, at_least=15)


def test_every_text_is_escaped_once_not_twice(hostile_site: Path) -> None:
    """Escaped once, a payload reads as written; escaped twice, a reader sees `&lt;`. Labels
    and mkdocs.yml's texts land in Material's templates, which escape some (`| e`) and not
    others."""
    for page in pages(hostile_site):
        text = page.read_text(encoding="utf-8")
        twice = re.findall(r".{30}&amp;(?:lt|gt|quot|#34|#x27|#39|amp);.{10}", text)
        assert twice == [], f"{page.relative_to(hostile_site)}: {twice[:3]}"
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in home.split("</title>")[0], "site_name, in <title>"


def test_template_syntax_is_shown_as_written(hostile_site: Path) -> None:
    texts = [page.read_text(encoding="utf-8") for page in pages(hostile_site)]
    shown = [text for text in texts if "{% raw %}" in text]
    assert shown, "template syntax reaches the pages as text"
    assert all("{{ 7" in text for text in shown), "and is not evaluated by any template"


class Watch:
    """What a page must never do: open a dialog, leave the site, fetch from elsewhere. A
    request for another origin is recorded and refused, so the test never reaches out."""

    def __init__(self, context: Any, page: Any, origin: str) -> None:
        self.origin = origin
        self.dialogs: list[str] = []
        self.left: list[str] = []
        self.outside: list[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message),
                                          dialog.dismiss()))
        page.on("framenavigated", self.navigated)
        context.route("**/*", self.route)

    def mine(self, url: str) -> bool:
        return url.startswith((self.origin + "/", "data:", "blob:", "about:"))

    def route(self, route: Any) -> None:
        if self.mine(route.request.url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def navigated(self, frame: Any) -> None:
        if not self.mine(frame.url):
            self.left.append(frame.url)


TYPED = '"><img src=x onerror=alert(1)> </textarea><script>alert(1)</script> {{ 7*7 }} '


def test_in_a_browser_no_payload_runs_and_nothing_is_fetched_from_outside(
    browser: Any, hostile_site: Path,
) -> None:
    """Every page of the hostile site opened in Chromium, and hostile text typed into the
    phrase finder (with words that find hostile entries) and into the reply checker (with an
    avoided phrase, so findings are shown): nothing runs, nothing leaves the site."""
    context = browser.new_context()
    page = context.new_page()
    for site_url in serve(hostile_site):
        watch = Watch(context, page, site_url.rstrip("/"))
        visited = []
        for html in pages(hostile_site):
            relative = html.relative_to(hostile_site).as_posix()
            page.goto(site_url + relative)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__pwned") is None, relative
            visited.append(relative)
        page.goto(site_url)
        page.locator("#pb-finder-input").click()
        page.keyboard.type(TYPED + "go on", delay=5)
        page.locator("#pb-finder-input").fill("go on")
        page.locator("#pb-finder-results [role=option]").first.wait_for()
        page.keyboard.press("ArrowDown")
        page.keyboard.type(" script", delay=10)  # pages' sections and entries found too
        page.wait_for_timeout(300)
        page.goto(site_url + "reply/")
        avoided = [a if isinstance(a, str) else a["text"]
                   for p in hostile_content()["phrases"] for a in p.get("avoid", ())]
        page.locator("#pb-reply-draft").fill(TYPED + " ".join(avoided))
        page.locator("#pb-reply-draft").press("End")
        page.keyboard.type(" " + TYPED, delay=5)
        page.locator(".pb-reply__finding").first.wait_for()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None
        assert (watch.dialogs, watch.left, watch.outside) == ([], [], [])
    context.close()
    assert len(visited) >= 20
    assert {"index.html", "reply/index.html", "changes/index.html", "cards/index.html"} <= set(
        visited)


@pytest.mark.parametrize("bad_id", ["../escape", "/etc/passwd", "a/../../b", "..", "x\\y"])
def test_ids_that_try_to_leave_the_site_folder_are_refused(tmp_path: Path, bad_id: str) -> None:
    content = hostile_content()
    content["situations"][0]["id"] = bad_id
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "all.yml").write_text(yaml.safe_dump(content), "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: content\nplugins:\n  - phrasebook:\n      content: [content]\n")
    result = phrasebook("build", "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 1
    assert "error id " in result.stderr and "is not a valid id" in result.stderr
    assert not (tmp_path / "site").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_warnings(project: Path, *args: str) -> str:
    """What `phrasebook serve` says on standard error before it serves, then stopped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "service_phrasebook.cli", "serve", *args], cwd=project,
        stderr=subprocess.PIPE, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_DAY})
    said = []
    try:
        assert process.stderr is not None
        for line in process.stderr:
            said.append(line)
            if "Serving on" in line:
                break
    finally:
        process.terminate()
        process.wait(timeout=30)
    return "".join(said)


@pytest.mark.parametrize("where", ["mkdocs.yml", "-a"])
def test_serve_on_every_interface_is_said_loudly(tmp_path: Path, where: str) -> None:
    project = small_project(tmp_path)
    port = free_port()
    args: tuple[str, ...] = ("-a", f"0.0.0.0:{port}")
    if where == "mkdocs.yml":
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write(f"dev_addr: 0.0.0.0:{port}\n")
        args = ()
    said = serve_warnings(project, *args)
    assert f"serve listens on 0.0.0.0:{port}, beyond this machine" in said
    assert "serve on 127.0.0.1" in said


def test_serve_on_loopback_says_nothing_of_it(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    said = serve_warnings(project, "-a", f"127.0.0.1:{free_port()}")
    assert "Serving on" in said and "beyond this machine" not in said


# --- The output folder: only what a build or an export wrote is ever deleted ------------------


def small_project(tmp_path: Path) -> Path:
    """A project whose handbook builds: the hostile one, small."""
    return make_project(tmp_path, {"content/all.yml": yaml.safe_dump(hostile_content())})


def victim(tmp_path: Path) -> Path:
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "precious.txt").write_text("keep me", encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", [("build",), ("export", "site", "--force")])
def test_a_committed_symlink_at_the_output_folder_is_refused_not_followed(
        tmp_path: Path, command: tuple[str, ...]) -> None:
    project, target = small_project(tmp_path), victim(tmp_path)
    (project / "site").symlink_to(Path("..") / "victim")
    result = phrasebook(*command, cwd=project)
    assert result.returncode == 2, result.stderr
    assert "site: is a symbolic link (to ../victim)" in result.stderr
    assert "Remove the link, or choose another folder" in result.stderr
    assert (target / "precious.txt").read_text() == "keep me"
    assert (project / "site").is_symlink()


@pytest.mark.parametrize("command", [
    ("build", "-d", "."), ("build", "-d", ".."), ("export", ".", "--force"),
    ("export", "..", "--force"), ("build", "-d", "content"), ("build", "-d", "content/site"),
    ("export", "content/out"), ("export", "mkdocs.yml"),
])
def test_an_output_folder_that_holds_or_sits_in_the_handbook_is_refused(
        tmp_path: Path, command: tuple[str, ...]) -> None:
    project = small_project(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = phrasebook(*command, cwd=project)
    assert result.returncode == 2, result.stderr
    assert ("holds the handbook's content" in result.stderr or "is inside" in result.stderr
            or "is not a folder" in result.stderr), result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("command", [("build",), ("export", "site", "--force")])
def test_a_folder_no_build_wrote_is_not_deleted(tmp_path: Path, command: tuple[str, ...]
                                                ) -> None:
    project = small_project(tmp_path)
    (project / "site").mkdir()
    (project / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    result = phrasebook(*command, cwd=project)
    assert result.returncode == 2
    assert f"holds files that no phrasebook {command[0]} wrote" in result.stderr
    assert [p.name for p in (project / "site").iterdir()] == ["notes.txt"]


def test_what_a_build_wrote_it_replaces(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    assert phrasebook("build", cwd=project).returncode == 0
    assert (project / "site" / ".phrasebook-output").is_file()
    (project / "site" / "stale.html").write_text("old", encoding="utf-8")
    assert phrasebook("build", cwd=project).returncode == 0
    assert not (project / "site" / "stale.html").exists()


def test_the_markdown_export_built_by_plain_mkdocs_runs_no_payload(
        hostile_site: Path, tmp_path: Path) -> None:
    """The exported project carries mkdocs.yml's texts and the labels into a site that no
    plugin of ours escapes: plain MkDocs and Material must get them escaped already."""
    project = hostile_site.parent
    out = tmp_path / "export"
    result = phrasebook("export", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=out,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    assert_no_live_markup(out / "site", at_least=20)


# --- Links in the handbook are never followed into the site or an export ----------------------


def outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("# TOKEN=hunter2\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize(("name", "points_to", "what"), [
    ("env.txt", "/proc/self/environ", "file"),
    ("page.md", "outside", "file"),
    ("shared", "outside-folder", "folder"),
])
@pytest.mark.parametrize("command", [("build",), ("export", "out")])
def test_a_committed_link_stops_the_build_and_the_export_at_its_place(
        tmp_path: Path, name: str, points_to: str, what: str, command: tuple[str, ...]) -> None:
    project = small_project(tmp_path)
    secret = outside_file(tmp_path)
    target = {"outside": secret, "outside-folder": secret.parent}.get(points_to, points_to)
    (project / "content" / name).symlink_to(target)
    result = phrasebook(*command, cwd=project)
    assert result.returncode == 1, result.stderr
    said = [line for line in result.stderr.splitlines()
            if line.startswith(f"content/{name}:1:1: error")]
    assert said, result.stderr
    assert (f"this {what} is a symbolic link (to {target})" in said[0]  # found in docs_dir
            or f"this {what} links to a place outside the content" in said[0])  # by the loader
    assert (f"copy the {what} " in result.stderr and "delete the link" in result.stderr) or \
        "instead of linking to it" in result.stderr
    assert not (project / "site").exists() and not (project / "out").exists()



# --- Exports: text from content is never a live placeholder -----------------------------------

PLACEHOLDERS = """\
phrases:
  - id: leaky
    step: fix
    situations: [shouting]
    channels: [chat, email]
    say: >-
      Thanks {customer_name}: {{ ticket.latest_private_comment }} {% if true %}run{% endif %}
      {{{ ticket.id }}} {{ '{' }} {% raw %}{{ x }}{% endraw %} {{ dc.x }} {other} $|$ }}
    variables:
      customer_name: the customer's first name
      other: anything
  - id: cursor
    step: fix
    situations: [shouting]
    channels: [chat]
    say: Leave the cursor $|$ here.
"""


def test_zendesk_macros_show_content_braces_as_written_and_read_only_the_mapping(
        tmp_path: Path) -> None:
    """Rendered by a real Liquid engine (Zendesk's template language) with every variable
    undefined but the team's mapping, each macro shows the phrase as written."""
    import liquid

    project = make_project(tmp_path, {"content/all.yml": yaml.safe_dump(hostile_content()),
                                      "content/leaky.yml": PLACEHOLDERS})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - phrasebook\n", "  - phrasebook:\n      content: [content]\n"
        "      zendesk_placeholders:\n"
        "        customer_name: '{{ticket.requester.first_name}}'\n"))
    result = phrasebook("export", "--format", "zendesk", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    env = liquid.Environment(undefined=liquid.StrictUndefined)
    said = yaml.safe_load(PLACEHOLDERS)["phrases"][0]["say"]
    rendered = {}
    for macro in sorted((project / "out" / "macros").glob("*.json")):
        body = json.loads(macro.read_text())["macro"]["actions"][0]["value"]
        rendered[macro.name] = env.from_string(body).render(
            ticket={"requester": {"first_name": "Ann"}})
    assert rendered["leaky.chat.json"] == said.replace("{customer_name}", "Ann").replace(
        "{other}", "[other]")
    assert len(rendered) > 2 and all("ticket" not in text or "{{" in text
                                     for text in rendered.values())


def test_espanso_leaves_out_a_phrase_holding_its_own_syntax(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"content/all.yml": yaml.safe_dump(hostile_content()),
                                      "content/leaky.yml": PLACEHOLDERS})
    result = phrasebook("export", "--format", "espanso", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "warning export-literal phrase `leaky`" in result.stderr
    assert "warning export-literal phrase `cursor`" in result.stderr
    package = (project / "out" / "package.yml").read_text()
    assert ":leaky/" not in package and ":cursor/" not in package and "$|$" not in package
    assert "{{" not in package and "[[" not in package.replace("[[name]]", "")


# --- Every link form the renderer resolves is checked ------------------------------------------

LINK_FORMS = [
    "See [the meal][r].\n\n[r]: example:nope",  # reference-style
    "See [r].\n\n[r]: example:nope",  # shortcut reference
    "See [r][].\n\n[r]: example:nope 'a title'",  # collapsed, with a title
    "See <example:nope>.",  # autolink
    "See [the meal](<example:nope>).",  # destination in angle brackets
    "See [the meal](example&#58;nope).",  # the colon as an entity
    "See [the meal](example\\:nope).",  # the colon escaped
    'See [the meal]( example:nope "title" ).',
]


@pytest.mark.parametrize("summary", LINK_FORMS)
def test_a_link_to_a_missing_entry_is_an_error_however_it_is_written(
        tmp_path: Path, summary: str) -> None:
    project = make_project(tmp_path, {
        "content/method.yml": (ROOT / "tests" / "bad_inputs" / "_base" / "method.yml"
                               ).read_text(),
        "content/situations.yml": yaml.safe_dump(
            {"situations": [{"id": "shouting", "title": "Shouting", "summary": summary}]})})
    checked = phrasebook("check", "--no-cache", cwd=project)
    assert checked.returncode == 1
    assert "content/situations.yml:4:" in checked.stdout or "content/situations.yml:3:" in \
        checked.stdout, checked.stdout
    assert "error unknown-reference" in checked.stdout and "nope" in checked.stdout
    built = phrasebook("build", cwd=project)
    assert built.returncode == 1 and "Traceback" not in built.stderr, built.stderr
    assert "error unknown-reference" in built.stderr


# --- Hand-written pages: no script, no generated page's address -------------------------------


def with_config(project: Path, options: str) -> Path:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - phrasebook\n", "  - phrasebook:\n      content: [content]\n" + options))
    return project


def test_a_hand_written_page_at_a_generated_address_is_an_error_at_its_place(
        tmp_path: Path) -> None:
    project = with_config(small_project(tmp_path), "")
    (project / "content" / "reply").mkdir()
    (project / "content" / "reply" / "index.md").write_text("# Reply\n\nMine.\n")
    (project / "content" / "cards.md").write_text("# Cards\n")  # cards/index.html too
    for command in (("build",), ("export", "out")):
        result = phrasebook(*command, cwd=project)
        assert result.returncode == 1, result.stderr
        assert "content/reply/index.md:1:1: error page-address this file takes the address " \
               "of `reply/index.md`" in result.stderr
        assert "list it under the phrasebook plugin's `replaces:`" in result.stderr
    assert "content/cards.md:1:1: error page-address" in phrasebook("build", cwd=project).stderr
    assert not (project / "site").exists() and not (project / "out").exists()


def test_a_page_listed_under_replaces_replaces_the_generated_one(tmp_path: Path) -> None:
    project = with_config(small_project(tmp_path), "      replaces: [reply/index.md]\n")
    (project / "content" / "reply").mkdir()
    (project / "content" / "reply" / "index.md").write_text("# Reply\n\nOur own checker.\n")
    result = phrasebook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Our own checker." in (project / "site" / "reply" / "index.html").read_text()


def test_a_hand_written_file_at_a_generated_file_s_place_is_an_error(tmp_path: Path) -> None:
    project = with_config(small_project(tmp_path), "")
    script = project / "content" / "assets" / "phrasebook" / "phrasebook.js"
    script.parent.mkdir(parents=True)
    script.write_text("alert(1)\n")
    result = phrasebook("build", cwd=project)
    assert result.returncode == 1
    assert "content/assets/phrasebook/phrasebook.js:1:1: error page-address" in result.stderr


SCRIPTED = {
    "content/evil.html": '<p>Hello</p>\n\n    <img src=x onerror="alert(1)">\n',
    "content/about.md": "# About\n\nSee [this](javascript:alert(1)).\n\n<script>x()</script>\n",
    "content/shape.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<a href=" jav&#x09;ascript:'
                         'alert(1)"><circle r="3"/></a></svg>\n',
    "phrasebook/widget.html": "<p>\n  <button onclick='go()'>Go</button></p>\n",
}


def test_check_reports_script_in_hand_written_pages_and_html_files_at_their_place(
        tmp_path: Path) -> None:
    project = small_project(tmp_path)
    with_config(project, "")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("content: [content]",
                                                 "content: [content, phrasebook]"))
    for name, text in SCRIPTED.items():
        (project / name).write_text(text)
    result = phrasebook("check", "--no-cache", cwd=project)
    assert result.returncode == 1
    found = sorted(line.split(" a hand-written page")[0] for line in result.stdout.splitlines()
                   if " error page-script " in line)
    assert found == [
        "content/about.md:3:12: error page-script a link to a `javascript:` address:",
        "content/about.md:5:1: error page-script a <script> element:",
        "content/evil.html:3:5: error page-script an inline event handler `onerror=` on <img>:",
        "content/shape.svg:2:1: error page-script a `javascript:` address in `href=` on <a>:",
        "phrasebook/widget.html:2:3: error page-script an inline event handler `onclick=` on "
        "<button>:",
    ]
    assert "list `content/evil.html` under the phrasebook plugin's `pages_with_script:`" in \
        result.stdout
    built = phrasebook("build", cwd=project)
    assert built.returncode == 1 and "content/evil.html:3:5: error page-script" in built.stderr
    assert not (project / "site").exists()


def test_a_page_listed_under_pages_with_script_may_run_it(tmp_path: Path) -> None:
    project = with_config(small_project(tmp_path),
                          "      pages_with_script: [content/widget.html]\n")
    (project / "content" / "widget.html").write_text("<script>ours()</script>\n")
    assert phrasebook("check", "--no-cache", cwd=project).returncode == 0
    assert phrasebook("build", cwd=project).returncode == 0


def test_a_handbook_in_two_languages_shows_its_language_names_and_site_names_as_text(
        tmp_path: Path) -> None:
    """The language selector and each language's site name come from mkdocs.yml too."""
    project = tmp_path / "bilingual"
    shutil.copytree(ROOT / "tests" / "handbook_bilingual", project)
    p = Payloads()
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    config["site_name"] = p("site_name")
    languages = config["plugins"][1]["phrasebook"]["languages"]
    for language in languages.values():
        language.update(name=p("name"), site_name=p("site_name"))
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = phrasebook("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert_no_live_markup(project / "site", at_least=20)


def test_a_content_folder_linked_out_of_the_project_is_not_read(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (project / "content").rename(elsewhere)
    (project / "content").symlink_to(elsewhere)
    result = phrasebook("check", "--no-cache", cwd=project)
    assert result.returncode == 1
    assert "content:1:1: error outside-content this folder links to a place outside" in \
        result.stdout
