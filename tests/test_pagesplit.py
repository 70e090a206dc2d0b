"""Two processes make the site one process makes (generator/pagesplit.py).

A big handbook's `phrasebook build` puts its pages through the theme in two processes. The
site must not show it: same files, same bytes; and a page that fails in the second process
fails the build as it would in one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from conftest import FIXED_DAY, ROOT
from service_phrasebook import pagesplit
from service_phrasebook.cli import main


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(monkeypatch: pytest.MonkeyPatch, out: Path, pages: int, *args: str,
          project: Path = ROOT, forks: list[int] | None = None) -> tuple[int, int]:
    """`phrasebook build` of `project` in this process, splitting from `pages` pages on:
    (exit code, processes forked)."""
    forks = [] if forks is None else forks
    fork: Callable[[], int] = os.fork

    def counted() -> int:
        forks.append(1)
        return fork()

    with monkeypatch.context() as patched:
        patched.setattr(pagesplit, "SPLIT_PAGES", pages)
        patched.setattr(os, "fork", counted)
        # The suite's own threads (its web servers) run here; a fork copies none, and the
        # build touches none, so they must not keep the split from being tried.
        patched.setattr(pagesplit.threading, "active_count", lambda: 1)
        patched.setenv("SOURCE_DATE_EPOCH", FIXED_DAY)
        patched.chdir(project)
        code = main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(out), *args])
    return code, len(forks)


def test_the_site_two_processes_make_is_the_site_one_makes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone, split = tmp_path / "alone", tmp_path / "split"
    assert build(monkeypatch, alone, 10**9, "--strict") == (0, 0)
    assert build(monkeypatch, split, 0, "--strict") == (0, 1)
    one, two = tree(alone), tree(split)
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert len(one) > 100 and "assets/phrasebook/phrases.json" in one


def test_a_page_that_fails_in_either_process_stops_the_build_and_keeps_the_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every worked example's page fails (the theme override calls what does not exist):
    some are the first process's pages, some the second's."""
    project = tmp_path / "project"
    for folder in ("content", "phrasebook", "site_overrides"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    out = tmp_path / "site"
    assert build(monkeypatch, out, 10**9, project=project) == (0, 0)
    before = tree(out)
    main_html = project / "site_overrides" / "main.html"
    main_html.write_text(main_html.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}{% if page.file.src_uri.startswith("
        "'examples/') %}{{ no_such_thing() }}{% endif %}"), encoding="utf-8")
    forks = []
    with pytest.raises(jinja2.UndefinedError, match="no_such_thing"):
        build(monkeypatch, out, 0, project=project, forks=forks)
    assert forks == [1]
    assert tree(out) == before
