"""Bad input gets a clear error at its file, line and column: never a traceback, never a hang.

The corpus is tests/bad_inputs/. A case is either

- `NAME.yml` beside `NAME.expected`: the file goes into a project's `content/` folder, next
  to a valid method (`_base/method.yml`); or
- a folder `NAME/` holding a project's content files and a file `expected`.

An expected file lists exactly the diagnostics the case must give, one a line, as the command
line prints them: `path:line:col: severity rule`. An indented line below one is text that
diagnostic must print (its message, a `see` place, its hint), word for word. Lines starting
with `#` say what the case is; a case with no diagnostic listed must load. A case whose
content loads may list what `phrasebook check`'s rules must find in it (at least those).
Cases that cannot live in a repository (ten megabytes, links, a named pipe, ten thousand
levels, a cache another person's tool wrote) are built by the functions in BUILT below, with
their diagnostics beside them, and, where a case must also leave something untouched, a
check of that (`after`).

Every case runs twice: through the loader in this process, and through `phrasebook check` in
a subprocess whose address space and running time are limited, so that "ends, in bounded
memory" is proven for every case rather than hoped for.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import FIXED_DAY, ROOT, make_project
from service_phrasebook import check, source
from service_phrasebook import load as loading
from service_phrasebook.diagnostic import ContentError, Diagnostic
from service_phrasebook.load import Cache, codec, load
from service_phrasebook.load.cache import FOLDER
from service_phrasebook.load.decode import MAX_PROBLEMS
from service_phrasebook.settings import from_mkdocs_yml

CORPUS = Path(__file__).parent / "bad_inputs"
CHECK_RULES = {r.id for r in check.RULES}  # found by `phrasebook check` in content that loads
BASE = CORPUS / "_base" / "method.yml"
MEMORY = 1_000_000_000  # bytes of address space for one `phrasebook check`
SECONDS = 120  # generous: a case that does not end in this time hangs


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], None]  # writes the case's files into a fresh project
    expected: frozenset[str]
    without_libyaml: frozenset[str] = frozenset()  # deep nesting: where our own guard stops
    printed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # text each prints
    after: Callable[[Path], None] | None = None  # asserts what `phrasebook check` left alone


def _case(name: str, build: Callable[[Path], None], text: str) -> Case:
    """A case from the text of its expected file: diagnostics, each with the text it prints."""
    heads: list[str] = []
    printed: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line.startswith((" ", "\t")) and heads:
            printed[heads[-1]] = (*printed.get(heads[-1], ()), line.strip())
        elif line and not line.startswith("#"):
            heads.append(line)
    return Case(name, build, frozenset(heads), printed=printed)


def _file_case(path: Path) -> Case:
    def build(project: Path) -> None:
        shutil.copy(path, project / "content" / path.name)

    return _case(path.stem, build, path.with_suffix(".expected").read_text("utf-8"))


def _folder_case(folder: Path) -> Case:
    def build(project: Path) -> None:
        shutil.copytree(folder, project, dirs_exist_ok=True,
                        ignore=lambda _, names: [n for n in names if n == "expected"])

    return _case(folder.name, build, (folder / "expected").read_text("utf-8"))


# --- Cases built by code ---------------------------------------------------------------------


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    def build(project: Path) -> None:
        (project / "content" / name).write_bytes(data)

    return build


def _link(name: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def build(project: Path) -> None:
        (project / "content" / name).symlink_to(target(project))

    return build


def _secret_file(project: Path) -> Path:
    secret = project.parent / "elsewhere" / "secret.yml"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("situations: [{id: secret, title: Secret}]\n", "utf-8")
    return secret


def _pipe(project: Path) -> None:
    os.mkfifo(project / "content" / "pipe.yml")  # reading it would wait for a writer forever


def _deep(name: str, data: bytes, libyaml: str, fallback: str) -> Case:
    """Deep nesting is refused at libyaml's own limit (1000 levels) when the linked libyaml
    has one, else at ours (source.MAX_NESTING), before the composer recurses: `fallback`."""
    def expect(place: str) -> frozenset[str]:
        return frozenset({f"content/deep.yml:{place}: error yaml-depth"})

    return Case(name, _write("deep.yml", data),
                expect(libyaml if source._LIMITS_NESTING else fallback), expect(fallback))


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


BAD_ID = b"situations:\n  - id: Bad\n    title: T\n"
BAD_ID_FOUND = frozenset({"content/bad.yml:2:9: error id"})


def _planted_cache(project: Path) -> None:
    """A pull request's `.phrasebook_cache/`, committed with `git add -f`: written by its
    author's own phrasebook (their key, committed beside it too), saying that the content
    has no problem. A check must find the problem all the same."""
    (project / "content" / "bad.yml").write_bytes(BAD_ID)
    author = project.parent / "author-home"
    with _environment(XDG_CACHE_HOME=str(author), SOURCE_DATE_EPOCH=FIXED_DAY):
        whole = check._whole_key(from_mkdocs_yml(project / "mkdocs.yml"))
        assert whole is not None
        cache = Cache(project / FOLDER)
        cache.put(whole, (), lambda found: codec.diagnostics(found, ""))
        assert cache.save() is None
    for key in author.rglob("key"):
        shutil.copy(key, project / FOLDER / "key")


def _victim(project: Path) -> Path:
    victim = project.parent / "victim"
    victim.mkdir(exist_ok=True)
    (victim / "notes.txt").write_text("not the cache's\n")
    return victim


def _untouched(project: Path) -> None:
    victim = project.parent / "victim"
    assert sorted(p.name for p in victim.iterdir()) == ["notes.txt"]
    assert (victim / "notes.txt").read_text() == "not the cache's\n"


def _linked_cache_folder(project: Path) -> None:
    (project / "content" / "bad.yml").write_bytes(BAD_ID)
    (project / FOLDER).symlink_to(_victim(project))


def _linked_cache_files(project: Path) -> None:
    """The files of the cache as links: to /dev/zero (endless bytes) and out of the project."""
    (project / "content" / "bad.yml").write_bytes(BAD_ID)
    (project / FOLDER).mkdir()
    for name in ("key", "entries"):
        (project / FOLDER / name).symlink_to("/dev/zero")
    (project / FOLDER / ".gitignore").symlink_to(_victim(project) / "notes.txt")


def _aliases_adding_up(project: Path) -> None:
    """Three files, each within its own alias budget (a long comment pays for it), whose
    aliases together repeat a million values: every decoded value is kept for the whole load,
    so the budget is the load's (issue 19, point 8; six such files of 1.6 MB took 4.5 GB)."""
    width, rows = 500, 700
    for n in range(3):
        head = (f"situations:\n  - id: f{n}-0\n    title: T\n    keywords: &k ["
                + ", ".join(["w"] * width) + "]\n")
        body = "".join(f"  - {{id: f{n}-{i}, title: T, keywords: *k}}\n" for i in range(1, rows))
        pad = "# " + "padding " * 12 + "\n"
        (project / "content" / f"aliases-{n}.yml").write_text(
            pad * (rows * width // len(pad)) + head + body, "utf-8")


def _link_openers(project: Path) -> None:
    """Texts of `"](` a link's target that never closes, each as long as a text may be:
    the expression that hides link targets scanned the rest of the text from every `](`,
    quadratic (issue 19, point 7: 200 KB took `check` 54 s). Each ends in an avoided phrase,
    so every text is split into words and the phrase is still found after the link openers."""
    opener = '"](' * 6_600
    (project / "content" / "links.yml").write_text(yaml.safe_dump({
        "situations": [{"id": "s", "title": "S"}],
        "phrases": [{"id": "p", "step": "listen", "situations": ["s"], "say": "Go on.",
                     "avoid": ["calm down"]}] + [
            {"id": f"p{n}", "step": "fix", "situations": ["s"],
             "say": f"{opener} calm down, {n} {n * n} {n ** 3} {n ** 4}"} for n in range(90)]},
        width=10**6), "utf-8")


TEN_MB = b"a" * 10_000_000
DEEP = 10_000
BAD_IDS = b"situations:\n" + b"".join(b"  - {id: No%d, title: T}\n" % i for i in range(150))

BUILT = [
    Case("ten-megabyte-string",
         _write("huge.yml", b"situations:\n  - id: x\n    title: " + TEN_MB + b"\n"),
         frozenset({"content/huge.yml:1:1: error too-large"})),
    Case("a-text-over-the-length-limit",
         _write("long.yml", b"situations:\n  - id: x\n    title: " + b"a" * 30_000 + b"\n"),
         frozenset({"content/long.yml:3:12: error too-long"})),
    _deep("flow-lists-10000-deep", b"situations: " + b"[" * DEEP + b"]" * DEEP + b"\n",
          "1:1012", "1:212"),
    _deep("flow-mappings-10000-deep", b"situations: " + b"{a: " * DEEP + b"x" + b"}" * DEEP,
          "1:4009", "1:809"),
    _deep("block-lists-10000-deep", b"situations:\n" + b"- " * DEEP + b"x\n", "2:1999", "2:399"),
    # by indentation, 10,000 levels would take 50 MB of spaces: 1,500 is deep enough
    _deep("block-mappings-1500-deep", b"".join(b" " * i + b"a:\n" for i in range(1500)),
          "1000:1001", "201:201"),
    Case("a-link-to-a-file-outside-the-content",
         _link("link.yml", _secret_file),
         frozenset({"content/link.yml:1:1: error outside-content"})),
    Case("a-link-to-a-folder-outside-the-content",
         _link("linked", lambda project: _secret_file(project).parent),
         frozenset({"content/linked:1:1: error outside-content"})),
    Case("a-file-that-vanished-leaving-its-link",
         _link("gone.yml", lambda project: project / "content" / "deleted-meanwhile.yml"),
         frozenset({"content/gone.yml:1:1: error unreadable"})),
    Case("a-named-pipe", _pipe, frozenset({"content/pipe.yml:1:1: error unreadable"})),
    Case("a-cache-committed-in-the-checkout", _planted_cache, BAD_ID_FOUND),
    Case("a-cache-folder-that-links-elsewhere", _linked_cache_folder, BAD_ID_FOUND,
         after=_untouched),
    Case("cache-files-that-link-to-dev-zero-and-elsewhere", _linked_cache_files,
         BAD_ID_FOUND, after=_untouched),
    Case("aliases-adding-up-across-files", _aliases_adding_up,
         frozenset({"content/aliases-1.yml:3539:22: error yaml-aliases"}),
         printed={"content/aliases-1.yml:3539:22: error yaml-aliases": (
             "values in all the content files together; the limit is reached here; 1 later "
             "file aliases values past it too",)}),
    Case("link-openers-that-never-close", _link_openers,
         frozenset({"content/links.yml:10:19810: error avoided-phrase"})),
    Case("more-problems-than-are-worth-reading", _write("ids.yml", BAD_IDS), frozenset(
        {f"content/ids.yml:{n + 2}:10: error id" for n in range(MAX_PROBLEMS)}
        | {f"content/ids.yml:{MAX_PROBLEMS + 2}:10: error too-many-problems"})),
]

CASES = sorted(
    [_file_case(p) for p in CORPUS.glob("*.yml")]
    + [_folder_case(p) for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_")]
    + BUILT,
    key=lambda case: case.name,
)


def project_for(tmp_path: Path, case: Case) -> Path:
    project = make_project(tmp_path, {})
    shutil.copy(BASE, project / "content" / "method.yml")
    case.build(project)
    return project


def place(d: Diagnostic) -> str:
    return f"{d.at}: {d.severity} {d.rule}"


def lines_in(path: Path) -> int:
    """Lines as an editor counts them: LF, CR LF and a lone CR each end one, and a final
    line break opens no line of its own."""
    data = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data.count(b"\n") + (not data.endswith(b"\n"))


# --- The tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_loader_gives_exactly_the_expected_diagnostics(tmp_path: Path, case: Case) -> None:
    project = project_for(tmp_path, case)
    folders = [project / "content", project / "phrasebook"]
    expected = {line for line in case.expected if line.split()[-1] not in CHECK_RULES}
    if not expected:
        load(folders, project)  # loads, without a problem
        return
    with pytest.raises(ContentError) as caught:
        load(folders, project)
    found = caught.value.diagnostics
    assert {place(d) for d in found} == expected
    for d in found:
        assert d.hint, f"{d} says how to fix it"
        for text in case.printed.get(place(d), ()):
            assert text in str(d), f"{d} prints {text!r}"
        path = project / d.at.path
        assert os.path.lexists(path), f"{d} names a file that exists"
        if path.is_file() and not path.is_symlink():
            assert 1 <= d.at.line <= lines_in(path), f"{d} names a line of the file"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_command_line_prints_them_and_exits_1_in_bounded_time_and_memory(
    tmp_path: Path, case: Case,
) -> None:
    project = project_for(tmp_path, case)

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    result = subprocess.run(
        [sys.executable, "-m", "service_phrasebook.cli", "check"], cwd=project,
        env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_DAY, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=SECONDS, preexec_fn=bounded,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    if case.after is not None:
        case.after(project)
    if not case.expected:
        assert result.returncode == 0, result.stdout
        return
    assert result.returncode == 1, result.stderr
    for line in case.expected:
        assert f"\n{line} " in f"\n{result.stdout}", f"{line} in:\n{result.stdout[:3000]}"
    assert "    hint: " in result.stdout
    for printed in case.printed.values():
        for text in printed:
            assert text in result.stdout
    for line in result.stdout.splitlines():  # whatever the content echoes, one line each
        assert ONE_LINE.fullmatch(line), f"{line!r} is a diagnostic, a `see` or a hint"


ONE_LINE = re.compile(r"[^\s:][^:]*:\d+:\d+: (error|warning) [a-z-]+ .*"
                      r"|    see [^:]+:\d+:\d+|    hint: .*")


def test_the_corpus_covers_what_issue_6_lists() -> None:
    rules = {line.split()[-1] for case in CASES for line in case.expected}
    assert {"yaml-syntax", "duplicate-key", "unknown-field", "type", "yaml-boolean",
            "empty-file", "encoding", "too-large", "yaml-depth", "yaml-aliases",
            "outside-content", "unreadable", "missing-field", "id", "duplicate-id",
            "unknown-reference", "character"} <= rules
    assert len(CASES) >= 40


def test_a_file_deleted_between_listing_and_reading_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The folder is listed, then a colleague's editor deletes a file, then it is read."""
    project = make_project(tmp_path, {"content/situations.yml": "situations: []\n"})
    shutil.copy(BASE, project / "content" / "method.yml")
    listed = loading.find

    def find_then_delete(*args: object) -> tuple[list[Path], list[Diagnostic]]:
        files, problems = listed(*args)  # type: ignore[arg-type]
        (project / "content" / "situations.yml").unlink()
        return files, problems

    monkeypatch.setattr(loading, "find", find_then_delete)
    with pytest.raises(ContentError) as caught:
        load([project / "content"], project)
    (problem,) = caught.value.diagnostics
    assert place(problem) == "content/situations.yml:1:1: error unreadable"
    assert "disappeared" in str(problem.message)


@pytest.mark.parametrize("case", [c for c in BUILT if c.without_libyaml],
                         ids=lambda case: case.name)
def test_without_libyaml_deep_nesting_is_refused_before_the_composer_recurses(
    tmp_path: Path, case: Case, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PyYAML built without libyaml (or with a libyaml older than its nesting limit) composes
    recursively with no limit; the flat pre-pass must refuse the file at its place first."""
    monkeypatch.setattr(source, "_Loader", source._PythonLoader)
    monkeypatch.setattr(source, "_LIMITS_NESTING", source.limits_nesting(source._PythonLoader))
    assert source._LIMITS_NESTING is False
    project = project_for(tmp_path, case)
    with pytest.raises(ContentError) as caught:
        load([project / "content"], project)
    assert {place(d) for d in caught.value.diagnostics} == case.without_libyaml
