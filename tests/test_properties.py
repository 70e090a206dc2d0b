"""Whatever the input, loading and checking end in a handbook or in diagnostics that point
at a real place: never an uncaught exception."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import check, render
from generator.diagnostic import ContentError
from generator.load import load
from generator.settings import Settings

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
METHOD = (b"method:\n  title: M\n  steps:\n    - {id: listen, title: L, goal: G.}\n"
          b"    - {id: fix, title: F, goal: G.}\n")


def outcome(files: dict[str, bytes]) -> None:
    """Load (and, if that works, check and render) the files; assert only clean outcomes."""
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
                path = root / d.at.path
                assert path.is_file(), d
                lines = path.read_bytes().count(b"\n") + 1
                assert 1 <= d.at.line <= lines + 1, d
                assert d.at.column >= 1 and d.hint, d
            return
        report = check.run(handbook, Settings(root=root, content=(folder,),
                                              today=dt.date(2026, 11, 23)))
        for d in report.diagnostics:
            assert (root / d.at.path).is_file(), d
        render.render(handbook, render.Options(today=dt.date(2026, 11, 23)))


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes(data: bytes) -> None:
    outcome({"method.yml": METHOD, "random.yml": data})


yamlish = st.text(alphabet=st.sampled_from(list("ab: -[]{}\"'#&*!|>\n\t,?%@`~0123456789")),
                  max_size=200)


@SETTINGS
@given(yamlish)
def test_any_yaml_looking_text(text: str) -> None:
    outcome({"method.yml": METHOD, "random.yml": text.encode()})


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["listen", "fix", "s", "p", "x"]))
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


words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8})?", fullmatch=True)


@st.composite
def handbooks(draw: st.DrawFn) -> dict[str, Any]:
    """Content in the real format, with random text and ids, mostly valid."""
    situation_ids = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    phrases = []
    for _ in range(draw(st.integers(0, 5))):
        phrases.append({
            "id": draw(slugs),
            "step": draw(st.sampled_from(["listen", "fix"])),
            "situations": draw(st.lists(st.sampled_from(situation_ids), min_size=1,
                                        max_size=2)),
            "say": draw(words),
            "avoid": draw(st.lists(words, max_size=2)),
            "channels": draw(st.lists(st.sampled_from(["phone", "chat", "email"]),
                                      min_size=1, max_size=3, unique=True)),
        })
    examples = [{
        "id": draw(slugs), "title": draw(words), "channel": "phone", "setting": draw(words),
        "takeaway": draw(words),
        "dialogue": [draw(st.sampled_from([{"customer": "Hi"}, {"rep": "Yes", "step": "fix"},
                                           {"rep": "Go on", "step": "listen"}]))
                     for _ in range(draw(st.integers(1, 4)))],
    } for _ in range(draw(st.integers(0, 2)))]
    return {"situations": [{"id": s, "title": draw(words)} for s in situation_ids],
            "phrases": phrases, "examples": examples}


@SETTINGS
@given(handbooks())
def test_any_handbook_in_the_format(document: dict[str, Any]) -> None:
    outcome({"method.yml": METHOD,
             "random.yml": yaml.safe_dump(document, allow_unicode=True).encode()})
