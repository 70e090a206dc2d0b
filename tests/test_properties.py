"""Whatever the input, loading, checking and rendering end in a site's pages or in diagnostics
that point at a real place: never an uncaught exception.

"A real place" means: a file that exists, a line within it as an editor counts lines, and a
column within that line (one past its end for "the line ended here"). The inputs go from
noise to nearly right: random bytes; random text made of YAML's punctuation; random edits of a
correct file; random structures; and documents generated from the model itself, field by
field, with random values and now and then a wrong one. Example counts are modest, so the
suite stays fast; the Hypothesis database keeps any failure found for the next run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from service_phrasebook import check, render
from service_phrasebook import model as m
from service_phrasebook.diagnostic import ContentError, Diagnostic
from service_phrasebook.load import fields_of, load
from service_phrasebook.settings import Settings

SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TODAY = dt.date(2026, 11, 23)
METHOD = (b"method:\n  title: M\n  steps:\n    - {id: listen, title: L, goal: G.}\n"
          b"    - {id: fix, title: F, goal: G.}\n  rules:\n"
          b"    - {id: listen-first, title: Listen first, first: listen, then: fix}\n")


def editor_lines(data: bytes) -> list[bytes]:
    """The file's lines as an editor shows them (without a byte-order mark)."""
    data = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data.split(b"\n")


def assert_real_place(root: Path, d: Diagnostic) -> None:
    path = root / d.at.path
    assert path.is_file(), f"{d}: no such file"
    lines = editor_lines(path.read_bytes())
    assert 1 <= d.at.line <= len(lines), f"{d}: the file has {len(lines)} lines"
    try:
        width = len(lines[d.at.line - 1].decode("utf-8"))
    except UnicodeDecodeError:  # the encoding error itself: columns count good characters
        width = len(lines[d.at.line - 1])
    assert 1 <= d.at.column <= width + 1, f"{d}: the line has {width} characters"
    assert d.hint or d.severity == "warning", f"{d}: says how to fix it"


def outcome(files: dict[str, bytes]) -> None:
    """Load the files and, if that works, check and render them; only clean outcomes pass."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "content"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        try:
            handbook = load([folder], root)
        except ContentError as error:
            assert error.diagnostics
            for d in error.diagnostics:
                assert_real_place(root, d)
            return
        report = check.run(handbook, Settings(root=root, content=(folder,), today=TODAY))
        for d in report.diagnostics:
            assert_real_place(root, d)
        site = render.render(handbook, render.Options(today=TODAY), check.documentation())
        assert site.pages


# --- Noise -----------------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes(data: bytes) -> None:
    outcome({"method.yml": METHOD, "random.yml": data})


PUNCTUATION = list("ab: -[]{}\"'#&*!|>\n\r\t,?%@`~\\0123456789\ufeff\u2028\x85é")
yamlish = st.text(alphabet=st.sampled_from(PUNCTUATION), max_size=200)


@SETTINGS
@given(yamlish)
def test_any_yaml_looking_text(text: str) -> None:
    outcome({"method.yml": METHOD, "random.yml": text.encode()})


CORRECT = (
    "situations:\n"
    "  - id: shouting\n"
    "    title: Shouting\n"
    "    keywords: [loud, angry]\n"
    "phrases:\n"
    "  - id: go-on\n"
    "    step: listen\n"
    "    situations: [shouting]\n"
    "    say: \"Go on, {name}: I'm listening.\"\n"
    "    variables: {name: the customer's name}\n"
    "    avoid:\n"
    "      - text: calm down\n"
    "        why: It tells them *how* to feel.\n"
    "examples:\n"
    "  - id: refund\n"
    "    title: A refund\n"
    "    channel: phone\n"
    "    setting: A late parcel.\n"
    "    dialogue:\n"
    "      - customer: Where is it?\n"
    "      - rep: Go on.\n"
    "        step: listen\n"
    "      - rep: Fixed.\n"
    "        step: fix\n"
    "    takeaway: Listen first.\n"
)


@st.composite
def edited(draw: st.DrawFn) -> bytes:
    """A correct file after a few slips of the keyboard: a character typed, one deleted, a
    line repeated or dropped, CR LF line ends."""
    text = CORRECT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "repeat", "drop", "crlf"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from([*PUNCTUATION, " ", "  "])) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + 1:]
        else:
            lines = text.split("\n")
            n = draw(st.integers(0, len(lines) - 1))
            if action == "repeat":
                lines.insert(n, lines[n])
            elif action == "drop":
                del lines[n]
            else:
                lines[n] += "\r"
            text = "\n".join(lines)
    return text.encode()


@SETTINGS
@given(edited())
def test_a_correct_file_after_random_slips(data: bytes) -> None:
    outcome({"method.yml": METHOD, "random.yml": data})


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["listen", "fix", "s", "p", "no"]))
structures = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.dictionaries(st.text(max_size=10), children, max_size=4)), max_leaves=20)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["situations", "phrases", "examples", "lessons",
                                        "sources", "statistics", "decisions", "frameworks",
                                        "nonsense"]), structures, max_size=4))
def test_any_structure(document: dict[str, Any]) -> None:
    outcome({"method.yml": METHOD,
             "random.yml": yaml.safe_dump(document, allow_unicode=True).encode()})


# --- Documents generated from the model ------------------------------------------------------

IDS = ["listen", "fix", "listen-first", "shouting", "go-on", "refund", "a", "b-2", "Bad Id",
       "../up"]
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
    st.sampled_from(["I'm sorry", "I apologize", "calm down", "[x](step:listen)",
                     "[x](phrase:missing)", "<script>alert(1)</script>", "{name}", "{{ x }}",
                     "86 %", "no", "", "  ", "**I'm** sorry", "x" * 300]),
)


def value_for(hint: Any) -> st.SearchStrategy[Any]:
    """Values an author could write for a field of this type: mostly right, sometimes not."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is typing.Annotated:
        kind = args[1]
        if isinstance(kind, m.Ref) or kind is m.SLUG:
            return st.sampled_from(IDS)
        if kind is m.VARIABLE:
            return st.sampled_from(["name", "order_number", "Bad-Name"])
        if kind is m.URL:
            return st.sampled_from(["https://example.org/a?b=1", "javascript:alert(1)", "x"])
        if kind is m.FINGERPRINT:
            return st.sampled_from(["en@3f9a2c1e", "3f9a2c1e", "en@3F9A", "12345678"])
        return TEXT
    if origin in (types.UnionType, typing.Union):
        return st.one_of(*(value_for(a) for a in args if a is not type(None)), st.none())
    if origin is tuple:
        return st.lists(value_for(args[0]), max_size=3)
    if origin in (typing.Mapping, dict) or str(origin).endswith("Mapping'>"):
        return st.dictionaries(value_for(args[0]), value_for(args[1]), max_size=2)
    if origin is Literal:
        return st.sampled_from([*args, "fax"])
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.one_of(st.integers(min_value=-5, max_value=600), st.just("ten"))
    if hint is dt.date:
        return st.one_of(st.dates().map(str), st.just("last week"))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return record(hint)
    raise AssertionError(f"no strategy for {hint!r}")


def record(cls: type) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping of the record's fields: the required ones nearly always, others at times,
    and now and then a misspelt field or a value of the wrong shape."""
    fields = fields_of(cls)
    required = {f.name: st.one_of(value_for(f.hint), value_for(f.hint), value_for(f.hint),
                                  structures)
                for f in fields if f.required}
    optional = {f.name: value_for(f.hint) for f in fields if not f.required}
    typo = st.dictionaries(st.sampled_from(["aviod", "titel", "txt"]), scalars, max_size=1)
    return st.builds(lambda a, b, c: {**a, **b, **c}, st.fixed_dictionaries(required),
                     st.fixed_dictionaries({}, optional=optional), typo)


documents = st.fixed_dictionaries({}, optional={
    f.name: value_for(f.hint) for f in fields_of(m.Document) if f.name != "method"})


@SETTINGS
@given(documents)
def test_any_document_in_the_content_format(document: dict[str, Any]) -> None:
    outcome({"method.yml": METHOD,
             "random.yml": yaml.safe_dump(document, allow_unicode=True).encode()})


@SETTINGS
@given(st.lists(documents, min_size=2, max_size=3))
def test_documents_spread_over_several_files(parts: list[dict[str, Any]]) -> None:
    files = {f"part-{n}.yml": yaml.safe_dump(part, allow_unicode=True).encode()
             for n, part in enumerate(parts)}
    outcome({"method.yml": METHOD, **files})
