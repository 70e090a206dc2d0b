"""Bad input gets a clear error at its file, line and column, never a traceback.

Each case in tests/bad_inputs/ is a content file beside a `.expected` file listing the
diagnostics it must give (`severity rule line:col`, for that file), loaded next to a valid
method. Cases too large or too strange to keep as files are made by the tests below.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, make_project, phrasebook

from generator.diagnostic import ContentError
from generator.load import load

CASES = Path(__file__).parent / "bad_inputs"
NAMES = sorted(p.stem for p in CASES.glob("*.yml"))


def content_with(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(CASES / "_base" / "method.yml", folder / "method.yml")
    (folder / name).write_bytes(data)
    return folder


def diagnostics(tmp_path: Path, name: str, data: bytes) -> set[str]:
    folder = content_with(tmp_path, name, data)
    with pytest.raises(ContentError) as caught:
        load([folder], tmp_path)
    return {f"{d.severity} {d.rule} {d.at.line}:{d.at.column}"
            for d in caught.value.diagnostics if d.at.path == f"content/{name}"}


def expected(name: str) -> set[str]:
    return set((CASES / f"{name}.expected").read_text().split("\n")) - {""}


@pytest.mark.parametrize("name", NAMES)
def test_each_bad_file_gives_exactly_its_diagnostics(tmp_path: Path, name: str) -> None:
    data = (CASES / f"{name}.yml").read_bytes()
    assert diagnostics(tmp_path, f"{name}.yml", data) == expected(name)


@pytest.mark.parametrize("name", NAMES)
def test_the_command_line_prints_them_and_exits_1(tmp_path: Path, name: str) -> None:
    project = make_project(tmp_path, {})
    shutil.copy(CASES / "_base" / "method.yml", project / "content" / "method.yml")
    shutil.copy(CASES / f"{name}.yml", project / "content" / f"{name}.yml")
    result = phrasebook("check", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for line in expected(name):
        severity, rule, place = line.split()
        assert f"content/{name}.yml:{place}: {severity} {rule} " in result.stdout
    assert "hint: " in result.stdout


def test_every_diagnostic_says_how_to_fix_it(tmp_path: Path) -> None:
    for name in NAMES:
        (tmp_path / name).mkdir()
        folder = content_with(tmp_path / name, f"{name}.yml",
                              (CASES / f"{name}.yml").read_bytes())
        with pytest.raises(ContentError) as caught:
            load([folder], tmp_path / name)
        assert all(d.hint for d in caught.value.diagnostics), name


def test_a_ten_megabyte_string_is_refused_with_its_place(tmp_path: Path) -> None:
    data = b"situations:\n  - id: x\n    title: " + b"a" * 10_000_000 + b"\n"
    assert diagnostics(tmp_path, "huge.yml", data) == {"error too-long 3:12"}


@pytest.mark.parametrize("style", ["flow", "block"])
def test_nesting_ten_thousand_deep_is_refused_without_crashing(tmp_path: Path,
                                                              style: str) -> None:
    if style == "flow":
        data = b"situations: " + b"[" * 10_000 + b"]" * 10_000 + b"\n"
    else:
        data = b"situations:\n" + b"- " * 10_000 + b"x\n"
    found = diagnostics(tmp_path, "deep.yml", data)
    assert len(found) == 1 and {f.split()[1] for f in found} <= {"yaml-depth", "yaml-syntax"}


def alias_bomb() -> bytes:
    """A thousand phrases, each with a thousand avoided phrases, each with a thousand lines:
    a billion values from a file of a few kilobytes, if aliases were expanded blindly."""
    fires = ", ".join(["*f"] * 1000)
    avoids = ", ".join(["*a"] * 1000)
    return textwrap.dedent(f"""\
        phrases:
          - &x
            id: p
            step: listen
            situations: [s]
            say: x
            avoid: [&a {{text: t, fires: [&f x, {fires}]}}, {avoids}]
        """).encode() + b"".join(b"  - *x\n" for _ in range(1000))


def test_an_alias_bomb_ends_quickly_in_bounded_memory_with_a_clear_error(tmp_path: Path) -> None:
    folder = content_with(tmp_path, "bomb.yml", alias_bomb())
    limit = 1_000_000_000  # bytes of address space: a blind expansion would need far more

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from generator.cli import main; sys.exit(main(['check', '-f', sys.argv[1]]))",
         str(tmp_path / "mkdocs.yml")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, preexec_fn=bounded,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) if _write_config(tmp_path, folder) else None
    assert result is not None
    assert result.returncode == 1, result.stderr
    assert "content/bomb.yml:" in result.stdout and "yaml-aliases" in result.stdout


def _write_config(tmp_path: Path, folder: Path) -> bool:
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: x\nplugins:\n  - phrasebook:\n      content: [{folder.name}]\n")
    return True


def test_a_symlink_out_of_the_content_folders_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.yml"
    secret.parent.mkdir()
    secret.write_text("situations: []\n")
    folder = content_with(tmp_path, "ok.yml", b"situations: []\n")
    (folder / "link.yml").symlink_to(secret)
    with pytest.raises(ContentError) as caught:
        load([folder], tmp_path)
    (problem,) = caught.value.diagnostics
    assert (str(problem.at), problem.rule) == ("content/link.yml:1:1", "outside-content")


def test_a_file_that_vanishes_mid_build_is_reported_not_raised(tmp_path: Path) -> None:
    folder = content_with(tmp_path, "gone.yml", b"situations: []\n")
    (folder / "dangling.yml").symlink_to(folder / "deleted-meanwhile.yml")
    with pytest.raises(ContentError) as caught:
        load([folder], tmp_path)
    rules = {(str(d.at), d.rule) for d in caught.value.diagnostics}
    assert rules == {("content/dangling.yml:1:1", "unreadable")}
