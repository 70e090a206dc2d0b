"""Content files as YAML node trees, or the reason a file cannot be one, at its place.

A handbook is written by people who are not programmers, several at once, and published to
everyone, so whatever lies in a content folder, reading it must end (no hang, no crash, no
exhausted memory) in a node tree or in a diagnostic that names a place the author can find in
their editor. The guards, in the order a file meets them:

- where: folders are walked without following links; a file or folder that links out of the
  content folders is refused, so a build never publishes a file from elsewhere on the disk;
- what: only regular files are read (a named pipe would block the build forever), and at most
  MAX_BYTES of them: the composer keeps some 300 bytes per node, so the limit bounds memory;
- bytes: UTF-8 only; a byte-order mark is dropped and Windows (CR LF) and old Mac (CR) line
  ends become LF, so lines and columns are the ones an editor shows;
- characters: control characters, and the three that YAML 1.1 reads as line breaks but editors
  do not (NEL, U+2028, U+2029), are refused at their place before YAML sees them: after one of
  those, every line number libyaml reports would be off;
- nesting: the composer recurses once per level. libyaml refuses more than 1000 levels itself
  (since its 2024 "limit depth of nesting"); with an older libyaml, or PyYAML's pure-Python
  parser, a flat pass over the parse events refuses more than MAX_NESTING levels first;
- aliases: composing shares an aliased node, it does not copy it, so a "billion laughs" file
  composes in the memory of its text; the decoder (load.py) bounds the expansion;
- the specification: libyaml accepts a few things YAML forbids (a comment glued to a value, a
  flow list or a quoted text continued less indented than its key, a lone `-` in a flow
  list); another YAML tool would refuse or misread them, so they are refused at their place.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from .diagnostic import Diagnostic
from .messages import Message, say
from .model import Span
from .yaml_words import spoken

SUFFIXES = (".yml", ".yaml")
MAX_BYTES = 2_000_000  # a hand-written file is some 20 KB; 2 MB of dense YAML composes to ~300 MB
MAX_NESTING = 200  # where the parser has no limit of its own; content nests a dozen levels

BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
MERGE = "tag:yaml.org,2002:merge"

_BOOLS = frozenset(
    word for base in ("yes", "no", "true", "false", "on", "off")
    for word in (base, base.capitalize(), base.upper())
)
_NULLS = frozenset(["", "~", "null", "Null", "NULL"])


class _Resolver(yaml.resolver.BaseResolver):
    """Tags only what the decoder asks about: booleans and nulls, to catch YAML 1.1's
    surprises, and merge keys, to refuse them. Every other plain scalar stays text, read as
    written; the decoder turns dates and numbers into values where the model wants them.
    PyYAML's full resolver runs a dozen regular expressions on every scalar; this one was a
    third of the loading time on a large handbook."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _BOOLS:
                    return BOOL
                if value in _NULLS:
                    return NULL
                if value == "<<":
                    return MERGE
            return STR
        if kind is yaml.SequenceNode:
            return SEQ
        return MAP


class _PythonLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                    yaml.composer.Composer, yaml.constructor.SafeConstructor, _Resolver):
    """PyYAML's pure-Python parser and composer with our resolver, where libyaml is absent."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)


try:
    from yaml._yaml import CParser

    class _CLoader(CParser, yaml.constructor.SafeConstructor, _Resolver):
        """libyaml's parser and composer, in C, with our resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _Resolver.__init__(self)

    _Loader: Any = _CLoader
except ImportError:  # PyYAML built without libyaml
    _Loader = _PythonLoader


def limits_nesting(loader: Any) -> bool:
    """Whether `loader`'s parser refuses deep nesting by itself, tried on 1001 levels (safe
    to compose either way: the stack holds far more)."""
    levels = 1001
    try:
        yaml.compose("[" * levels + "]" * levels, Loader=loader)
    except yaml.YAMLError as error:
        return "nesting depth" in str(error)
    except RecursionError:
        return False
    return False


_LIMITS_NESTING = limits_nesting(_Loader)


# --- Finding files ---------------------------------------------------------------------------


def display(path: Path, root: Path) -> str:
    """The path as the author knows it: relative to the site, links not followed."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path.as_posix()


def _inside(path: Path, allowed: Sequence[Path]) -> bool:
    real = path.resolve()
    return any(real == a or a in real.parents for a in allowed)


def find(folders: Sequence[Path], root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every YAML file under the folders in a stable order, and the links and folders that
    cannot be read. Hidden files and folders are skipped; folder links are not followed (a
    link to a folder inside the content finds its files at their real place)."""
    allowed = [f.resolve() for f in folders]
    found: list[Path] = []
    problems: list[Diagnostic] = []

    def unreadable(error: OSError) -> None:
        if not isinstance(error, FileNotFoundError):  # gone meanwhile: nothing left to read
            where = Path(error.filename or ".")
            problems.append(Diagnostic(
                Span(display(where, root), 1, 1), "error", "unreadable",
                say("unreadable_folder", error=error.strerror or str(error)),
                say("unreadable_folder_hint")))

    for folder in folders:
        if _linked_out(folder, root):  # a committed `handbook -> /elsewhere`
            problems.append(_outside(display(folder, root), folder=True))
            continue
        if folder.is_file():
            found.append(folder)
            continue
        for here, folder_names, file_names in os.walk(folder, onerror=unreadable):
            base = Path(here)
            for name in list(folder_names):
                if name.startswith("."):
                    folder_names.remove(name)
                elif (base / name).is_symlink() and not _inside(base / name, allowed):
                    problems.append(_outside(display(base / name, root), folder=True))
            found += (base / n for n in file_names
                      if not n.startswith(".") and n.endswith(SUFFIXES))
    found.sort(key=lambda p: p.parts)
    return found, problems


def links(docs_dir: Path, root: Path, content: Sequence[Path]) -> list[Diagnostic]:
    """Every symbolic link in `docs_dir`, file or folder, at its place: MkDocs follows links
    when it collects the pages and files to publish (so does any copy), and a committed
    `env.txt -> /proc/self/environ` would publish the environment of the machine that builds
    the site. The one link allowed is a content file linked to another place inside the
    content folders, which the loader reads at its real place and nothing publishes.
    `docs_dir` itself may be a link only to a folder inside the project."""
    allowed = [f.resolve() for f in content]
    problems: list[Diagnostic] = []
    if docs_dir.is_symlink() and not _inside(docs_dir, [root.resolve()]):
        problems.append(_link(display(docs_dir, root), docs_dir, "folder"))
    for here, folder_names, file_names in os.walk(docs_dir):  # links are not followed
        base = Path(here)
        for name in sorted(folder_names + file_names):
            path = base / name
            if not path.is_symlink():
                continue
            kept = (name.endswith(SUFFIXES) and _inside(path, allowed)
                    and _inside(path.parent, allowed))
            if not kept:
                problems.append(_link(display(path, root), path,
                                      "folder" if name in folder_names else "file"))
    return problems


def _link(shown: str, path: Path, what: str) -> Diagnostic:
    return Diagnostic(Span(shown, 1, 1), "error", "symlink",
                      say(f"symlink_{what}", target=os.readlink(path)),
                      say(f"symlink_{what}_hint"))


def _linked_out(folder: Path, root: Path) -> bool:
    """Whether a content folder is reached through a link that leads out of the project
    (the folder of mkdocs.yml): the folder itself or one of its parents below the project."""
    top = Path(os.path.abspath(root))
    path = Path(os.path.abspath(folder))
    while path != top and top in path.parents:
        if path.is_symlink() and not _inside(path, [top.resolve()]):
            return True
        path = path.parent
    return False


def content_files(folders: Sequence[Path]) -> list[Path]:
    """Every YAML file under the folders, in a stable order; hidden files are skipped."""
    return find(folders, Path.cwd())[0]


def _outside(shown: str, folder: bool) -> Diagnostic:
    what = "folder" if folder else "file"
    return Diagnostic(Span(shown, 1, 1), "error", "outside-content",
                      say(f"outside_content_{what}"), say(f"outside_content_{what}_hint"))


# --- Reading text ----------------------------------------------------------------------------


def position(text: str, index: int) -> tuple[int, int]:
    """Line and column (from 1) of a character of normalised text."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def normalised(text: str) -> str:
    """Without a byte-order mark, with every line ending a single LF, as editors count."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# C0 and C1 controls except tab and line feed, DEL, lone surrogates and the non-characters
# U+FFFE and U+FFFF (YAML refuses them all); then NEL, LINE and PARAGRAPH SEPARATOR.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
                        "\x85\u2028\u2029]")
_BREAKS = "\x85\u2028\u2029"


def _character_problem(text: str, shown: str) -> Diagnostic | None:
    """The first character YAML refuses or would miscount lines by, at its place."""
    first = _FORBIDDEN.search(text)
    if first is None:
        return None
    char = first.group()
    more = len(_FORBIDDEN.findall(text)) - 1
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    if char in _BREAKS:
        message = say("invisible_break", code=code, name=name)
        hint = say("invisible_break_hint")
    elif char == "\x00":
        message = say("nul_character")
        hint = say("nul_character_hint")
    else:
        message = say("invisible_character", code=code, name=name or say("control_character"))
        hint = say("invisible_character_hint")
    if more:
        message = say("more_in_this_file", count=more, message=message)
    line, col = position(text, first.start())
    return Diagnostic(Span(shown, line, col), "error", "character", message, hint)


def read(path: Path, shown: str, allowed: Sequence[Path]
         ) -> tuple[str | None, list[Diagnostic]]:
    """The file as normalised text, or why it cannot be read: outside the content, gone, not
    a regular file, too large, not UTF-8, or holding characters YAML refuses."""
    def fail(rule: str, message: Message, hint: Message, line: int = 1, col: int = 1
             ) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(Span(shown, line, col), "error", rule, message, hint)]

    if not _inside(path, allowed):
        return None, [_outside(shown, folder=False)]
    try:
        # Without blocking: opening a named pipe to read would wait for a writer forever.
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return fail("unreadable", say("not_regular_file"), say("not_regular_file_hint"))
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return fail("unreadable", say("file_disappeared"), say("file_disappeared_hint"))
    except OSError as error:
        return fail("unreadable", say("unreadable_file", error=error.strerror or str(error)),
                    say("unreadable_file_hint"))
    if len(data) > MAX_BYTES:
        return fail("too-large", say("file_too_large", megabytes=MAX_BYTES // 1_000_000),
                    say("file_too_large_hint"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = normalised(data[: error.start].decode("utf-8"))
        line, col = position(good, len(good))
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        byte = f"0x{data[error.start]:02x}"
        return fail("encoding", say("not_utf8_utf16" if utf16 else "not_utf8", byte=byte),
                    say("not_utf8_hint"), line, col)
    text = normalised(text)
    problem = _character_problem(text, shown)
    return (None, [problem]) if problem else (text, [])


# --- Composing YAML --------------------------------------------------------------------------


def _too_deep(text: str) -> tuple[int, int] | None:
    """The line and column where the text first nests deeper than MAX_NESTING, found by a
    flat loop over the parser's events: the parser keeps its own stack, so this never
    recurses."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                mark = event.start_mark
                if depth > MAX_NESTING and mark is not None:
                    return mark.line + 1, mark.column + 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports it, with its place
    return None


def _depth_problem(shown: str, line: int, col: int, levels: int) -> Diagnostic:
    return Diagnostic(Span(shown, line, col), "error", "yaml-depth",
                      say("nest_too_deep", count=levels), say("nest_too_deep_hint"))


def mark_place(mark: Any, text: str) -> tuple[int, int]:
    """A mark's line and column. At the end of a file, libyaml puts the mark on a line after
    the last (after its final line break, or past its last character), which no editor
    shows: the end of the last line is where the author has to look."""
    if mark.index >= len(text):
        return position(text, len(text) - 1 if text.endswith("\n") else len(text))
    return mark.line + 1, mark.column + 1


def _yaml_problem(error: yaml.YAMLError, shown: str, text: str) -> Diagnostic:
    if isinstance(error, yaml.reader.ReaderError):  # a character the guard above let by
        line, col = position(text, error.position)
        return Diagnostic(Span(shown, line, col), "error", "character",
                          say("yaml_refuses_character", code=f"U+{error.character:04X}",
                              reason=spoken(str(error.reason))),
                          say("delete_it"))
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    mark = problem_mark or context_mark
    problem = getattr(error, "problem", None) or str(error)
    if "maximum nesting depth" in problem and mark is not None:
        return _depth_problem(shown, *mark_place(mark, text), 1000)
    context = getattr(error, "context", None) or ""
    if "duplicate anchor" in context and problem_mark is not None and context_mark is not None:
        name = re.match(r"&([^\s,\[\]{}]*)", text[problem_mark.index:])
        return Diagnostic(
            Span(shown, *mark_place(problem_mark, text)), "error", "yaml-syntax",
            say("anchor_twice", anchor=f"&{name.group(1) if name else ''}"),
            say("anchor_twice_hint"),
            (Span(shown, *mark_place(context_mark, text)),))
    if "simple key" in context and context_mark is not None:
        line, col = mark_place(context_mark, text)
        written = text.split("\n")[line - 1][col - 1:].strip()
        return Diagnostic(
            Span(shown, line, col), "error", "yaml-syntax",
            say("neither_key_nor_value", written=written[:40]), say("neither_key_nor_value_hint"))
    if problem_mark is not None and not isinstance(error, yaml.scanner.ScannerError):
        quoted = _quote_problem(text, shown, problem_mark.index)
        if quoted is not None:
            return quoted
    related: tuple[Span, ...] = ()
    if context_mark is not None and problem_mark is not None and (
        problem_mark.index >= len(text.rstrip()) or "expected ',' or" in str(error)
    ):
        # The file ended, or a list never closed: the place to fix is where it opened.
        mark = context_mark
        if mark_place(problem_mark, text) != mark_place(context_mark, text):
            related = (Span(shown, *mark_place(problem_mark, text)),)
    line, col = mark_place(mark, text) if mark is not None else (1, 1)
    # libyaml's own words name the problem, in the reader's language where the catalog has
    # them (yaml_words.py), else as libyaml says them; the hint says what to do.
    message = (say("yaml_syntax_context", problem=spoken(problem), context=spoken(context))
               if context else say("yaml_syntax", problem=spoken(problem)))
    hint = say("yaml_syntax_hint")
    lines = text.split("\n")
    source_line = lines[line - 1] if line <= len(lines) else ""
    if "\t" in source_line[:col] or re.search(r"\btabs?\b", problem):
        hint = say("yaml_tabs_hint")
    elif "mapping values are not allowed" in problem:
        hint = say("yaml_colon_hint")
    elif "found character '@'" in problem or "found character '`'" in problem:
        hint = say("yaml_at_hint")
    elif "expected a single document" in problem or "but found another document" in problem:
        hint = say("yaml_document_hint")
    elif "quoted scalar" in f"{problem} {context}" and mark is context_mark:
        hint = say("yaml_quote_hint")
    elif "flow" in context and mark is context_mark:
        hint = say("yaml_bracket_hint")
    return Diagnostic(Span(shown, line, col), "error", "yaml-syntax", message, hint, related)


# A line that YAML would read as structure: a key and its colon, or an item of a list.
_STRUCTURE = re.compile(r"\n[ \t]*(?:- |[\w-]+:(?: |$))", re.M)
_QUOTES_INSIDE = {"'": "quote_inside_single_hint", '"': "quote_inside_double_hint"}


def _quote_problem(text: str, shown: str, at: int) -> Diagnostic | None:
    """The quoted text a parser error at `at` really comes from, or None: a quote never
    closed on its line, which YAML reads on through the lines below it until some later
    quote closes it (the error then comes many lines too late); or a quote inside the same
    quotes, which ends the text early (`'Don't'`)."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= at:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.style not in _QUOTES_INSIDE:
        return None
    start, end = last.start_mark.index, last.end_mark.index
    if text.count("\n", end, at) > 1:
        return None  # the error is further on: not this text's doing
    quote = text[start]
    opened = Span(shown, *position(text, start))
    body = text[start:end]
    runaway = _STRUCTURE.search(body)
    if runaway is not None:
        closed = Span(shown, *position(text, end - 1))
        return Diagnostic(
            opened, "error", "yaml-syntax",
            say("quote_runs_on", line=str(closed.line)),
            say("quote_runs_on_hint", quote=quote, line=str(opened.line)), (closed,))
    if end < len(text) and (text[end].isalnum() or text[end] in "'\"") and \
            "\n" not in text[end - 1:at]:
        return Diagnostic(Span(shown, *position(text, end - 1)), "error", "yaml-syntax",
                          say("quote_inside", quote=quote), say(_QUOTES_INSIDE[quote]),
                          (opened,))
    return None


def compose(text: str, shown: str) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """The file's node tree, every node with its place; or the one syntax problem that stops
    YAML, or "empty"."""
    if not _LIMITS_NESTING:
        deep = _too_deep(text)
        if deep is not None:
            return None, [_depth_problem(shown, *deep, MAX_NESTING)]
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(error, shown, text)]
    except RecursionError:  # unreachable behind the guards above; kept as the last resort
        return None, [_depth_problem(shown, 1, 1, MAX_NESTING)]
    if node is None:
        return None, [Diagnostic(Span(shown, 1, 1), "error", "empty-file", say("empty_file"),
                                 say("empty_file_hint"))]
    if isinstance(node, yaml.ScalarNode) and not node.style and node.tag == NULL:
        # `---` and nothing after it, or `~`: the place is the last line, where content would go.
        return None, [Diagnostic(Span(shown, *mark_place(node.start_mark, text)), "error",
                                 "empty-file", say("empty_entries"), say("empty_file_hint"))]
    problem = _glued_comment(text, shown) or _flow_problem(node, text, shown)
    if problem is not None:
        return None, [problem]
    return node, []


# --- What the specification forbids and libyaml lets by --------------------------------------
#
# Both checks run on every file, so both first rule a file out at C speed: most files have no
# `#` right after a quote, bracket, comma or block scalar header, and the node walk looks
# into no scalar that is written on one line.

_GLUED_AFTER = frozenset("\"']},")
_HEADER = re.compile(r"[|>][0-9+-]{0,2}\Z")
_LONE_DASH = re.compile(r"-[ \t]*[\]},]")
_CLOSERS = (yaml.FlowEntryToken, yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
_QUOTES = ('"', "'")


def _syntax(shown: str, text: str, index: int, message: Message, hint: Message
            ) -> Diagnostic:
    return Diagnostic(Span(shown, *position(text, index)), "error", "yaml-syntax", message,
                      hint)


def _may_glue(text: str) -> bool:
    """Whether some `#` follows a quote, a closing bracket, a comma or a block scalar's
    header with no space between: only then is the file scanned for glued comments."""
    at = text.find("#")
    while at > 0:
        if text[at - 1] in _GLUED_AFTER or _HEADER.search(text, max(0, at - 3), at):
            return True
        at = text.find("#", at + 1)
    return False


def _glued_comment(text: str, shown: str) -> Diagnostic | None:
    """A `#` right after a quoted text, a flow indicator or a block scalar's header: YAML
    needs a space before a comment, and libyaml reads it as one anyway."""
    if not _may_glue(text):
        return None
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            header = re.match(r"[|>][0-9+-]{0,2}", text[token.start_mark.index:])
            end = token.start_mark.index + (header.end() if header else 1)
        elif isinstance(token, _CLOSERS) or (isinstance(token, yaml.ScalarToken)
                                             and token.style in _QUOTES):
            end = token.end_mark.index
        else:
            continue
        if text.startswith("#", end):
            return _syntax(shown, text, end, say("glued_comment"), say("glued_comment_hint"))
    return None


def _lone_dash(node: yaml.Node, text: str, shown: str) -> Diagnostic | None:
    """A plain `-` alone inside a flow collection (`[-]`): YAML forbids it, libyaml reads
    the text "-"."""
    if not _LONE_DASH.search(text, node.start_mark.index, node.end_mark.index):
        return None
    todo = [node]
    while todo:
        inner = todo.pop()
        if isinstance(inner, yaml.ScalarNode):
            if inner.value == "-" and not inner.style:
                return _syntax(shown, text, inner.start_mark.index,
                               say("lone_dash"), say("lone_dash_hint"))
        elif isinstance(inner, yaml.SequenceNode):
            todo += reversed(inner.value)  # the first in the file is found first
        elif isinstance(inner, yaml.MappingNode):
            todo += reversed([part for pair in inner.value for part in pair])
    return None


def _continued(node: yaml.Node, owner: yaml.Node, lines: list[str], shown: str
               ) -> Diagnostic | None:
    """A quoted text or a flow collection that goes on over several lines must indent every
    line after its first further than the key (or the `-`) it belongs to; libyaml reads any
    indentation, even none or a tab, and another tool would not."""
    least = owner.start_mark.column + 1
    flow = isinstance(node, yaml.CollectionNode)
    for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
        line = lines[number]
        content = line.lstrip(" ")
        spaces = len(line) - len(content)
        if spaces >= least or not content.strip() or (flow and content.startswith("#")):
            continue
        what = say("continued_list" if isinstance(node, yaml.SequenceNode) else
                   "continued_mapping" if flow else "continued_text")
        key = "continued_under_key" if isinstance(owner, yaml.ScalarNode) \
            else "continued_under_dash"
        tab = content.startswith("\t")
        return Diagnostic(
            Span(shown, number + 1, spaces + 1), "error", "yaml-syntax",
            say(f"{key}_tab" if tab else key, what=what, line=str(node.start_mark.line + 1)),
            say("continued_hint_tab" if tab else "continued_hint", count=least, what=what))
    return None


def _flow_problem(root: yaml.Node, text: str, shown: str) -> Diagnostic | None:
    """The first flow collection or quoted text, under a block collection, that YAML
    forbids: continued too little indented, or holding a lone `-`. One flat loop over the
    block collections; a one-line plain scalar, nearly every value, costs one comparison."""
    if isinstance(root, yaml.CollectionNode) and root.flow_style:
        return _lone_dash(root, text, shown)
    lines: list[str] = []
    seen: set[int] = set()
    todo = [root]
    while todo:
        block = todo.pop()
        if id(block) in seen:
            continue  # an alias: its node was looked at once
        seen.add(id(block))
        if isinstance(block, yaml.MappingNode):
            pairs: Iterable[tuple[yaml.Node, yaml.Node]] = block.value
        elif isinstance(block, yaml.SequenceNode):
            pairs = ((block, item) for item in block.value)
        else:
            continue
        for owner, node in pairs:
            if type(node) is yaml.ScalarNode:
                if not node.style or node.style not in _QUOTES:
                    continue
            elif not node.flow_style:  # type: ignore[attr-defined]
                todo.append(node)
                continue
            else:
                problem = _lone_dash(node, text, shown)
                if problem is not None:
                    return problem
            if node.end_mark.line > node.start_mark.line:
                lines = lines or text.split("\n")
                problem = _continued(node, owner, lines, shown)
                if problem is not None:
                    return problem
    return None


def markdown_pages(docs_dir: Path) -> dict[str, str]:
    """The text of each Markdown page the team wrote in docs_dir, for the finder to search.
    Read with the content's own guards (a link out of the folder, a pipe, a huge file is
    skipped, not followed); a page that cannot be read is MkDocs' to report, not ours."""
    if not docs_dir.is_dir():
        return {}
    folder = docs_dir.resolve()
    texts = {}
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        if src.startswith(".") or "/." in src:
            continue
        text, _ = read(path, src, [folder])
        if text is not None:
            texts[src] = text
    return texts
